import { expect } from "chai";
import { DEFAULT_APP_BALANCE, DEFAULT_DEV_BALANCE } from "../../simulator";
import { APP, call, control, DEV, OTHER_APP, useSimulator, vendorError } from "./simulatorHarness";

const DEV_AUTH: [string, string] = [DEV.devKey, DEV.devSecret];

describe("simulator: balances", () => {
    const simulator = useSimulator();

    it("answers the default app and dev balances, with null for kinds not allocated", async () => {
        expect((await call(simulator(), "GET", "/v1/accounts/app")).json).to.deep.equal({
            app_balance: DEFAULT_APP_BALANCE.balance,
            app_voice: null,
            app_industry: DEFAULT_APP_BALANCE.industry,
            app_market: DEFAULT_APP_BALANCE.market,
        });
        expect((await call(simulator(), "GET", "/v1/accounts/dev", { auth: DEV_AUTH })).json).to.deep.equal({
            dev_balance: DEFAULT_DEV_BALANCE.balance,
            dev_voice: DEFAULT_DEV_BALANCE.voice,
            dev_industry: DEFAULT_DEV_BALANCE.industry,
            dev_market: DEFAULT_DEV_BALANCE.market,
        });
    });

    it("applies partial updates per app and to the account", async () => {
        const updated = await control(simulator(), "PUT", "/_sim/balances", {
            app: { [APP.appKey]: { balance: 7, voice: 3 } },
            dev: { market: null },
        });
        expect(updated.status).to.equal(200);
        expect((await call(simulator(), "GET", "/v1/accounts/app")).json).to.deep.equal({
            app_balance: 7,
            app_voice: 3,
            app_industry: DEFAULT_APP_BALANCE.industry,
            app_market: DEFAULT_APP_BALANCE.market,
        });
        expect((await call(simulator(), "GET", "/v1/accounts/dev", { auth: DEV_AUTH })).json.dev_market).to.equal(null);
        const other = await call(simulator(), "GET", "/v1/accounts/app", {
            auth: [OTHER_APP.appKey, OTHER_APP.masterSecret],
        });
        expect(other.json.app_balance).to.equal(DEFAULT_APP_BALANCE.balance);
    });

    it("answers 403/50033 for an app with no allocation, and all-null fields once one is partly set again", async () => {
        await control(simulator(), "PUT", "/_sim/balances", { app: { [APP.appKey]: null } });
        const refused = await call(simulator(), "GET", "/v1/accounts/app");
        expect(refused.status).to.equal(403);
        expect(refused.json).to.deep.equal(vendorError(50033, "app quota not assigned"));
        await control(simulator(), "PUT", "/_sim/balances", { app: { [APP.appKey]: { market: 5 } } });
        expect((await call(simulator(), "GET", "/v1/accounts/app")).json).to.deep.equal({
            app_balance: null,
            app_voice: null,
            app_industry: null,
            app_market: 5,
        });
    });

    it("refuses balance updates for unknown apps or with bad values", async () => {
        expect(
            (await control(simulator(), "PUT", "/_sim/balances", { app: { nope: { balance: 1 } } })).status,
        ).to.equal(400);
        expect((await control(simulator(), "PUT", "/_sim/balances", { dev: { balance: -1 } })).status).to.equal(400);
        expect((await control(simulator(), "PUT", "/_sim/balances", { dev: { total: 1 } })).status).to.equal(400);
    });
});
