/**
 * What the one lifecycle core guarantees for both kinds alike: the same check of the shared inputs (adoptId), the
 * settings value and its problems, one status read where two were made, and digests that describe the bytes sent.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { readSettings } from "../../provider/settings";
import { configure, handlers } from "./providerRuntime";
import {
    captureError,
    configureFor,
    recordFailures,
    stackConfig,
    useSimulator,
    writeImageFiles,
    ImageFiles,
} from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";
import { greyPng } from "../support/imageBytes";

const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const PROVIDER = { __provider: "serialized provider text" };
const OTP = { template: "您的验证码是{{code}}", type: 1, ttl: 300 };

describe("provider/lifecycle core", () => {
    const sim = useSimulator();
    let files: ImageFiles;

    before(() => {
        files = writeImageFiles();
    });
    after(() => files.cleanup());
    beforeEach(async () => {
        await sim().reset();
        configureFor(sim());
    });

    describe("adoptId is checked the same way for both kinds", () => {
        for (const [kind, news] of [
            ["template", OTP],
            ["signature", { sign: "极光推送" }],
        ] as const) {
            it(`${kind}: "abc" is a failure on adoptId (never NaN), and "42" becomes the number 42`, async () => {
                const bad = recordFailures(
                    await handlers[kind].check({}, { ...PROVIDER, ...news, adoptId: "abc" } as any),
                );
                expect(bad.failures.map((f: any) => f.property)).to.deep.equal(["adoptId"]);
                expect(bad.failures[0].reason).to.contain(`JSMS ${kind}`);
                expect((bad.inputs as any).adoptId).to.equal("abc");
                const good = await handlers[kind].check({}, { ...PROVIDER, ...news, adoptId: "42" } as any);
                expect(good.failures).to.deep.equal([]);
                expect((good.inputs as any).adoptId).to.equal(42);
            });
        }
    });

    describe("settings, read once into one value", () => {
        it("reports a malformed tuning value as a check failure naming the key, and refuses every other call", async () => {
            const config = stackConfig(sim(), { "jsms:maxRetries": "many", "jsms:requestTimeoutMs": "-5" });
            configure({ get: (key: string) => config[key] });
            const checked = recordFailures(await handlers.template.check({}, { ...PROVIDER, ...OTP } as any));
            const reasons = checked.failures.map((f: any) => f.reason).join("\n");
            expect(reasons).to.contain("jsms:maxRetries").and.contain('"many"').and.contain("JSMS_MAX_RETRIES");
            expect(reasons).to.contain("jsms:requestTimeoutMs");
            await sim().clearRequests();
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP } as any));
            expect(err.message).to.contain("jsms:maxRetries");
            expect(err.stack, "printed without a stack trace").not.to.contain("at ");
            expect(await sim().requests()).to.deep.equal([]);
        });

        it("reports an endpoint that is not a URL", () => {
            const settings = readSettings({ get: (key) => ({ "jsms:endpoint": "api.sms.jpush.cn" })[key] }, {});
            expect(settings.problems.map((p) => p.key)).to.deep.equal(["jsms:endpoint"]);
        });

        it("keeps credentials out of every printed form of the settings", () => {
            const settings = readSettings(
                { get: (key) => ({ "jsms:appKey": "k", "jsms:masterSecret": "s3cr3t-value" })[key] },
                {},
            );
            expect(JSON.stringify(settings)).not.to.contain("s3cr3t-value");
            expect(require("util").inspect(settings, { showHidden: false })).not.to.contain("s3cr3t-value");
            expect(settings.appCredentials()).to.deep.equal({ appKey: "k", masterSecret: "s3cr3t-value" });
            expect(Object.isFrozen(settings)).to.equal(true);
        });

        it("takes an explicit provider's typed arguments (numbers, objects) like stack config text", () => {
            const apps = { b: { appKey: "bk", masterSecret: "bs" } };
            const settings = readSettings({ get: (key) => ({ "jsms:maxRetries": 2, "jsms:apps": apps })[key] }, {});
            expect(settings.problems).to.deep.equal([]);
            expect(settings.maxRetries).to.equal(2);
            expect(settings.appCredentials("b")).to.deep.equal({ appKey: "bk", masterSecret: "bs" });
        });
    });

    describe("requests after a write", () => {
        it("under waitForReview, the first status read waits one interval (no two reads back to back)", async () => {
            await seedApprovedSignature(sim());
            await sim().clearRequests();
            const created = handlers.template.create({
                ...PROVIDER,
                ...OTP,
                waitForReview: { timeoutSeconds: 5, pollIntervalSeconds: 0.2 },
            } as any);
            const id = String((await eventuallyTemplate()).id);
            await sim().review("templates", id, "approved");
            const { outs } = await created;
            expect(outs).to.deep.include({ status: "approved", statusCode: 1 });
            const calls = (await sim().requests()).map((r) => `${r.method} ${r.path}`);
            expect(calls).to.deep.equal(["POST /v1/templates", `GET /v1/templates/${id}`]);
        });

        async function eventuallyTemplate() {
            for (let i = 0; i < 200; i++) {
                const [t] = await sim().templates();
                if (t) return t;
                await new Promise((r) => setTimeout(r, 5));
            }
            throw new Error("no template was created");
        }
    });

    describe("signature files are read once", () => {
        it("records the digest of the bytes sent, even when the file changed after check", async () => {
            await seedApprovedSignature(sim(), undefined, "旧签名");
            const file = path.join(files.dir, "changing.png");
            fs.writeFileSync(file, greyPng(8, 8));
            const checked = await handlers.signature.check({}, {
                ...PROVIDER,
                sign: "极光推送",
                images: [file],
            } as any);
            expect(checked.failures).to.deep.equal([]);
            const changed = greyPng(9, 9);
            fs.writeFileSync(file, changed);
            const { id, outs } = await handlers.signature.create(checked.inputs as any);
            const stored = (await sim().signs()).find((s) => String(s.id) === id);
            expect(stored.images.map((i: any) => i.sha256)).to.deep.equal([digest(changed)]);
            expect((outs as any).imageDigests).to.deep.equal([digest(changed)]);
        });

        it("uploads an image whose name has no extension, typed by its bytes", async () => {
            const file = path.join(files.dir, "image0");
            fs.writeFileSync(file, greyPng(10, 10));
            const checked = recordFailures(
                await handlers.signature.check({}, { ...PROVIDER, sign: "极光推送", images: [file] } as any),
            );
            expect(checked.failures).to.deep.equal([]);
            const { id } = await handlers.signature.create(checked.inputs as any);
            const stored = (await sim().signs()).find((s) => String(s.id) === id);
            expect(stored.images.map((i: any) => i.name)).to.deep.equal(["image0"]);
        });
    });
});
