import { expect } from "chai";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { APP, call, control, createSign, form, useSimulator, vendorError } from "./simulatorHarness";

const OTP = { template: "您的验证码是{{code}}，5分钟内有效。", type: 1, ttl: 300 };

/** The ids of the templates the simulator holds. */
async function templateIds(simulator: RunningSimulator): Promise<number[]> {
    return (await control(simulator, "GET", "/_sim/state")).json.templates.map((t: { id: number }) => t.id);
}

describe("simulator: faults", () => {
    describe("latency", () => {
        const simulator = useSimulator({ latencyMs: 1000 });
        it("delays every /v1 response, errors included, but not /_sim", async () => {
            const delayed: number[] = [];
            for (const path of ["/v1/accounts/app", "/nowhere"]) {
                const started = Date.now();
                await call(simulator(), "GET", path);
                delayed.push(Date.now() - started);
                expect(delayed.at(-1), path).to.be.at.least(990);
            }
            const started = Date.now();
            await control(simulator(), "GET", "/_sim/state");
            // A ratio, not a bound: a busy machine slows all three calls alike, but only the /v1 ones wait 1 s more.
            expect(Date.now() - started).to.be.below(Math.min(...delayed) / 2);
        });
    });

    describe("rate limit", () => {
        const simulator = useSimulator({ rateLimitPerSecond: 2 });
        it("counts its refusals in /_sim/requests/counts, past the log's cap and until the log is cleared", async () => {
            for (let i = 0; i < 5; i++) await call(simulator(), "GET", "/v1/accounts/app");
            const counts = (await control(simulator(), "GET", "/_sim/requests/counts")).json;
            expect(counts).to.deep.include({ total: 5, byCode: { 50000: 2, 50009: 3 } });
            expect(counts.faults).to.deep.include({ rateLimited: 3, serverErrors: 0 });
            await control(simulator(), "DELETE", "/_sim/requests");
            expect((await control(simulator(), "GET", "/_sim/requests/counts")).json).to.deep.include({
                total: 0,
                byCode: {},
            });
        });

        it("answers 403/50009 beyond the limit within a second, then lets requests through again", async () => {
            const statuses: number[] = [];
            for (let i = 0; i < 5; i++) {
                const response = await call(simulator(), "GET", "/v1/accounts/app");
                statuses.push(response.status);
                if (response.status !== 200) {
                    expect(response.json).to.deep.equal(vendorError(50009, "out of freq"));
                }
            }
            expect(statuses).to.deep.equal([200, 200, 403, 403, 403]);
            expect((await control(simulator(), "GET", "/_sim/state")).status).to.equal(200);
            await new Promise((resolve) => setTimeout(resolve, 1050));
            expect((await call(simulator(), "GET", "/v1/accounts/app")).status).to.equal(200);
            const log = (await control(simulator(), "GET", "/_sim/requests")).json;
            expect(log.map((entry: { code: number }) => entry.code)).to.deep.equal([
                50000, 50000, 50009, 50009, 50009, 50000,
            ]);
        });
    });

    describe("error rate", () => {
        it("answers 500/50019 always at 1 and never at 0, and never on /_sim", async () => {
            const simulator = await startSimulator({ apps: [APP], errorRate: 1 });
            try {
                for (let i = 0; i < 5; i++) {
                    const response = await call(simulator, "GET", "/v1/accounts/app");
                    expect(response.status).to.equal(500);
                    expect(response.json).to.deep.equal(vendorError(50019, "server error"));
                }
                expect((await control(simulator, "GET", "/_sim/state")).status).to.equal(200);
                await control(simulator, "PUT", "/_sim/faults", { errorRate: 0 });
                for (let i = 0; i < 5; i++) {
                    expect((await call(simulator, "GET", "/v1/accounts/app")).status).to.equal(200);
                }
            } finally {
                await simulator.close();
            }
        });

        async function statuses(simulator: RunningSimulator, count: number): Promise<number[]> {
            const result: number[] = [];
            for (let i = 0; i < count; i++) {
                result.push((await call(simulator, "GET", "/v1/accounts/app")).status);
            }
            return result;
        }

        it("is reproducible for a seed and differs between seeds", async () => {
            const runs: number[][] = [];
            for (const seed of [7, 7, 8]) {
                const simulator = await startSimulator({ apps: [APP], errorRate: 0.5, seed });
                try {
                    runs.push(await statuses(simulator, 24));
                } finally {
                    await simulator.close();
                }
            }
            expect(runs[0]).to.deep.equal(runs[1]);
            expect(runs[0]).to.include(500).and.to.include(200);
            expect(runs[2]).not.to.deep.equal(runs[0]);
        });

        it("replays the sequence when the seed is set again through /_sim/faults", async () => {
            const simulator = await startSimulator({ apps: [APP] });
            try {
                await control(simulator, "PUT", "/_sim/faults", { errorRate: 0.5, seed: 99 });
                const first = await statuses(simulator, 16);
                const reseeded = await control(simulator, "PUT", "/_sim/faults", { seed: 99 });
                expect(reseeded.json).to.deep.equal({
                    latencyMs: 0,
                    rateLimitPerSecond: 0,
                    errorRate: 0.5,
                    createFault: "none",
                    createFaultCount: 0,
                    createFaultRate: 0,
                    createFaultDelayMs: 60000,
                });
                expect(await statuses(simulator, 16)).to.deep.equal(first);
            } finally {
                await simulator.close();
            }
        });
    });

    describe("create faults: the object is inserted, then the answer goes wrong", function () {
        this.timeout(10_000);
        const simulator = useSimulator();

        it("insert-then-error: answers 500/50019 for the next N creates, which exist nonetheless, then answers normally", async () => {
            await createSign(simulator());
            await control(simulator(), "PUT", "/_sim/faults", {
                createFault: "insert-then-error",
                createFaultCount: 2,
            });
            const answers = [];
            for (let i = 0; i < 3; i++) answers.push(await call(simulator(), "POST", "/v1/templates", { json: OTP }));
            expect(answers.map((a) => a.status)).to.deep.equal([500, 500, 200]);
            expect(answers[0].json).to.deep.equal(vendorError(50019, "server error"));
            expect(await templateIds(simulator())).to.have.length(3);
            const log = (await control(simulator(), "GET", "/_sim/requests")).json.filter(
                (e: { path: string }) => e.path === "/v1/templates",
            );
            expect(log.map((e: { code: number; fault?: string }) => [e.code, e.fault])).to.deep.equal([
                [50019, "insert-then-error"],
                [50019, "insert-then-error"],
                [50000, undefined],
            ]);
            const counts = (await control(simulator(), "GET", "/_sim/requests/counts")).json;
            expect(counts.faults.createFaults).to.deep.equal({
                "insert-then-error": 2,
                "insert-then-slow": 0,
                "insert-then-drop": 0,
            });
            expect((await control(simulator(), "PUT", "/_sim/faults", {})).json.createFaultCount).to.equal(0);
        });

        it("applies to signature creates too, and never to reads, modifies or deletes", async () => {
            await control(simulator(), "PUT", "/_sim/faults", {
                createFault: "insert-then-error",
                createFaultCount: 1,
            });
            const created = await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) });
            expect(created.status).to.equal(500);
            const [sign] = (await control(simulator(), "GET", "/_sim/state")).json.signs;
            await control(simulator(), "PUT", "/_sim/faults", {
                createFault: "insert-then-error",
                createFaultCount: 5,
            });
            expect((await call(simulator(), "GET", `/v1/sign/${sign.id}`)).status).to.equal(200);
            expect((await call(simulator(), "DELETE", `/v1/sign/${sign.id}`)).status).to.equal(200);
        });

        it("insert-then-drop: inserts, then closes the connection without an answer", async () => {
            await createSign(simulator());
            await control(simulator(), "PUT", "/_sim/faults", { createFault: "insert-then-drop", createFaultCount: 1 });
            let failure: unknown;
            try {
                await call(simulator(), "POST", "/v1/templates", { json: OTP });
            } catch (error) {
                failure = error;
            }
            expect(failure, "the request must fail without an answer").to.be.instanceOf(Error);
            expect(await templateIds(simulator())).to.have.length(1);
            const [entry] = (await control(simulator(), "GET", "/_sim/requests")).json.filter(
                (e: { path: string }) => e.path === "/v1/templates",
            );
            expect(entry).to.include({ status: 0, code: 50000, fault: "insert-then-drop" });
        });

        it("insert-then-slow: inserts, then holds the answer for createFaultDelayMs", async () => {
            await createSign(simulator());
            await control(simulator(), "PUT", "/_sim/faults", {
                createFault: "insert-then-slow",
                createFaultCount: 1,
                createFaultDelayMs: 600,
            });
            const started = Date.now();
            const slow = await call(simulator(), "POST", "/v1/templates", { json: OTP });
            expect(Date.now() - started).to.be.at.least(580);
            expect(slow.status).to.equal(200);
            // A client that gives up first leaves the object in place; the log shows no answer went out.
            await control(simulator(), "PUT", "/_sim/faults", { createFaultCount: 1, createFaultDelayMs: 5000 });
            const gaveUp = await fetch(`${simulator().url}/v1/templates`, {
                method: "POST",
                headers: {
                    Authorization: `Basic ${Buffer.from(`${APP.appKey}:${APP.masterSecret}`).toString("base64")}`,
                    "Content-Type": "application/json",
                },
                body: JSON.stringify(OTP),
                signal: AbortSignal.timeout(200),
            }).then(
                () => "answered",
                (error: Error) => error.name,
            );
            expect(gaveUp).to.equal("TimeoutError");
            await new Promise((resolve) => setTimeout(resolve, 100));
            expect(await templateIds(simulator())).to.have.length(2);
            const entries = (await control(simulator(), "GET", "/_sim/requests")).json.filter(
                (e: { path: string }) => e.path === "/v1/templates",
            );
            expect(entries.map((e: { status: number; fault?: string }) => [e.status, e.fault])).to.deep.equal([
                [200, "insert-then-slow"],
                [0, "insert-then-slow"],
            ]);
        });

        it("with a rate, faults a reproducible share of creates for a seed", async () => {
            await createSign(simulator());
            const runs: number[][] = [];
            for (let run = 0; run < 2; run++) {
                await control(simulator(), "PUT", "/_sim/faults", {
                    createFault: "insert-then-error",
                    createFaultRate: 0.5,
                    seed: 42,
                });
                const statuses = [];
                for (let i = 0; i < 16; i++)
                    statuses.push((await call(simulator(), "POST", "/v1/templates", { json: OTP })).status);
                runs.push(statuses);
            }
            expect(runs[0]).to.deep.equal(runs[1]);
            expect(runs[0]).to.include(500).and.to.include(200);
            expect(await templateIds(simulator())).to.have.length(32);
        });

        it("is cleared by POST /_sim/reset", async () => {
            await control(simulator(), "PUT", "/_sim/faults", { createFault: "insert-then-drop", createFaultRate: 1 });
            await control(simulator(), "POST", "/_sim/reset");
            expect((await control(simulator(), "PUT", "/_sim/faults", {})).json).to.include({
                createFault: "none",
                createFaultRate: 0,
            });
        });
    });
});
