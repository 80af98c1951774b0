import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
    AUTOMATIC_REJECT_REASON,
    JSMS_CALLBACK_RETRY_DELAYS_MS,
    startSimulator,
    type RunningSimulator,
} from "../../simulator";
import { jsmsSignature } from "../reviewhook/hookHarness";
import { APP, OTHER_APP, call, control, createSign, createTemplate, form, useSimulator } from "./simulatorHarness";

/** A callback receiver on 127.0.0.1 that records what it is sent and answers as told. */
interface Receiver {
    url: string;
    /** Every POSTed form, in arrival order. */
    posts: URLSearchParams[];
    /** The echostr checks it answered. */
    verifications: number;
    /** The statuses to answer the next POSTs with, in order; 200 once they run out. */
    failWith: number[];
    /** Whether it answers the echostr check correctly. */
    echoes: boolean;
    close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
    const receiver: Omit<Receiver, "url" | "close"> = { posts: [], verifications: 0, failWith: [], echoes: true };
    const server = http.createServer((req, res) => {
        const url = new URL(req.url!, "http://receiver.invalid");
        if (req.method === "GET") {
            receiver.verifications += 1;
            res.end(receiver.echoes ? (url.searchParams.get("echostr") ?? "") : "hello");
            return;
        }
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
            receiver.posts.push(new URLSearchParams(body));
            res.statusCode = receiver.failWith.shift() ?? 200;
            res.end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return Object.assign(receiver, {
        url: `http://127.0.0.1:${port}/callbacks`,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    });
}

/** Waits (at most 5 s) until `done` holds, polling every 20 ms. */
async function eventually(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await done())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting until ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

/** The data of a received form, checked to be signed by `app` as JSMS signs. */
function signedData(form: URLSearchParams, app = APP): any {
    expect(form.get("signature")).to.equal(jsmsSignature(app, form.get("nonce")!, form.get("timestamp")!));
    expect(Number(form.get("timestamp"))).to.be.closeTo(Date.now(), 60_000);
    return JSON.parse(form.get("data")!);
}

describe("simulator: review callbacks", () => {
    const simulator = useSimulator({ callbackRetryDelaysMs: [50, 100, 150] });
    let receiver: Receiver;
    beforeEach(async () => {
        receiver = await startReceiver();
    });
    afterEach(async () => {
        await receiver.close();
    });

    it("verifies a callback URL with echostr before taking it, and refuses one that does not echo", async () => {
        const set = await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: receiver.url });
        expect(set.status).to.equal(200);
        expect(set.json.urls).to.deep.equal({ [APP.appKey]: receiver.url });
        expect(receiver.verifications).to.equal(1);
        receiver.echoes = false;
        const refused = await control(simulator(), "PUT", "/_sim/callbacks", { [OTHER_APP.appKey]: receiver.url });
        expect(refused.status).to.equal(400);
        expect(refused.json.error.message).to.match(/did not answer the verification with the echostr/);
        expect((await control(simulator(), "PUT", "/_sim/callbacks", { nobody: receiver.url })).status).to.equal(400);
        expect((await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: null })).json.urls).to.deep.equal(
            {},
        );
    });

    it("posts a signed SMS_TEMPLATE form with the reason when a template is rejected, and SMS_SIGN on approval", async () => {
        await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: receiver.url });
        const sign = await createSign(simulator());
        const template = await createTemplate(simulator());
        const rejected = await control(simulator(), "POST", `/_sim/templates/${template}/review`, {
            status: "rejected",
            reason: "模板内容含有敏感词",
        });
        expect(rejected.status).to.equal(200);
        await eventually(() => receiver.posts.length === 2, "both callbacks arrived");
        const [signForm, templateForm] = receiver.posts;
        expect(signForm.get("type")).to.equal("SMS_SIGN");
        expect(signedData(signForm)).to.deep.equal({ signId: sign, status: 1, refuseReason: null });
        expect(templateForm.get("type")).to.equal("SMS_TEMPLATE");
        expect(signedData(templateForm)).to.deep.equal({
            tempId: template,
            status: 2,
            refuseReason: "模板内容含有敏感词",
        });
        expect(templateForm.get("nonce")).not.to.equal(signForm.get("nonce"));
        // Back to pending is not the end of a review: nothing is sent.
        await control(simulator(), "POST", `/_sim/templates/${template}/review`, { status: "pending" });
        const deliveries = (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries;
        expect(deliveries.map((entry: any) => [entry.type, entry.outcome])).to.deep.equal([
            ["SMS_SIGN", "delivered"],
            ["SMS_TEMPLATE", "delivered"],
        ]);
    });

    it("takes a reason with a rejection only, and sends nothing for an app without a URL", async () => {
        const sign = await createSign(simulator());
        expect(
            (await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status: "approved", reason: "x" }))
                .status,
        ).to.equal(400);
        expect(
            (
                await control(simulator(), "POST", `/_sim/signs/${sign}/review`, {
                    status: "rejected",
                    reason: "证照不清晰",
                })
            ).status,
        ).to.equal(200);
        expect((await control(simulator(), "GET", "/_sim/callbacks")).json).to.deep.equal({ urls: {}, deliveries: [] });
        expect(receiver.posts).to.have.length(0);
    });

    it("retries a callback that is not answered 200 after the configured delays, each attempt signed afresh", async () => {
        await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: receiver.url });
        const sign = await createSign(simulator(), "极光推送", "pending");
        receiver.failWith = [500, 503];
        await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status: "rejected", reason: "r" });
        await eventually(() => receiver.posts.length === 3, "the third attempt arrived");
        expect(receiver.posts.map((form) => signedData(form).refuseReason)).to.deep.equal(["r", "r", "r"]);
        expect(new Set(receiver.posts.map((form) => form.get("nonce"))).size).to.equal(3);
        const deliveries = (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries;
        expect(
            deliveries.map((entry: any) => [entry.attempt, entry.outcome, entry.httpStatus, entry.nextRetryInMs]),
        ).to.deep.equal([
            [1, "failed", 500, 50],
            [2, "failed", 503, 100],
            [3, "delivered", 200, undefined],
        ]);
    });

    it("gives up after the last retry", async () => {
        await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: receiver.url });
        const sign = await createSign(simulator(), "极光推送", "pending");
        receiver.failWith = [500, 500, 500, 500, 500, 500];
        await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status: "approved" });
        await eventually(
            async () => (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries.length === 4,
            "four attempts were made",
        );
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(receiver.posts).to.have.length(4);
        const last = (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries[3];
        expect(last).to.include({ attempt: 4, outcome: "failed", nextRetryInMs: null });
    });

    it("counts a receiver that is down as a failed attempt", async () => {
        await control(simulator(), "PUT", "/_sim/callbacks", { [APP.appKey]: receiver.url });
        await receiver.close();
        const sign = await createSign(simulator(), "极光推送", "pending");
        await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status: "approved" });
        await eventually(
            async () => (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries.length === 4,
            "four attempts were made",
        );
        const deliveries = (await control(simulator(), "GET", "/_sim/callbacks")).json.deliveries;
        expect(deliveries[0]).to.include({ outcome: "failed", error: "ECONNREFUSED" });
    });
});

