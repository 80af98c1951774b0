// Why was it rejected, under the real CLI: the simulator rejects a template with a reason and sends JSMS's callback to
// a running jsms-review-hook; `pulumi refresh` records `rejectReason`; a `waitForReview` rejection quotes it; with the
// hook stopped, `pulumi up --refresh` still succeeds and says so in a warning.
import { expect } from "chai";
import { OperationResult, PulumiProject, getResource, requirePulumiCli } from "./support";
import { startHookedSimulator, type HookedSimulator } from "./support/hookedSimulator";
import { simulatorConfig, type ScenarioSimulator } from "./support/scenarioSimulator";

const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const APP = { appKey: "e2ehookappkey93c1d7a0", masterSecret: "e2ehookappsecret-4f1e8b62" };
const TOKEN = "e2e-hook-token-7a3c91f0";
const REASON = "模板用途与内容不符，请在备注中说明发送场景";

const program = (waitForReview: boolean) => `const jsms = require("pulumi-jsms");
const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
const notice = new jsms.SmsTemplate("notice", { template: "您的订单{{orderNo}}已发货", type: jsms.TemplateType.Notification }, { dependsOn: [brand] });
${
    waitForReview
        ? `new jsms.SmsTemplate("strict", { template: "您的退款{{amount}}元已到账", type: jsms.TemplateType.Notification,
    waitForReview: { timeoutSeconds: 60, pollIntervalSeconds: 1 } }, { dependsOn: [brand] });`
        : ""
}
exports.noticeId = notice.tempId;`;

function printed(r: OperationResult): string {
    return `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
}

describe("e2e: rejection reasons through jsms-review-hook (real Pulumi CLI)", function () {
    this.timeout(600_000);
    let hooked: HookedSimulator;
    let sim: ScenarioSimulator;
    let project: PulumiProject;

    before(async function () {
        requirePulumiCli(this);
        hooked = await startHookedSimulator(APP, TOKEN);
        sim = hooked.sim;
        project = await PulumiProject.create({
            name: "review-reasons",
            program: program(false),
            config: { ...simulatorConfig(sim, APP), ...hooked.hookConfig, "jsms:maxRetries": "1" },
        });
    });

    after(async () => {
        await project?.dispose();
        await hooked?.close();
    });

    it("pulumi refresh records the reason the reviewer gave", async () => {
        await project.up();
        const noticeId = Number((await project.outputs()).noticeId);
        await hooked.rejectTemplate(noticeId, REASON);
        const refresh = await project.refresh();
        const notice = getResource(await project.exportStack(), TEMPLATE, "notice");
        expect(notice.outputs, printed(refresh)).to.include({ status: "rejected", rejectReason: REASON });
        expect(String(notice.outputs?.reviewedAt)).to.match(/^\d{4}-\d\d-\d\dT/);
        expect(JSON.stringify(await project.exportStack())).not.to.contain(TOKEN);
    });

    it("a waitForReview rejection fails up with the reviewer's reason, and the template stays recorded", async () => {
        project.writeProgram(program(true));
        const upping = project.up({ allowFailure: true });
        const strictId = await hooked.createdTemplate("您的退款{{amount}}元已到账");
        await hooked.rejectTemplate(strictId, REASON);
        const up = await upping;
        expect(up.code, printed(up)).to.not.equal(0);
        expect(printed(up)).to.contain(REASON);
        expect(getResource(await project.exportStack(), TEMPLATE, "strict").id).to.equal(String(strictId));
    });

    it("with the hook stopped, up --refresh still succeeds and warns", async () => {
        project.writeProgram(program(false));
        await hooked.hook.close();
        const up = await project.up({ args: ["--refresh"] });
        if (process.env.JSMS_E2E_DUMP === "1") process.stderr.write(printed(up));
        expect(up.code, printed(up)).to.equal(0);
        expect(printed(up))
            .to.match(/warning/i)
            .and.to.match(/the review hook at \S+ is unavailable/);
        const notice = getResource(await project.exportStack(), TEMPLATE, "notice");
        expect(notice.outputs, "the last known reason is kept").to.include({ rejectReason: REASON });
        await project.destroy();
        expect(await sim.templates()).to.deep.equal([]);
    });
});
