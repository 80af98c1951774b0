import { expect } from "chai";
import { APP, call, control, DEV, OTHER_APP, useSimulator, vendorError } from "./simulatorHarness";

describe("simulator: authentication", () => {
    const simulator = useSimulator();

    it("answers 400/50001 without credentials", async () => {
        for (const auth of [null, { header: "" }, { header: "Basic " }, { header: "Bearer abc" }]) {
            const response = await call(simulator(), "GET", "/v1/accounts/app", { auth });
            expect(response.status, JSON.stringify(auth)).to.equal(400);
            expect(response.json).to.deep.equal(vendorError(50001, "missing auth"));
        }
    });

    it("answers 401/50002 for a wrong secret, an unknown key or a header that does not decode", async () => {
        const wrong: Array<[string, string] | { header: string }> = [
            [APP.appKey, "wrong"],
            ["unknown", APP.masterSecret],
            [APP.appKey, OTHER_APP.masterSecret],
            { header: `Basic ${Buffer.from("no-colon").toString("base64")}` },
        ];
        for (const auth of wrong) {
            const response = await call(simulator(), "GET", "/v1/templates/10001", { auth });
            expect(response.status, JSON.stringify(auth)).to.equal(401);
            expect(response.json).to.deep.equal(vendorError(50002, "auth failed"));
        }
    });

    it("takes dev credentials only on /v1/accounts/dev and app credentials everywhere else", async () => {
        expect(
            (await call(simulator(), "GET", "/v1/accounts/dev", { auth: [DEV.devKey, DEV.devSecret] })).status,
        ).to.equal(200);
        expect(
            (await call(simulator(), "GET", "/v1/accounts/dev", { auth: [APP.appKey, APP.masterSecret] })).json,
        ).to.deep.equal(vendorError(50002, "auth failed"));
        expect(
            (await call(simulator(), "GET", "/v1/accounts/app", { auth: [DEV.devKey, DEV.devSecret] })).status,
        ).to.equal(401);
        expect(
            (await call(simulator(), "GET", "/v1/accounts/app", { auth: [OTHER_APP.appKey, OTHER_APP.masterSecret] }))
                .status,
        ).to.equal(200);
    });

    it("never records a secret or the Authorization header in the request log", async () => {
        await call(simulator(), "GET", "/v1/accounts/app");
        await call(simulator(), "GET", "/v1/accounts/app", { auth: [APP.appKey, "wrong-secret"] });
        await call(simulator(), "GET", "/v1/accounts/dev", { auth: [DEV.devKey, DEV.devSecret] });
        const log = await control(simulator(), "GET", "/_sim/requests");
        expect(log.json.map((entry: { app: string | null }) => entry.app)).to.deep.equal([APP.appKey, null, null]);
        const text = log.text.toLowerCase();
        for (const secret of [APP.masterSecret, "wrong-secret", DEV.devSecret, "basic", "authorization"]) {
            expect(text).not.to.contain(secret.toLowerCase());
        }
    });

    describe("without dev credentials configured", () => {
        const noDev = useSimulator({ dev: undefined });
        it("refuses every dev balance call", async () => {
            const response = await call(noDev(), "GET", "/v1/accounts/dev", { auth: [DEV.devKey, DEV.devSecret] });
            expect(response.status).to.equal(401);
        });
    });
});