describe("simulator: review callbacks set at start", () => {
    let receiver: Receiver;
    let simulator: RunningSimulator | undefined;
    beforeEach(async () => {
        receiver = await startReceiver();
    });
    afterEach(async () => {
        await simulator?.close();
        simulator = undefined;
        await receiver.close();
    });

    it("retries after JSMS's delays by default: 3 minutes, then 1 hour, then 12 hours", async () => {
        expect(JSMS_CALLBACK_RETRY_DELAYS_MS).to.deep.equal([180_000, 3_600_000, 43_200_000]);
        simulator = await startSimulator({ apps: [APP], callbacks: { [APP.appKey]: receiver.url } });
        receiver.failWith = [500];
        const sign = (await call(simulator, "POST", "/v1/sign", { body: form({ sign: "极光推送" }) })).json.sign_id;
        await control(simulator, "POST", `/_sim/signs/${sign}/review`, { status: "approved" });
        await eventually(
            async () => (await control(simulator!, "GET", "/_sim/callbacks")).json.deliveries.length === 1,
            "the first attempt failed",
        );
        expect((await control(simulator, "GET", "/_sim/callbacks")).json.deliveries[0]).to.include({
            outcome: "failed",
            nextRetryInMs: 180_000,
        });
        // close() in afterEach cancels the pending retry; the suite does not wait 3 minutes.
    });

    it("verifies the configured URL at start and reports automatic rejections with the automatic reason", async () => {
        simulator = await startSimulator({ apps: [APP], review: "reject", callbacks: { [APP.appKey]: receiver.url } });
        expect(receiver.verifications).to.equal(1);
        const created = await call(simulator, "POST", "/v1/sign", { body: form({ sign: "极光推送" }) });
        expect(created.status).to.equal(200);
        await eventually(() => receiver.posts.length === 1, "the callback arrived");
        expect(signedData(receiver.posts[0])).to.deep.equal({
            signId: created.json.sign_id,
            status: 2,
            refuseReason: AUTOMATIC_REJECT_REASON,
        });
    });

    it("refuses to start when a configured URL fails verification, or names an unknown app", async () => {
        receiver.echoes = false;
        let error: unknown;
        try {
            simulator = await startSimulator({ apps: [APP], callbacks: { [APP.appKey]: receiver.url } });
        } catch (caught) {
            error = caught;
        }
        expect((error as Error).message).to.match(/did not answer the verification/);
        error = undefined;
        try {
            simulator = await startSimulator({ apps: [APP], callbacks: { nobody: receiver.url } });
        } catch (caught) {
            error = caught;
        }
        expect(error).to.be.instanceOf(TypeError);
    });
});
