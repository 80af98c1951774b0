import { expect } from "chai";
import * as http from "node:http";
import { DEFAULT_MAX_CLOCK_SKEW_MS } from "../../reviewhook";
import {
    HOOK_APP,
    OTHER_HOOK_APP,
    STRANGER_APP,
    getFromHook,
    jsmsSignature,
    postCallback,
    readResult,
    signedForm,
    storedCount,
    templateResult,
    useHook,
} from "./hookHarness";

describe("review hook: receiving JSMS callbacks", () => {
    const current = useHook({ maxBodyBytes: 2048 });
    const hook = () => current().hook;

    it("echoes echostr back as the whole body when JSMS verifies the URL, with or without the app in the path", async () => {
        for (const target of ["/callbacks", `/callbacks/${HOOK_APP.appKey}`]) {
            const answer = await getFromHook(hook(), `${target}?echostr=Zx81-qP`, null);
            expect(answer.status).to.equal(200);
            expect(answer.text).to.equal("Zx81-qP");
            expect(answer.headers.get("content-type")).to.match(/^text\/plain/);
        }
        expect((await getFromHook(hook(), "/callbacks", null)).status).to.equal(400);
        expect((await getFromHook(hook(), `/callbacks/${STRANGER_APP.appKey}?echostr=x`, null)).status).to.equal(404);
    });

    it("stores a well-signed template rejection and serves its reason", async () => {
        const answer = await postCallback(hook(), signedForm(HOOK_APP, templateResult(501, 2, "签名与模板内容不符")), {
            appKey: HOOK_APP.appKey,
        });
        expect(answer.status).to.equal(200);
        expect(answer.json).to.deep.equal({ result: "stored" });
        const result = await readResult(hook(), HOOK_APP.appKey, "templates", 501);
        expect(result.status).to.equal(200);
        expect(result.json.latest).to.include({
            status: "rejected",
            statusCode: 2,
            rejectReason: "签名与模板内容不符",
        });
    });

    it("accepts a signature result on /callbacks without an app in the path, finding the app that signed it", async () => {
        const answer = await postCallback(
            hook(),
            signedForm(OTHER_HOOK_APP, { type: "SMS_SIGN", data: { signId: 77, status: 1, refuseReason: null } }),
        );
        expect(answer.status).to.equal(200);
        expect((await readResult(hook(), OTHER_HOOK_APP.appKey, "signs", 77)).json.latest).to.include({
            status: "approved",
            rejectReason: null,
        });
        expect((await readResult(hook(), HOOK_APP.appKey, "signs", 77)).status).to.equal(404);
    });

    it("refuses a forged signature with 401 and stores nothing", async () => {
        const forged = { appKey: HOOK_APP.appKey, masterSecret: "not-the-master-secret" };
        const answer = await postCallback(hook(), signedForm(forged, templateResult(502, 2, "forged")), {
            appKey: HOOK_APP.appKey,
        });
        expect(answer.status).to.equal(401);
        const tampered = new URLSearchParams(signedForm(HOOK_APP, templateResult(502, 2, "forged")));
        tampered.set(
            "signature",
            tampered.get("signature")!.replace(/^./, (c) => (c === "0" ? "1" : "0")),
        );
        expect((await postCallback(hook(), tampered.toString())).status).to.equal(401);
        expect(await storedCount(hook())).to.equal(0);
        expect((await readResult(hook(), HOOK_APP.appKey, "templates", 502)).status).to.equal(404);
    });

    it("refuses a callback signed by another app than the one in the path, and one signed by an unknown app", async () => {
        const answer = await postCallback(hook(), signedForm(OTHER_HOOK_APP, templateResult(503, 1)), {
            appKey: HOOK_APP.appKey,
        });
        expect(answer.status).to.equal(401);
        expect((await postCallback(hook(), signedForm(STRANGER_APP, templateResult(503, 1)))).status).to.equal(401);
        expect(
            (
                await postCallback(hook(), signedForm(STRANGER_APP, templateResult(503, 1)), {
                    appKey: STRANGER_APP.appKey,
                })
            ).status,
        ).to.equal(401);
        expect(await storedCount(hook())).to.equal(0);
    });

    it("refuses stale and future timestamps beyond the allowed skew, and stores nothing", async () => {
        const stale = Date.now() - DEFAULT_MAX_CLOCK_SKEW_MS - 5000;
        const future = Date.now() + DEFAULT_MAX_CLOCK_SKEW_MS + 5000;
        expect(
            (await postCallback(hook(), signedForm(HOOK_APP, { ...templateResult(504, 2, "old"), timestamp: stale })))
                .status,
        ).to.equal(401);
        expect(
            (await postCallback(hook(), signedForm(HOOK_APP, { ...templateResult(504, 2, "new"), timestamp: future })))
                .status,
        ).to.equal(401);
        // Within the skew is fine: JSMS's clock and ours are never exactly the same.
        const slightlyOld = Date.now() - 60_000;
        expect(
            (await postCallback(hook(), signedForm(HOOK_APP, { ...templateResult(504, 1), timestamp: slightlyOld })))
                .status,
        ).to.equal(200);
        expect(await storedCount(hook())).to.equal(1);
    });

    it("refuses a nonce replayed with other data (409), and treats the same delivery sent twice as one", async () => {
        const original = signedForm(HOOK_APP, { ...templateResult(505, 2, "first reason"), nonce: "nonce-505" });
        expect((await postCallback(hook(), original)).json).to.deep.equal({ result: "stored" });
        expect((await postCallback(hook(), original)).json).to.deep.equal({ result: "duplicate" });
        // A captured signature reused with new data: the signature does not cover data, the nonce check does.
        const fields = new URLSearchParams(original);
        fields.set("data", JSON.stringify({ tempId: 505, status: 1, refuseReason: null }));
        const replay = await postCallback(hook(), fields.toString());
        expect(replay.status).to.equal(409);
        const result = (await readResult(hook(), HOOK_APP.appKey, "templates", 505)).json;
        expect(result.history).to.have.length(1);
        expect(result.latest).to.include({ status: "rejected", rejectReason: "first reason" });
    });

    it("refuses bodies over the limit with 413, whether declared or streamed, and stores nothing", async () => {
        const padding = "x".repeat(4096);
        const declared = await postCallback(hook(), `${signedForm(HOOK_APP, templateResult(506, 2))}&pad=${padding}`);
        expect(declared.status).to.equal(413);
        const streamed = await new Promise<number>((resolve, reject) => {
            const url = new URL(`${hook().url}/callbacks`);
            const request = http.request(
                {
                    host: url.hostname,
                    port: url.port,
                    path: url.pathname,
                    method: "POST",
                    headers: { "Content-Type": "application/x-www-form-urlencoded" },
                },
                (response) => {
                    response.resume();
                    resolve(response.statusCode ?? 0);
                },
            );
            request.on("error", reject);
            // No Content-Length: chunked, so only counting the bytes can catch it.
            request.write(signedForm(HOOK_APP, templateResult(506, 2)));
            request.end(`&pad=${padding}`);
        });
        expect(streamed).to.equal(413);
        expect(await storedCount(hook())).to.equal(0);
    });

    it("refuses what is not a JSMS callback: not a form (415), missing fields or bad data (400)", async () => {
        const body = signedForm(HOOK_APP, templateResult(507, 2));
        expect((await postCallback(hook(), body, { contentType: "application/json" })).status).to.equal(415);
        const missing = new URLSearchParams(body);
        missing.delete("nonce");
        expect((await postCallback(hook(), missing.toString())).status).to.equal(400);
        expect(
            (await postCallback(hook(), signedForm(HOOK_APP, { type: "SMS_TEMPLATE", data: "{not json" }))).status,
        ).to.equal(400);
        expect(
            (
                await postCallback(
                    hook(),
                    signedForm(HOOK_APP, { type: "SMS_TEMPLATE", data: { tempId: 507, status: 7 } }),
                )
            ).status,
        ).to.equal(400);
        expect(
            (await postCallback(hook(), signedForm(HOOK_APP, { type: "SMS_SIGN", data: { tempId: 507, status: 1 } })))
                .status,
        ).to.equal(400);
        expect(await storedCount(hook())).to.equal(0);
    });

    it("acknowledges delivery reports and replies without storing them", async () => {
        for (const type of ["SMS_REPORT", "SMS_REPLY"]) {
            const answer = await postCallback(
                hook(),
                signedForm(HOOK_APP, { type, data: { msgId: "1", status: 4001, phone: "13800138000" } }),
            );
            expect(answer.status).to.equal(200);
            expect(answer.json).to.deep.equal({ result: "acknowledged" });
        }
        expect(await storedCount(hook())).to.equal(0);
    });

    it("checks the signature over the exact timestamp text JSMS sent", async () => {
        const nonce = "exact-ts";
        const timestamp = String(Date.now());
        const body = new URLSearchParams({
            nonce,
            timestamp,
            signature: jsmsSignature(HOOK_APP, nonce, `${timestamp}0`),
            type: "SMS_TEMPLATE",
            data: JSON.stringify({ tempId: 508, status: 1 }),
        });
        expect((await postCallback(hook(), body.toString())).status).to.equal(401);
        body.set("signature", jsmsSignature(HOOK_APP, nonce, timestamp).toUpperCase());
        expect((await postCallback(hook(), body.toString())).status).to.equal(200);
    });
});
