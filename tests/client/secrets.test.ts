/**
 * Credentials never leak: not through the client object, nor through any error, however it is printed.
 */
import { expect } from "chai";
import * as util from "util";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { FaultServer, FaultStep, freePort, startFaultServer } from "./faultServer";
import { SECRET_STRINGS, captureError, fastClient } from "./clientFixtures";

/** Every way a value tends to get printed: message, String(), JSON, inspect (with hidden fields), the stack. */
function renderings(value: unknown): string[] {
    const texts = [
        String(value),
        JSON.stringify(value) ?? "",
        util.inspect(value, { depth: 10 }),
        util.inspect(value, { depth: 10, showHidden: true }),
        `${util.format("%o", value)}`,
    ];
    if (value instanceof Error) texts.push(value.message, value.stack ?? "");
    return texts;
}

function expectNoSecrets(value: unknown): void {
    for (const text of renderings(value)) {
        for (const secret of SECRET_STRINGS) {
            expect(text, "a rendering leaked a credential").not.to.contain(secret);
        }
    }
}

describe("client/secrets", () => {
    let server: FaultServer | undefined;
    let client: JsmsClient | undefined;

    afterEach(async () => {
        await client?.close();
        await server?.close();
        client = undefined;
        server = undefined;
    });

    it("keeps credentials out of every rendering and enumerable property of the client", async () => {
        server = await startFaultServer([{ kind: "hang" }]);
        client = fastClient(server.url, { requestTimeoutMs: 300, maxRetries: 0 });
        // A request in flight puts the Authorization header inside the HTTP agent's requests; the client must still not show it.
        const inFlight = client.getTemplate(1).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expectNoSecrets(client);
        expect(Object.keys(client).sort()).to.deep.equal(["endpoint", "subject"]);
        expect(util.inspect(client)).to.contain("appCredentials: 'set'").and.to.contain("devCredentials: 'set'");
        expect(JSON.parse(JSON.stringify(client))).to.deep.equal({
            endpoint: server.url,
            appCredentials: "set",
            devCredentials: "set",
        });
        for (const key of Object.keys(client)) {
            expect(String((client as unknown as Record<string, unknown>)[key])).not.to.match(/secret/i);
        }
        await client.close();
        await inFlight;
    });

    const faults: Array<[string, FaultStep, Record<string, number>]> = [
        ["an auth failure", { kind: "jsmsError", status: 401, code: 50002, message: "auth failed" }, {}],
        ["a non-JSON error", { kind: "text", status: 502, body: "bad gateway" }, { maxRetries: 1 }],
        ["a dropped connection", { kind: "drop" }, { maxRetries: 1 }],
        ["a reset after the body", { kind: "resetAfterBody" }, {}],
        ["a timeout", { kind: "hang" }, { requestTimeoutMs: 80, maxRetries: 0 }],
        ["a malformed body", { kind: "json", status: 200, body: { nope: true } }, {}],
    ];
    for (const [name, step, overrides] of faults) {
        it(`keeps credentials out of the error for ${name}`, async () => {
            server = await startFaultServer([step]);
            client = fastClient(server.url, overrides);
            const errors = [
                await captureError(client.createTemplate({ template: "x{{code}}", type: 1, ttl: 60 })),
                await captureError(
                    client.createSignature({
                        sign: "极光",
                        qualification: { legalPersonIdNumber: "11010519491231002X" },
                    }),
                ),
                await captureError(client.getDevBalance()),
            ];
            for (const error of errors) {
                expectNoSecrets(error);
                // The legal person's ID number is sensitive too, and request bodies never go into errors.
                expect(util.inspect(error, { showHidden: true, depth: 10 })).not.to.contain("11010519491231002X");
            }
        });
    }

    it("keeps credentials out of the error for a refused connection", async () => {
        client = fastClient(`http://127.0.0.1:${await freePort()}`, { maxRetries: 0 });
        expectNoSecrets(await captureError(client.getAppBalance()));
    });
});
