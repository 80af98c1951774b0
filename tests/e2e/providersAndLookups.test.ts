// Pulumi's resource conventions under the real CLI: `SmsTemplate.get` looks up a template another stack created
// (read-only: live status, no write, destroy leaves it), and one stack with two explicit `jsms.Provider`s of
// different credentials creates in both apps, reads each app's balance, and keeps both secrets encrypted.
import { expect } from "chai";
import { PulumiProject, isSecretEnvelope, requirePulumiCli, resourcesOfType, urnName } from "./support";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const OWNER = { appKey: "e2elookupownerkey81c2", masterSecret: "e2elookupsecret-5e0a7d31" };
const MARKETING = { appKey: "e2emarketingkey4d9b07", masterSecret: "e2emarketingsecret-c83f12a9" };

describe("e2e: explicit providers and lookups (real Pulumi CLI)", function () {
    this.timeout(600_000);
    let sim: ScenarioSimulator;
    const projects: PulumiProject[] = [];

    before(async function () {
        requirePulumiCli(this);
        sim = await ScenarioSimulator.start({ apps: [OWNER, MARKETING], review: "manual" });
    });

    after(async () => {
        for (const p of projects) await p.dispose();
        await sim?.close();
    });

    async function project(
        name: string,
        program: string,
        config: Record<string, string | { value: string; secret?: boolean }>,
    ) {
        const p = await PulumiProject.create({
            name,
            program,
            config: { "jsms:endpoint": sim.url, "jsms:maxRetries": "1", ...config },
        });
        projects.push(p);
        return p;
    }

    it("SmsTemplate.get reads a template created by another stack, status included, with no write; destroy leaves it", async () => {
        const owner = await project(
            "lookup-owner",
            `const jsms = require("pulumi-jsms");
const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
const otp = new jsms.SmsTemplate("otp", { template: "您的验证码是{{code}}", type: jsms.TemplateType.VerificationCode, ttl: 300 }, { dependsOn: [brand] });
exports.otpId = otp.tempId;`,
            { "jsms:appKey": OWNER.appKey, "jsms:masterSecret": { value: OWNER.masterSecret, secret: true } },
        );
        await owner.up();
        const { otpId } = await owner.outputs();
        await sim.review("templates", otpId as number, "approved");

        const reader = await project(
            "lookup-reader",
            `const pulumi = require("@pulumi/pulumi");
const jsms = require("pulumi-jsms");
const shared = jsms.SmsTemplate.get("shared-otp", new pulumi.Config().require("otpId"));
exports.status = shared.status;
exports.copy = shared.template;
exports.tempId = shared.tempId;
exports.isTemplate = jsms.SmsTemplate.isInstance(shared) && !jsms.SmsSignature.isInstance(shared);`,
            {
                "jsms:appKey": OWNER.appKey,
                "jsms:masterSecret": { value: OWNER.masterSecret, secret: true },
                otpId: String(otpId),
            },
        );
        await sim.clearRequests();
        await reader.up();
        expect(await reader.outputs()).to.deep.equal({
            status: "approved",
            copy: "您的验证码是{{code}}",
            tempId: otpId,
            isTemplate: true,
        });
        expect((await sim.requests()).map((r) => `${r.method} ${r.path}`)).to.deep.equal([
            `GET /v1/templates/${otpId}`,
        ]);
        const state = await reader.exportStack();
        expect(resourcesOfType(state, TEMPLATE).map((r) => (r as { external?: boolean }).external)).to.deep.equal([
            true,
        ]);

        await sim.clearRequests();
        await reader.destroy();
        expect((await sim.requests()).filter((r) => r.method !== "GET")).to.deep.equal([]);
        expect(await sim.template(otpId as number)).to.include({ status: 1 });
        await owner.destroy();
        expect(await sim.templates()).to.deep.equal([]);
    });

    it("one stack with two jsms.Provider instances creates in both apps and keeps both secrets encrypted", async () => {
        const stack = await project(
            "two-providers",
            `const pulumi = require("@pulumi/pulumi");
const jsms = require("pulumi-jsms");
const config = new pulumi.Config();
const endpoint = new pulumi.Config("jsms").require("endpoint");
const accounts = {
    transactional: new jsms.Provider("transactional", { endpoint, appKey: config.require("txKey"), masterSecret: config.requireSecret("txSecret") }),
    marketing: new jsms.Provider("marketing", { endpoint, appKey: config.require("mkKey"), masterSecret: config.requireSecret("mkSecret") }),
};
for (const [name, provider] of Object.entries(accounts)) {
    const sign = new jsms.SmsSignature(name + "-brand", { sign: name === "marketing" ? "极光营销" : "极光推送" }, { provider });
    new jsms.SmsTemplate(name + "-notice", { template: "您的订单{{orderNo}}已发货", type: jsms.TemplateType.Notification }, { provider, dependsOn: [sign] });
}
exports.marketingBalance = jsms.getAppBalanceOutput({}, { provider: accounts.marketing });
exports.providerIsJsms = jsms.Provider.isInstance(accounts.marketing);`,
            {
                txKey: OWNER.appKey,
                txSecret: { value: OWNER.masterSecret, secret: true },
                mkKey: MARKETING.appKey,
                mkSecret: { value: MARKETING.masterSecret, secret: true },
            },
        );
        await sim.putBalances({
            app: { [MARKETING.appKey]: { balance: 1200, voice: null, industry: 700, market: 500 } },
        });
        const up = await stack.up();
        expect((await sim.templates(OWNER.appKey)).map((t) => t.template)).to.deep.equal(["您的订单{{orderNo}}已发货"]);
        expect((await sim.templates(MARKETING.appKey)).map((t) => t.template)).to.deep.equal([
            "您的订单{{orderNo}}已发货",
        ]);
        expect((await sim.signs(MARKETING.appKey)).map((s) => s.sign)).to.deep.equal(["极光营销"]);
        expect(await stack.outputs()).to.deep.include({
            marketingBalance: { total: 1200, voice: null, industry: 700, market: 500 },
            providerIsJsms: true,
        });

        const exported = await stack.exportStack();
        const plain = JSON.stringify(exported);
        for (const secret of [OWNER.masterSecret, MARKETING.masterSecret]) {
            expect(plain).not.to.contain(secret);
            expect(`${up.stdout}${up.stderr}`).not.to.contain(secret);
        }
        // Not merely absent: each provider keeps its own secret in state, inside a secret envelope, and it decrypts
        // to that provider's value.
        const providers = resourcesOfType(exported, "pulumi:providers:pulumi-nodejs").filter(
            (r) => r.custom !== false && /::(transactional|marketing)$/.test(r.urn),
        );
        expect(providers.map((r) => urnName(r.urn)).sort()).to.deep.equal(["marketing", "transactional"]);
        for (const resource of providers) {
            expect(
                isSecretEnvelope(resource.inputs?.["jsms:masterSecret"]),
                `jsms:masterSecret of ${resource.urn}`,
            ).to.equal(true);
        }
        const revealed = resourcesOfType(
            await stack.exportStack({ showSecrets: true }),
            "pulumi:providers:pulumi-nodejs",
        );
        // --show-secrets keeps the envelope, with the value as JSON text in `plaintext` instead of `ciphertext`.
        const secretOf = (name: string) => {
            const envelope = revealed.find((r) => urnName(r.urn) === name)?.inputs?.["jsms:masterSecret"] as
                | { plaintext?: string }
                | undefined;
            expect(isSecretEnvelope(envelope), `${name}: still an envelope`).to.equal(true);
            return JSON.parse(envelope!.plaintext!);
        };
        expect(secretOf("transactional")).to.equal(OWNER.masterSecret);
        expect(secretOf("marketing")).to.equal(MARKETING.masterSecret);
        expect(await stack.preview({ args: ["--expect-no-changes"] })).to.have.property("code", 0);
        await stack.destroy();
        expect(await sim.templates()).to.deep.equal([]);
        expect(await sim.signs()).to.deep.equal([]);
    });
});
