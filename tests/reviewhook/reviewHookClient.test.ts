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
    const client = (token = TOKEN, timeoutMs?: number) =>
        new ReviewHookClient({ url: current().hook.url, token, timeoutMs });

    it("reads a rejection with its reason, an approval with an empty reason, and nothing for an unknown object", async () => {
        const hook = current().hook;
        await postCallback(hook, signedForm(HOOK_APP, templateResult(801, 2, "变量内容过长")));
        await postCallback(hook, signedForm(HOOK_APP, signResult(802, 1)));
        const rejected = await client().readReview("template", HOOK_APP.appKey, 801);
        expect(rejected).to.deep.include({ status: "rejected", rejectReason: "变量内容过长" });
        expect(Date.parse((rejected as { reviewedAt: string }).reviewedAt)).to.be.closeTo(Date.now(), 60_000);
        expect(await client().readReview("sign", HOOK_APP.appKey, "802")).to.deep.include({
            status: "approved",
            rejectReason: "",
        });
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
            fetch(`${current().hook.url}${forwarded}`, {
                headers: { Authorization: req.headers.authorization ?? "" },
            }).then(async (answer) => {
                res.writeHead(answer.status, { "Content-Type": "application/json" });
                res.end(await answer.text());
            });
        });
        try {
            const reading = await new ReviewHookClient({ url: `${proxy.url}/hook/`, token: TOKEN }).readReview(
                "template",
                HOOK_APP.appKey,
                803,
            );
            expect(reading).to.deep.include({ status: "rejected", rejectReason: "x" });
            expect(seen).to.deep.equal([`/hook/v1/apps/${HOOK_APP.appKey}/templates/803`]);
        } finally {
            await proxy.close();
        }
    });

    it("reports a wrong token as the hook being unavailable, without the token", async () => {
        expectUnavailable(
            await client(`${TOKEN}-wrong`).readReview("template", HOOK_APP.appKey, 1),
            /refused the token \(check jsms:reviewHookToken\)/,
        );
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
            const reading = await new ReviewHookClient({ url: silent.url, token: TOKEN, timeoutMs: 300 }).readReview(
                "sign",
                HOOK_APP.appKey,
                1,
            );
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
            expectUnavailable(
                await new ReviewHookClient({ url: page.url, token: TOKEN }).readReview("template", "k", 1),
                /not a review result/,
            );
            expectUnavailable(
                await new ReviewHookClient({ url: broken.url, token: TOKEN }).readReview("template", "k", 1),
                /HTTP 503/,
            );
            expectUnavailable(
                await new ReviewHookClient({ url: "ftp://x", token: TOKEN }).readReview("template", "k", 1),
                /not an http\(s\) URL/,
            );
            expectUnavailable(
                await new ReviewHookClient({ url: "not a url", token: TOKEN }).readReview("template", "k", 1),
                /not an http\(s\) URL/,
            );
        } finally {
            await page.close();
            await broken.close();
        }
    });

    it("stops reading an answer larger than 1 MiB and reports the hook unavailable", async () => {
        let written = 0;
        const flood = await startServer((_req, res) => {
            res.writeHead(200, { "Content-Type": "application/json" });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            const pump = () => {
                while (!res.destroyed && written < 96 * 1024 * 1024) {
                    written += chunk.length;
                    if (!res.write(chunk)) {
                        res.once("drain", pump);
                        return;
                    }
                }
                if (!res.destroyed) res.end();
            };
            pump();
        });
        try {
            const reading = await new ReviewHookClient({ url: flood.url, token: TOKEN, timeoutMs: 30_000 }).readReview(
                "template",
                "k",
                1,
            );
            expectUnavailable(reading, /answer is larger than 1 MiB/);
            expect(written, "bytes the hook could write before the reader stopped").to.be.below(16 * 1024 * 1024);
        } finally {
            await flood.close();
        }
    });

    it("follows no redirect: the target's answer is not trusted and the target never sees the token", async () => {
        const target: http.IncomingHttpHeaders[] = [];
        const elsewhere = await startServer((req, res) => {
            target.push(req.headers);
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(
                JSON.stringify({
                    latest: { status: "approved", rejectReason: null, reviewedAt: new Date().toISOString() },
                }),
            );
        });
        const redirecting = await startServer((req, res) => {
            // A hijacked or misconfigured front: same-origin and cross-origin redirects alike.
            const location = req.url!.includes("/templates/") ? `${elsewhere.url}${req.url}` : `/moved${req.url}`;
            res.writeHead(req.url!.startsWith("/moved") ? 200 : 302, {
                Location: location,
                "Content-Type": "application/json",
            });
            res.end(
                JSON.stringify({
                    latest: { status: "approved", rejectReason: null, reviewedAt: new Date().toISOString() },
                }),
            );
        });
        try {
            const hook = new ReviewHookClient({ url: redirecting.url, token: TOKEN });
            expectUnavailable(
                await hook.readReview("template", "k", 1),
                /answered with a redirect, which is not followed/,
            );
            expectUnavailable(await hook.readReview("sign", "k", 1), /answered with a redirect, which is not followed/);
            expect(target, "requests that reached the redirect's target").to.have.length(0);
        } finally {
            await redirecting.close();
            await elsewhere.close();
        }
    });
});
