/**
 * `getAppBalance()` / `getDevBalance()` from the program side, against the simulator, with credentials from the
 * `JSMS_*` environment (and `jsms:apps` from the program's stack config for a named profile).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { getAppBalance, getDevBalance } from "../../provider/balance";
import {
    APP_B_KEY,
    APP_B_SECRET,
    APP_KEY,
    DEV_KEY,
    DEV_SECRET,
    MASTER_SECRET,
    Sim,
    captureError,
    isolateJsmsEnv,
    startSim,
} from "./providerFixtures";

describe("provider/balances", () => {
    let sim: Sim;
    let restoreEnv: () => void;
    let savedConfig: Record<string, string>;

    before(async () => {
        restoreEnv = isolateJsmsEnv();
        savedConfig = pulumi.runtime.allConfig();
        pulumi.runtime.setAllConfig({});
        sim = await startSim();
    });

    beforeEach(async () => {
        await sim.reset();
        process.env.JSMS_APP_KEY = APP_KEY;
        process.env.JSMS_MASTER_SECRET = MASTER_SECRET;
        process.env.JSMS_ENDPOINT = sim.url;
        process.env.JSMS_DEV_KEY = DEV_KEY;
        process.env.JSMS_DEV_SECRET = DEV_SECRET;
        process.env.JSMS_MAX_RETRIES = "1";
    });

    afterEach(() => {
        pulumi.runtime.setAllConfig({});
    });

    after(async () => {
        await sim.close();
        pulumi.runtime.setAllConfig(savedConfig);
        restoreEnv();
    });

    it("reads the app balance, with null for kinds that have no quota", async () => {
        await sim.balances({ app: { [APP_KEY]: { balance: 7, voice: null, industry: 5, market: 3 } } });
        expect(await getAppBalance()).to.deep.equal({ total: 7, voice: null, industry: 5, market: 3 });
        const calls = (await sim.requests()).map((r) => `${r.method} ${r.path} ${r.app}`);
        expect(calls).to.deep.equal([`GET /v1/accounts/app ${APP_KEY}`]);
    });

    it("reads the account (dev) balance with the dev credentials", async () => {
        await sim.balances({ dev: { balance: 11, voice: 22, industry: null, market: 44 } });
        expect(await getDevBalance()).to.deep.equal({ total: 11, voice: 22, industry: null, market: 44 });
        expect((await sim.requests()).map((r) => `${r.method} ${r.path}`)).to.deep.equal(["GET /v1/accounts/dev"]);
    });

    it("reports an app without any allocation (50033) as all nulls", async () => {
        await sim.balances({ app: { [APP_KEY]: null } });
        expect(await getAppBalance()).to.deep.equal({ total: null, voice: null, industry: null, market: null });
        expect((await sim.requests()).map((r) => r.code)).to.deep.equal([50033]);
    });

    it("reads the balance of a named jsms:apps profile", async () => {
        pulumi.runtime.setAllConfig({
            "jsms:apps": JSON.stringify({ b: { appKey: APP_B_KEY, masterSecret: APP_B_SECRET } }),
        });
        await sim.balances({
            app: { [APP_KEY]: { balance: 1 }, [APP_B_KEY]: { balance: 222, voice: 0, industry: null, market: 9 } },
        });
        expect(await getAppBalance({ app: "b" })).to.deep.equal({ total: 222, voice: 0, industry: null, market: 9 });
        expect((await sim.requests()).map((r) => r.app)).to.deep.equal([APP_B_KEY]);
    });

    it("prefers the program's stack config over the environment", async () => {
        pulumi.runtime.setAllConfig({ "jsms:appKey": APP_B_KEY, "jsms:masterSecret": APP_B_SECRET });
        await sim.balances({ app: { [APP_B_KEY]: { balance: 5 } } });
        expect((await getAppBalance()).total).to.equal(5);
    });

    it("fails an unknown profile naming jsms:apps", async () => {
        const err = await captureError(getAppBalance({ app: "nosuchapp" }));
        expect(err.message).to.contain("nosuchapp").and.to.contain("jsms:apps");
    });

    it("fails without dev credentials, naming the keys and variables", async () => {
        delete process.env.JSMS_DEV_KEY;
        delete process.env.JSMS_DEV_SECRET;
        const err = await captureError(getDevBalance());
        for (const name of ["jsms:devKey", "jsms:devSecret", "JSMS_DEV_KEY", "JSMS_DEV_SECRET"])
            expect(err.message).to.contain(name);
    });

    it("fails without app credentials, naming the keys and variables and no secret", async () => {
        delete process.env.JSMS_APP_KEY;
        const err = await captureError(getAppBalance());
        for (const name of ["jsms:appKey", "jsms:masterSecret", "JSMS_APP_KEY", "JSMS_MASTER_SECRET"])
            expect(err.message).to.contain(name);
        expect(err.message).not.to.contain(MASTER_SECRET);
    });
});
