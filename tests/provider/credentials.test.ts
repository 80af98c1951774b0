/**
 * Credentials: `jsms:apps` profiles for the `app` input, the default app from stack config or the environment, and
 * the errors a person sees when something is missing or wrong, which name what to set and never a secret.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import { closeClients } from "./providerRuntime";
import {
    APP_B_KEY,
    APP_B_SECRET,
    APP_KEY,
    MASTER_SECRET,
    SECRET_STRINGS,
    WRONG_SECRET,
    captureError,
    configureFor,
    recordFailures,
    seenSoFar,
    useSimulator,
} from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";

const PROVIDER = { __provider: "serialized provider text" };
const OTP = { template: "您好，您的验证码是{{code}}，5分钟内有效！", type: 1, ttl: 300 };
const APPS = JSON.stringify({ b: { appKey: APP_B_KEY, masterSecret: APP_B_SECRET } });

describe("provider/credentials", () => {
    const sim = useSimulator({}, { "jsms:apps": APPS });

    before(async () => {
        // Templates need a signature in their app (50046): the default app gets one here, app b in its test.
        await seedApprovedSignature(sim());
    });

    /** Reconfigures as the engine would for a stack whose config is the suite's plus `extra`. */
    function reconfigure(extra: Record<string, string | undefined>): void {
        configureFor(sim(), { "jsms:apps": APPS, ...extra });
    }

    afterEach(async () => {
        reconfigure({});
        for (const key of ["JSMS_APP_KEY", "JSMS_MASTER_SECRET"]) delete process.env[key];
        await closeClients();
    });

    describe("jsms:apps profiles", () => {
        it("creates, reads and deletes a template in the app named by `app`", async () => {
            await seedApprovedSignature(sim(), "b", "乙应用");
            expect((await sim().signs()).find((s) => s.sign === "乙应用")?.app).to.equal(APP_B_KEY);
            await sim().clearRequests();
            const { id, outs } = await handlers.template.create({ ...PROVIDER, ...OTP, app: "b" } as any);
            const stored = (await sim().templates()).find((t) => String(t.id) === id);
            expect(stored?.app).to.equal(APP_B_KEY);
            expect(outs).to.deep.include({ app: "b" });
            const apps = (await sim().requests()).map((r) => r.app);
            expect(apps.length).to.be.greaterThan(0);
            expect(apps.every((a) => a === APP_B_KEY)).to.equal(true, apps.join(", "));
            // The outputs carry the profile name, so read and delete go to app b as well.
            const read = await handlers.template.read(id, outs as any);
            expect(read.id).to.equal(id);
            await handlers.template.delete(id, outs as any);
            expect((await sim().templates()).find((t) => String(t.id) === id)).to.equal(undefined);
        });

        it("keeps apps apart: the default app does not see app b's template", async () => {
            const { id, outs } = await handlers.template.create({ ...PROVIDER, ...OTP, app: "b" } as any);
            const { app: _b, ...withoutApp } = outs as unknown as Record<string, unknown>;
            expect((await handlers.template.read(id, withoutApp as any)).id ?? "").to.equal("");
        });

        it("fails an unknown profile naming it and jsms:apps, in check and in create, without calling JSMS", async () => {
            const check = recordFailures(
                await handlers.template.check({} as any, { ...PROVIDER, ...OTP, app: "c" } as any),
            );
            expect(check.failures).to.have.length(1);
            expect(check.failures![0].property).to.equal("app");
            expect(check.failures![0].reason).to.contain('"c"').and.to.contain("jsms:apps").and.to.contain("b");
            await sim().clearRequests();
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, app: "c" } as any));
            expect(err.message).to.contain('"c"').and.to.contain("jsms:apps");
            expect(await sim().requests()).to.deep.equal([]);
        });

        it("fails when jsms:apps is not set at all, saying so", async () => {
            reconfigure({ "jsms:apps": undefined });
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, app: "b" } as any));
            expect(err.message).to.contain("jsms:apps").and.to.contain("not set");
        });

        it("fails a jsms:apps that is not JSON without quoting it (it holds secrets)", async () => {
            reconfigure({ "jsms:apps": `{"b": {"appKey": "${APP_B_KEY}", "masterSecret": "${APP_B_SECRET}"` });
            const check = recordFailures(
                await handlers.template.check({} as any, { ...PROVIDER, ...OTP, app: "b" } as any),
            );
            expect(check.failures).to.have.length(1);
            expect(check.failures![0]).to.deep.include({ property: "app" });
            expect(check.failures![0].reason).to.contain("jsms:apps").and.not.to.contain(APP_B_SECRET);
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, app: "b" } as any));
            expect(err.message).to.contain("jsms:apps").and.not.to.contain(APP_B_SECRET);
        });

        it("fails a profile missing its secret, naming the profile", async () => {
            reconfigure({ "jsms:apps": JSON.stringify({ b: { appKey: APP_B_KEY } }) });
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, app: "b" } as any));
            expect(err.message).to.contain('"b"').and.to.contain("masterSecret");
        });
    });

    describe("default app", () => {
        const names = ["jsms:appKey", "jsms:masterSecret", "JSMS_APP_KEY", "JSMS_MASTER_SECRET"];

        it("fails every operation without credentials, naming the config keys and variables", async () => {
            reconfigure({ "jsms:appKey": undefined, "jsms:masterSecret": undefined });
            const outs = { ...PROVIDER, ...OTP, tempId: 10001, status: "approved", statusCode: 1 };
            const errors = [
                await captureError(handlers.template.create({ ...PROVIDER, ...OTP } as any)),
                await captureError(handlers.template.read("10001", outs as any)),
                await captureError(
                    handlers.template.update(
                        "10001",
                        outs as any,
                        { ...PROVIDER, ...OTP, template: "新{{code}}" } as any,
                    ),
                ),
                await captureError(handlers.template.delete("10001", outs as any)),
                await captureError(handlers.signature.create({ ...PROVIDER, sign: "极光推送" } as any)),
            ];
            for (const err of errors) {
                for (const name of names) expect(err.message).to.contain(name);
            }
        });

        it("names the keys and contains no secret when only the secret is set", async () => {
            reconfigure({ "jsms:appKey": undefined });
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP } as any));
            for (const name of names) expect(err.message).to.contain(name);
            expect(err.message).not.to.contain(MASTER_SECRET);
            expect(String(err)).not.to.contain(MASTER_SECRET);
        });

        it("falls back to JSMS_APP_KEY and JSMS_MASTER_SECRET", async () => {
            // Settings are read once, when the engine configures the provider: the environment is the process's.
            process.env.JSMS_APP_KEY = APP_KEY;
            process.env.JSMS_MASTER_SECRET = MASTER_SECRET;
            reconfigure({ "jsms:appKey": undefined, "jsms:masterSecret": undefined });
            const { id } = await handlers.template.create({ ...PROVIDER, ...OTP } as any);
            expect((await sim().templates()).find((t) => String(t.id) === id)?.app).to.equal(APP_KEY);
        });

        it("prefers stack config over the environment", async () => {
            process.env.JSMS_APP_KEY = APP_B_KEY;
            process.env.JSMS_MASTER_SECRET = APP_B_SECRET;
            reconfigure({});
            const { id } = await handlers.template.create({ ...PROVIDER, ...OTP } as any);
            expect((await sim().templates()).find((t) => String(t.id) === id)?.app).to.equal(APP_KEY);
        });

        it("reports wrong credentials as JSMS 50002 without the secret or the Authorization header", async () => {
            reconfigure({ "jsms:masterSecret": WRONG_SECRET });
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP } as any));
            expect(err.message).to.contain("50002");
            for (const secret of SECRET_STRINGS) expect(String(err) + err.stack).not.to.contain(secret);
        });
    });

    // In a describe of its own: mocha runs a suite's own tests before its nested suites, and this one must come last.
    describe("afterwards", () => {
        it("has shown no secret in any error or check failure so far", () => {
            const texts = seenSoFar();
            // Non-vacuous: the suites above record well over a dozen messages.
            expect(texts.length).to.be.greaterThan(10);
            const leaks = texts.filter(({ text }) => SECRET_STRINGS.some((s) => text.includes(s)));
            expect(leaks.map((l) => l.where)).to.deep.equal([]);
        });
    });
});
