// End-to-end: the jsms provider plugin under the real CLI, from Pulumi YAML programs. examples/yaml-gitops through
// its life (preview without API calls, up in two apps, approval and refresh, replacement of an approved template
// created first with the property and reason in preview --diff, in-place update of a rejected one, the delete
// guard, destroy), and the state of a plugin stack holding no provider code.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { signatureKind } from "../../provider/lifecycle/signatureKind";
import { EngineEvent, PulumiProject, diagnosticsOf, repoRoot, resourcesOfType, stepsOf, urnName } from "./support";
import { pointExampleAtPlugin, requireYamlHost } from "./support/pluginProject";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const TEMPLATE = "jsms:index:SmsTemplate";
const SIGNATURE = "jsms:index:SmsSignature";
const OWNER = { appKey: "e2epluginownerkey3f1a", masterSecret: "e2e-plugin-owner-secret-8c2d" };
const MARKETING = { appKey: "e2epluginmarketkey77b0", masterSecret: "e2e-plugin-market-secret-41e9" };

function step(events: EngineEvent[], name: string) {
    return stepsOf(events).filter((s) => urnName(s.urn) === name);
}

describe("e2e: the jsms plugin from Pulumi YAML (real Pulumi CLI)", function () {
    this.timeout(240_000);
    let sim: ScenarioSimulator;
    let project: PulumiProject;

    before(async function () {
        requireYamlHost(this);
        sim = await ScenarioSimulator.start({ apps: [OWNER, MARKETING], review: "manual" });
        project = await PulumiProject.create({
            name: "plugin-yaml-gitops",
            copyFrom: path.join(repoRoot(), "examples", "yaml-gitops"),
            config: {
                "jsms:endpoint": sim.url,
                "jsms:maxRetries": "1",
                "jsms:appKey": OWNER.appKey,
                "jsms:masterSecret": { value: OWNER.masterSecret, secret: true },
                marketingAppKey: MARKETING.appKey,
                marketingMasterSecret: { value: MARKETING.masterSecret, secret: true },
                marketingEndpoint: sim.url,
            },
        });
        pointExampleAtPlugin(project);
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    function editCopy(from: string, to: string): void {
        const file = path.join(project.dir, "Pulumi.yaml");
        const text = fs.readFileSync(file, "utf8");
        expect(text).to.contain(from);
        fs.writeFileSync(file, text.replace(from, to));
    }

    it("preview of a new stack plans every resource and makes no API call", async () => {
        await sim.clearRequests();
        const preview = await project.preview();
        expect(await sim.requests()).to.deep.equal([]);
        const planned = stepsOf(preview.events).filter(
            (s) => s.type.startsWith("jsms:") || s.type === "pulumi:providers:jsms",
        );
        expect(planned.map((s) => `${s.op} ${urnName(s.urn)}`).sort()).to.deep.equal([
            "create brand",
            "create default",
            "create login-code",
            "create marketing",
            "create marketing-brand",
            "create member-day",
            "create order-paid",
        ]);
    });

    it("the policy pack of examples/gitops matches the plugin's resources by their type tokens", async () => {
        const pack = path.join(repoRoot(), "examples", "gitops", "policy");
        const args = ["--policy-pack", pack, "--policy-pack-config", path.join(pack, "policy-config.json")];
        const clean = await project.preview({ args });
        expect(clean.code).to.equal(0);
        editCopy("会员日全场8折", "会员日免费领取");
        const banned = await project.preview({ args, allowFailure: true });
        expect(banned.code).to.not.equal(0);
        const violations = banned.events
            .filter((e) => e.policyEvent)
            .map((e) => e.policyEvent as { policyName?: string; resourceUrn?: string });
        expect(violations.map((v) => [v.policyName, urnName(v.resourceUrn ?? "")])).to.deep.include([
            "jsms-banned-phrases",
            "member-day",
        ]);
        editCopy("会员日免费领取", "会员日全场8折");
        expect(await sim.requests()).to.deep.equal([]);
    });

    it("up creates the templates and signatures, the explicit provider's in its own app", async () => {
        await project.up();
        expect((await sim.signs(OWNER.appKey)).map((s) => s.sign)).to.deep.equal(["极光推送"]);
        expect((await sim.templates(OWNER.appKey)).map((t) => t.remark).sort()).to.deep.equal([
            "支付成功通知",
            "用户登录",
        ]);
        expect((await sim.signs(MARKETING.appKey)).map((s) => s.sign)).to.deep.equal(["极光商城"]);
        expect((await sim.templates(MARKETING.appKey)).map((t) => t.type)).to.deep.equal([3]);
        const outputs = await project.outputs();
        expect(outputs.statuses).to.deep.equal({
            "login-code": "pending",
            "order-paid": "pending",
            "member-day": "pending",
        });
        const memberDay = (await sim.templates(MARKETING.appKey))[0];
        expect(outputs.memberDayId).to.equal(memberDay.id);
        expect(outputs.orderPaidMessage).to.equal(
            "【极光推送】订单{{orderNo}}已支付{{amount}}元，我们会尽快为您发货。",
        );
    });

    it("the state holds no provider code: typed resources with string ids, the credentials encrypted", async () => {
        const state = await project.exportStack();
        const text = JSON.stringify(state);
        expect(text).to.not.contain("__provider");
        expect(text).to.not.match(/exports\.handler|require\(|function\s*\(/);
        expect(text).to.not.contain(OWNER.masterSecret);
        expect(text).to.not.contain(MARKETING.masterSecret);
        const templates = resourcesOfType(state, TEMPLATE);
        expect(templates).to.have.length(3);
        for (const t of templates) {
            expect(t.id).to.equal(String(t.outputs?.tempId));
            expect(t.provider).to.match(/::pulumi:providers:jsms::(default|marketing)::/);
        }
        expect(resourcesOfType(state, SIGNATURE)).to.have.length(2);
    });

    it("approval + refresh shows approved", async () => {
        const { loginCodeId } = await project.outputs();
        await sim.review("templates", loginCodeId as number, "approved");
        await project.refresh();
        const state = await project.exportStack();
        const status = (name: string) =>
            resourcesOfType(state, TEMPLATE).find((r) => urnName(r.urn) === name)?.outputs?.status;
        expect([status("login-code"), status("order-paid")]).to.deep.equal(["approved", "pending"]);
    });

    it("a change of a pending signature is a replacement that deletes the old one first (one pending signature per app)", async () => {
        editCopy("remark: 公司简称", "remark: 公司全称的简称");
        const preview = await project.preview();
        const ops = step(preview.events, "brand").map((s) => s.op);
        expect(ops, JSON.stringify(ops)).to.deep.equal(["delete-replaced", "replace", "create-replacement"]);
        const replace = step(preview.events, "brand").find((s) => s.op === "replace")!;
        expect(replace.detailedDiff).to.deep.equal({ remark: { diffKind: "update-replace", inputDiff: true } });
        const reasons = diagnosticsOf(preview.events).filter((d) => d.urn?.endsWith("::brand"));
        expect(reasons.map((d) => d.message).join("")).to.contain(
            "the signature is pending and JSMS modifies only rejected ones",
        );

        // And the up does it in that order at JSMS: the old pending signature is deleted, then the new one created.
        // Changing the remark back is the same replacement again, which leaves the stack as the next tests expect.
        const upReplacesBrand = async (remark: string) => {
            const [old] = await sim.signs(OWNER.appKey);
            await sim.clearRequests();
            await project.up();
            const writes = (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
            expect(writes, remark).to.deep.equal([`DELETE /v1/sign/${old.id}`, "POST /v1/sign"]);
            const now = await sim.signs(OWNER.appKey);
            expect(
                now.map((sign) => [sign.sign, sign.remark, sign.id === old.id]),
                remark,
            ).to.deep.equal([["极光推送", remark, false]]);
        };
        await upReplacesBrand("公司全称的简称");
        editCopy("remark: 公司全称的简称", "remark: 公司简称");
        await upReplacesBrand("公司简称");
    });

    it("a copy change on an approved template: preview --diff names the property and the reason; up creates the new one first", async () => {
        const { loginCodeId } = await project.outputs();
        editCopy(
            "您的登录验证码是{{code}}，10分钟内有效，请勿泄露。",
            "您的登录验证码为{{code}}，10分钟内有效，切勿泄露。",
        );
        await sim.clearRequests();
        const preview = await project.preview();
        expect(await sim.requests()).to.deep.equal([]);
        const replace = step(preview.events, "login-code").find((s) => s.op === "replace");
        expect(replace, JSON.stringify(step(preview.events, "login-code"))).to.not.equal(undefined);
        // The message one send delivers changes with the copy (an output the provider derives, known in preview).
        expect(replace!.detailedDiff).to.deep.equal({
            template: { diffKind: "update-replace", inputDiff: true },
            message: { diffKind: "update", inputDiff: true },
        });
        const reasons = diagnosticsOf(preview.events).filter((d) => d.urn?.endsWith("::login-code"));
        expect(reasons.map((d) => d.message).join("")).to.contain(
            "the template is approved and JSMS modifies only rejected ones, so a new template replaces it (replaced because of: template)",
        );
        expect(preview.stdout).to.match(/\+-jsms:index:SmsTemplate: \(replace\)/);
        expect(preview.stdout).to.contain("~ template:");

        await sim.clearRequests();
        await project.up();
        const writes = (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
        expect(writes).to.deep.equal(["POST /v1/templates", `DELETE /v1/templates/${loginCodeId}`]);
        const { loginCodeId: newId } = await project.outputs();
        expect(newId).to.not.equal(loginCodeId);
    });

    it("a copy change on a rejected template is an in-place update, with its reason", async () => {
        const { orderPaidId } = await project.outputs();
        await sim.review("templates", orderPaidId as number, "rejected");
        await project.refresh();
        editCopy("我们会尽快为您发货。", "我们将尽快为您发货。");
        const preview = await project.preview();
        const update = step(preview.events, "order-paid").find((s) => s.op === "update");
        expect(update, JSON.stringify(step(preview.events, "order-paid"))).to.not.equal(undefined);
        expect(update!.detailedDiff).to.deep.equal({
            template: { diffKind: "update", inputDiff: true },
            message: { diffKind: "update", inputDiff: true },
        });
        const reasons = diagnosticsOf(preview.events).filter((d) => d.urn?.endsWith("::order-paid"));
        expect(reasons.map((d) => d.message).join("")).to.contain(
            "the template was rejected, so JSMS lets it be modified and resubmitted in place",
        );

        await sim.clearRequests();
        await project.up();
        const writes = (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
        expect(writes).to.deep.equal([`PUT /v1/templates/${orderPaidId}`]);
        expect((await project.outputs()).orderPaidId).to.equal(orderPaidId);
    });

    it("the delete guard refuses a signature in use with the dynamic provider's message; destroy then leaves the simulator empty", async () => {
        const { signId } = await project.outputs();
        await sim.setUsage(signId as number, { inUse: true });
        const live = (await sim.signs(OWNER.appKey)).find((s) => s.id === signId)!;
        const expected = signatureKind.refuseDelete!(
            signId as number,
            { signId: live.id, sign: live.sign, status: live.status, isDefault: false, inUse: true },
            undefined,
        )!;
        // The same message as the dynamic provider's, which must itself say what is refused and why (not be empty).
        expect(expected.message).to.match(
            new RegExp(`^refusing to delete signature ${signId} "极光推送": it is in use for sending\\. `),
        );
        const refused = await project.destroy({ allowFailure: true });
        expect(refused.code).to.not.equal(0);
        expect(refused.stdout.replace(/\s+/g, " ")).to.contain(expected.message.replace(/\s+/g, " "));
        expect((await sim.signs(OWNER.appKey)).map((s) => s.id)).to.deep.equal([signId]);

        await sim.setUsage(signId as number, { inUse: false });
        await project.destroy();
        const state = await sim.state();
        expect(state.templates).to.deep.equal([]);
        expect(state.signs).to.deep.equal([]);
    });
});
