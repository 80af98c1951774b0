import { expect } from "chai";
import {
    HOOK_APP,
    STRANGER_APP,
    TOKEN,
    getFromHook,
    postCallback,
    signedForm,
    templateResult,
    useHook,
} from "./hookHarness";

describe("review hook: the API the provider reads", () => {
    const current = useHook();
    const hook = () => current().hook;
    const target = `/v1/apps/${HOOK_APP.appKey}/templates/601`;

    beforeEach(async () => {
        await postCallback(hook(), signedForm(HOOK_APP, templateResult(601, 2, "含有营销内容")));
    });

    it("refuses a missing, wrong or non-bearer token with 401, and never echoes what was sent", async () => {
        for (const authorization of [
            null,
            "Bearer wrong-token-0000000000",
            `Bearer ${TOKEN}x`,
            `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`,
            TOKEN,
        ]) {
            const answer = await getFromHook(hook(), target, authorization);
            expect(answer.status, String(authorization)).to.equal(401);
            expect(answer.text).not.to.include(TOKEN);
            expect(answer.text).not.to.include("wrong-token");
        }
    });

    it("serves the latest result and the history with the token", async () => {
        const answer = await getFromHook(hook(), target);
        expect(answer.status).to.equal(200);
        expect(answer.json).to.include({ appKey: HOOK_APP.appKey, kind: "template", id: 601 });
        expect(answer.json.latest).to.include({ status: "rejected", statusCode: 2, rejectReason: "含有营销内容" });
        expect(Date.parse(answer.json.latest.reviewedAt)).to.be.closeTo(Date.now(), 60_000);
        expect(answer.json.history).to.have.length(1);
    });

    it("answers 404 for an object without a result or an app it does not know, 400 for a bad id", async () => {
        expect((await getFromHook(hook(), `/v1/apps/${HOOK_APP.appKey}/templates/602`)).status).to.equal(404);
        expect((await getFromHook(hook(), `/v1/apps/${HOOK_APP.appKey}/signs/601`)).status).to.equal(404);
        expect((await getFromHook(hook(), `/v1/apps/${STRANGER_APP.appKey}/templates/601`)).status).to.equal(404);
        expect((await getFromHook(hook(), `/v1/apps/${HOOK_APP.appKey}/templates/abc`)).status).to.equal(400);
        expect((await getFromHook(hook(), `/v1/apps/%E0%A4%A/templates/1`)).status).to.equal(400);
    });

    it("reports health without a token, and 404/405 for other routes", async () => {
        const health = await getFromHook(hook(), "/healthz", null);
        expect(health.status).to.equal(200);
        expect(health.json).to.deep.equal({ status: "ok", store: "sqlite", reviews: 1 });
        expect((await getFromHook(hook(), "/nowhere")).status).to.equal(404);
        const put = await fetch(`${hook().url}${target}`, {
            method: "PUT",
            headers: { Authorization: `Bearer ${TOKEN}` },
        });
        expect(put.status).to.equal(405);
    });

    it("logs one JSON line per request with its outcome and no secret", async () => {
        await getFromHook(hook(), target, "Bearer wrong-token-0000000000");
        const lines = current().logs.map((line) => JSON.parse(line));
        const stored = lines.find((line) => line.msg === "request" && line.outcome === "stored");
        expect(stored).to.include({
            method: "POST",
            path: "/callbacks",
            status: 200,
            app: HOOK_APP.appKey,
            type: "SMS_TEMPLATE",
            objectId: 601,
        });
        const refused = lines.find((line) => line.msg === "request" && line.status === 401);
        expect(refused).to.include({ level: "warn", path: target });
        expect(current().logs.join("\n")).not.to.include("wrong-token");
        // The secrets themselves are checked on every line of every test by the harness.
    });
});
