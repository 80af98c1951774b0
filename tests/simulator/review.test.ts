import { expect } from "chai";
import { call, control, createSign, form, useSimulator } from "./simulatorHarness";

const OTP = { template: "您的验证码是{{code}}。", type: 1, ttl: 60 };

async function templateStatus(simulator: Parameters<typeof call>[0], id: number): Promise<number> {
    return (await call(simulator, "GET", `/v1/templates/${id}`)).json.status;
}

async function signStatus(simulator: Parameters<typeof call>[0], id: number): Promise<number> {
    return (await call(simulator, "GET", `/v1/sign/${id}`)).json.status;
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("simulator: review workflow", () => {
    describe("manual (default)", () => {
        const simulator = useSimulator();
        it("keeps objects pending until /_sim decides, in any direction", async () => {
            const sign = (await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) })).json
                .sign_id;
            const template = (await call(simulator(), "POST", "/v1/templates", { json: OTP })).json.temp_id;
            await sleep(50);
            expect(await signStatus(simulator(), sign)).to.equal(0);
            expect(await templateStatus(simulator(), template)).to.equal(0);
            for (const [status, code] of [
                ["approved", 1],
                ["rejected", 2],
                ["pending", 0],
            ] as const) {
                const reviewed = await control(simulator(), "POST", `/_sim/templates/${template}/review`, { status });
                expect(reviewed.json.status).to.equal(code);
                expect(await templateStatus(simulator(), template)).to.equal(code);
                await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status });
                expect(await signStatus(simulator(), sign)).to.equal(code);
            }
        });
    });

    describe("approve, at once", () => {
        const simulator = useSimulator({ review: "approve" });
        it("approves every submission, modifications included", async () => {
            const sign = (await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) })).json
                .sign_id;
            expect(await signStatus(simulator(), sign)).to.equal(1);
            const template = (await call(simulator(), "POST", "/v1/templates", { json: OTP })).json.temp_id;
            expect(await templateStatus(simulator(), template)).to.equal(1);
            await control(simulator(), "POST", `/_sim/templates/${template}/review`, { status: "rejected" });
            expect((await call(simulator(), "PUT", `/v1/templates/${template}`, { json: OTP })).status).to.equal(200);
            expect(await templateStatus(simulator(), template)).to.equal(1);
        });
    });

    describe("reject, at once", () => {
        const simulator = useSimulator({ review: "reject" });
        it("rejects every submission", async () => {
            const sign = await createSignRaw(simulator());
            expect(await signStatus(simulator(), sign)).to.equal(2);
            const template = (await call(simulator(), "POST", "/v1/templates", { json: OTP })).json.temp_id;
            expect(await templateStatus(simulator(), template)).to.equal(2);
        });
    });

    describe("approve after a delay", () => {
        const simulator = useSimulator({ review: "approve", reviewDelayMs: 150 });
        it("shows pending, then approved once the delay has passed", async () => {
            const sign = await createSignRaw(simulator());
            expect(await signStatus(simulator(), sign)).to.equal(0);
            const other = await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光短信" }) });
            expect(other.json.error.code).to.equal(50103);
            await sleep(200);
            expect(await signStatus(simulator(), sign)).to.equal(1);
            expect((await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光短信" }) })).status).to.equal(
                200,
            );
        });

        it("lets a decision through /_sim override the automatic one", async () => {
            const sign = await createSignRaw(simulator());
            await control(simulator(), "POST", `/_sim/signs/${sign}/review`, { status: "pending" });
            await sleep(200);
            expect(await signStatus(simulator(), sign)).to.equal(0);
        });
    });

    describe("reject after a delay", () => {
        const simulator = useSimulator({ review: "reject", reviewDelayMs: 100 });
        it("shows pending, then rejected, also in /_sim/state", async () => {
            await createSign(simulator(), "极光推送", "approved");
            const template = (await call(simulator(), "POST", "/v1/templates", { json: OTP })).json.temp_id;
            expect(await templateStatus(simulator(), template)).to.equal(0);
            await sleep(150);
            const state = (await control(simulator(), "GET", "/_sim/state")).json;
            expect(state.templates[0].status).to.equal(2);
        });
    });
});

async function createSignRaw(simulator: Parameters<typeof call>[0]): Promise<number> {
    const response = await call(simulator, "POST", "/v1/sign", { body: form({ sign: "极光推送" }) });
    expect(response.status).to.equal(200);
    return response.json.sign_id;
}
