import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { isReviewHookUnavailable, ReviewHookClient, type ReviewReading } from "../../provider/reviewHookClient";
import { HOOK_APP, TOKEN, postCallback, signedForm, signResult, templateResult, useHook } from "./hookHarness";

/** Starts a plain server on 127.0.0.1 that answers with `handler`, for hooks that misbehave. */
async function startServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

function expectUnavailable(reading: ReviewReading, pattern: RegExp): void {
    expect(isReviewHookUnavailable(reading), JSON.stringify(reading)).to.equal(true);
    const message = (reading as { message: string }).message;
    expect(message).to.match(pattern);
    expect(message).not.to.include(TOKEN);
}

describe("provider: reading review results from the hook", () => {
    const current = useHook();
    const client = (token = TOKEN, timeoutMs?: number) => new ReviewHookClient({ url: current().hook.url, token, timeoutMs });

    it("reads a rejection with its reason, an approval with an empty reason, and nothing for an unknown object", async () => {
        const hook = current().hook;
        await postCallback(hook, signedForm(HOOK_APP, templateResult(801, 2, "变量内容过长")));
        await postCallback(hook, signedForm(HOOK_APP, signResult(802, 1)));
        const rejected = await client().readReview("template", HOOK_APP.appKey, 801);
        expect(rejected).to.deep.include({ status: "rejected", rejectReason: "变量内容过长" });
        expect(Date.parse((rejected as { reviewedAt: string }).reviewedAt)).to.be.closeTo(Date.now(), 60_000);
        expect(await client().readReview("sign", HOOK_APP.appKey, "802")).to.deep.include({ status: "approved", rejectReason: "" });
        expect(await client().readReview("sign", HOOK_APP.appKey, 801)).to.equal(undefined);
    });

    it("keeps a path prefix in the URL, as behind a reverse proxy", async () => {
        await postCallback(current().hook, signedForm(HOOK_APP, templateResult(803, 2, "x")));
        const seen: string[] = [];
        const proxy = await startServer((req, res) => {
            // Serves only under /hook/, like a proxy would: a request without the prefix gets a 502, never the hook.
            seen.push(req.url!);
            if (!req.url!.startsWith("/hook/")) {
                res.writeHead(502).end();
                return;
            }
            const forwarded = req.url!.slice("/hook".length);
            fetch(`${current().hook.url}${forwarded}`, { headers: { Authorization: req.headers.authorization ?? "" } }).then(async (answer) => {
                res.writeHead(answer.status, { "Content-Type": "application/json" });
                res.end(await answer.text());
            });
        });
        try {
            const reading = await new ReviewHookClient({ url: `${proxy.url}/hook/`, token: TOKEN }).readReview("template", HOOK_APP.appKey, 803);
            expect(reading).to.deep.include({ status: "rejected", rejectReason: "x" });
            expect(seen).to.deep.equal([`/hook/v1/apps/${HOOK_APP.appKey}/templates/803`]);
        } finally {
            await proxy.close();
        }
    });

    it("reports a wrong token as the hook being unavailable, without the token", async () => {
        expectUnavailable(await client(`${TOKEN}-wrong`).readReview("template", HOOK_APP.appKey, 1), /refused the token \(check jsms:reviewHookToken\)/);
    });

    it("reports a hook that is down, without throwing", async () => {
        const url = current().hook.url;
        await current().hook.close();
        const reading = await new ReviewHookClient({ url, token: TOKEN }).readReview("template", HOOK_APP.appKey, 1);
        expectUnavailable(reading, /is unavailable: cannot connect \(ECONNREFUSED\)/);
    });

    it("gives up on a hook that does not answer within the timeout", async () => {
        const silent = await startServer(() => {
            // Never answers.
        });
        try {
            const started = Date.now();
            const reading = await new ReviewHookClient({ url: silent.url, token: TOKEN, timeoutMs: 300 }).readReview("sign", HOOK_APP.appKey, 1);
            expectUnavailable(reading, /no answer within 300 ms/);
            expect(Date.now() - started).to.be.lessThan(3000);
        } finally {
            await silent.close();
        }
    });

    it("reports a server that is not a hook, a 5xx and a bad URL as unavailable", async () => {
        const page = await startServer((_req, res) => {
            res.writeHead(200, { "Content-Type": "text/html" });
            res.end("<html>hello</html>");
        });
        const broken = await startServer((_req, res) => {
            res.writeHead(503);
            res.end();
        });
        try {
            expectUnavailable(await new ReviewHookClient({ url: page.url, token: TOKEN }).readReview("template", "k", 1), /not a review result/);
            expectUnavailable(await new ReviewHookClient({ url: broken.url, token: TOKEN }).readReview("template", "k", 1), /HTTP 503/);
            expectUnavailable(await new ReviewHookClient({ url: "ftp://x", token: TOKEN }).readReview("template", "k", 1), /not an http\(s\) URL/);
            expectUnavailable(await new ReviewHookClient({ url: "not a url", token: TOKEN }).readReview("template", "k", 1), /not an http\(s\) URL/);
        } finally {
            await page.close();
            await broken.close();
        }
    });
});
