/**
 * Answers that do not come from JSMS, or not as JSMS sends them, over real HTTP on 127.0.0.1: a proxy or captive
 * portal answering a DELETE with 200 and a page, and a body far larger than any JSMS answer.
 */
import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { createRuntime } from "../../provider/runtime";
import { MAX_RESPONSE_BYTES } from "../../provider/client/transport";
import { APP_KEY, MASTER_SECRET, expectJsmsError, fastClient, useFaultServers } from "./clientFixtures";

/** A body larger than JSMS ever sends: what a misrouted endpoint (a file server, a debug dump) may answer. */
const HUGE_BYTES = 96 * 1024 * 1024;

/** A server that streams `HUGE_BYTES` of JSON-looking bytes to every request, counting what the socket accepted. */
async function startHugeServer(
    declareLength: boolean,
): Promise<{ url: string; written: () => number; close(): Promise<void> }> {
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const server = http.createServer((_req, res) => {
        res.writeHead(200, {
            "content-type": "application/json",
            ...(declareLength ? { "content-length": String(HUGE_BYTES + 2) } : {}),
        });
        res.write("{");
        written += 1;
        const pump = () => {
            // Honour backpressure: only what the client reads (plus socket buffers) is ever written.
            while (!res.destroyed && written < HUGE_BYTES) {
                written += chunk.length;
                if (!res.write(chunk)) {
                    res.once("drain", pump);
                    return;
                }
            }
            if (!res.destroyed) res.end("}");
        };
        pump();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        written: () => written,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

describe("client/untrusted answers", function () {
    this.timeout(60_000);
    const { serve, track } = useFaultServers();

    describe("a DELETE counts as done only on an answer JSMS would give", () => {
        it("refuses a 200 with an HTML page (a proxy or captive portal), so the object is not taken for deleted", async () => {
            const page = "<html><body>Please log in to the guest network</body></html>";
            const { server, client } = await serve([
                { kind: "text", status: 200, body: page, contentType: "text/html" },
            ]);
            const template = await expectJsmsError(client.deleteTemplate(37582));
            expect(template).to.include({ failure: "malformed", httpStatus: 200, retryable: false });
            expect(template.message).to.contain("DELETE /v1/templates/37582").and.to.contain("not JSON");
            const signature = await expectJsmsError(client.deleteSignature(20001));
            expect(signature.message).to.contain("DELETE /v1/sign/20001");
            expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
                "DELETE /v1/templates/37582",
                "DELETE /v1/sign/20001",
            ]);
        });

        it("refuses a 200 with JSON that is not a JSMS answer", async () => {
            const { client } = await serve([{ kind: "json", status: 200, body: { ok: true, cached: "page" } }]);
            const error = await expectJsmsError(client.deleteTemplate(5));
            expect(error).to.include({ failure: "malformed" });
            expect(error.message).to.contain("an empty body");
        });

        it("accepts what JSMS sends: an empty body, an empty object, or the 50000 success envelope", async () => {
            const { server, client } = await serve([
                { kind: "text", status: 200, body: "", contentType: "application/json" },
                { kind: "json", status: 200, body: {} },
                { kind: "json", status: 200, body: { error: { code: 50000, message: "success" } } },
            ]);
            await client.deleteTemplate(1);
            await client.deleteTemplate(2);
            await client.deleteSignature(3);
            expect(server.requests).to.have.length(3);
        });

        it("fails the provider's delete, which keeps the object in the stack", async () => {
            const { server } = await serve([
                { kind: "text", status: 200, body: "<html>captive portal</html>", contentType: "text/html" },
            ]);
            const runtime = createRuntime({
                get: (key) =>
                    ({
                        "jsms:endpoint": server.url,
                        "jsms:appKey": APP_KEY,
                        "jsms:masterSecret": MASTER_SECRET,
                        "jsms:maxRetries": "0",
                    })[key],
            });
            try {
                const outs = {
                    template: "订单{{no}}已发货",
                    type: 2,
                    tempId: 10001,
                    status: "approved",
                    statusCode: 1,
                };
                const error = await runtime.template.delete("10001", outs as never).then(
                    () => undefined,
                    (e: unknown) => e,
                );
                expect(
                    error,
                    "the delete resolved, so the engine would drop the template from the state",
                ).to.be.instanceOf(Error);
                expect((error as Error).message).to.contain("DELETE /v1/templates/10001");
            } finally {
                await runtime.close();
            }
        });
    });

    describe("answers are read up to 1 MiB", () => {
        for (const declareLength of [false, true]) {
            it(`stops reading a 96 MB answer early and says why (${declareLength ? "Content-Length declared" : "chunked"})`, async () => {
                const server = track(await startHugeServer(declareLength));
                const client = track(fastClient(server.url, { maxRetries: 0, requestTimeoutMs: 30_000 }));
                const rssBefore = process.memoryUsage().rss;
                const error = await expectJsmsError(client.getTemplate(7));
                const grewBy = process.memoryUsage().rss - rssBefore;
                expect(error).to.include({ failure: "malformed", httpStatus: 200, retryable: false });
                expect(error.message).to.contain("larger than 1 MiB").and.to.contain("GET /v1/templates/7");
                // The socket took at most the limit plus its buffers, never the whole 96 MB.
                expect(server.written(), "bytes the server could write before the client stopped reading").to.be.below(
                    16 * 1024 * 1024,
                );
                expect(grewBy, "RSS growth while failing (loose: GC timing varies)").to.be.below(64 * 1024 * 1024);
            });
        }

        it("still reads an answer just under the limit", async () => {
            const remark = "备".repeat(Math.floor((MAX_RESPONSE_BYTES - 200) / 3));
            const { client } = await serve([
                {
                    kind: "json",
                    status: 200,
                    body: { temp_id: 7, template: "您好{{name}}", type: 2, remark, status: 1 },
                },
            ]);
            expect((await client.getTemplate(7)).remark).to.have.length(remark.length);
        });
    });
});
