import { expect } from "chai";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { APP, call, control, useSimulator, vendorError } from "./simulatorHarness";

describe("simulator: faults", () => {
    describe("latency", () => {
        const simulator = useSimulator({ latencyMs: 300 });
        it("delays every /v1 response, errors included, but not /_sim", async () => {
            for (const path of ["/v1/accounts/app", "/nowhere"]) {
                const started = Date.now();
                await call(simulator(), "GET", path);
                expect(Date.now() - started, path).to.be.at.least(290);
            }
            const started = Date.now();
            await control(simulator(), "GET", "/_sim/state");
            expect(Date.now() - started).to.be.below(250);
        });
    });

    describe("rate limit", () => {
        const simulator = useSimulator({ rateLimitPerSecond: 2 });
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
            expect(log.map((entry: { code: number }) => entry.code)).to.deep.equal([50000, 50000, 50009, 50009, 50009, 50000]);
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
                expect(reseeded.json).to.deep.equal({ latencyMs: 0, rateLimitPerSecond: 0, errorRate: 0.5 });
                expect(await statuses(simulator, 16)).to.deep.equal(first);
            } finally {
                await simulator.close();
            }
        });
    });
});
