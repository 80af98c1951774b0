// jsms-copy-review under the real CLI: the gitops example with its policy pack, templates reviewed by the simulator
// (one approved, one rejected with a reason the review hook received), then a pull request that adds one, changes
// the approved one (replace), changes the rejected one (update), deletes one and breaks a mandatory rule. The
// command runs the preview itself; its Markdown and HTML must hold each change with its action, counts and reason.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiProject, repoRoot, requirePulumiCli } from "./support";
import { startHookedSimulator, type HookedSimulator } from "./support/hookedSimulator";
import { pointExampleAtPlugin, requireYamlHost } from "./support/pluginProject";
import { runCopyReview } from "./support/copyReviewCli";
import { ScenarioSimulator, simulatorConfig } from "./support/scenarioSimulator";

const APP = { appKey: "e2ecopyreview5c2e81d4", masterSecret: "e2ecopyreviewsecret-7d1a" };
const TOKEN = "e2e-copy-review-token-3b9f";
const REASON = "签名与内容不符，请说明<用途>|场景";

function copyFile(templates: string): string {
    return `signature:\n  sign: 极光推送\n  remark: 公司简称\ntemplates:\n${templates}`;
}
const BEFORE = copyFile(`  login-code:
    type: verification
    template: 您的登录验证码是{{code}}，10分钟内有效。
    ttl: 300
    remark: 用户登录
    variableLengths: { code: 6 }
  order-paid:
    type: notification
    template: 订单{{orderNo}}已支付。
    remark: 支付成功通知
    variableLengths: { orderNo: 20 }
  spring-sale:
    type: marketing
    template: 春季上新，全场八折。
    remark: 春季促销
`);
const AFTER = copyFile(`  login-code:
    type: verification
    template: 您的登录验证码是{{code}}，5分钟内有效，请勿泄露。
    ttl: 300
    remark: 用户登录
    variableLengths: { code: 6 }
  order-paid:
    type: notification
    template: 订单{{orderNo}}已支付成功，我们会尽快发货。
    remark: 支付成功通知
    variableLengths: { orderNo: 20 }
  summer-sale:
    type: marketing
    template: 夏季大促，会员免费包邮。
    remark: 夏季促销
`);

describe("e2e: jsms-copy-review of a pull request (gitops example, policy pack, review hook, real Pulumi CLI)", function () {
    this.timeout(600_000);
    let folder: string;
    let hooked: HookedSimulator;
    let sim: ScenarioSimulator;
    let project: PulumiProject;

    const review = (args: string[]) => runCopyReview(project, args);

    before(async function () {
        requirePulumiCli(this);
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-e2e-copy-review-"));
        hooked = await startHookedSimulator(APP, TOKEN);
        sim = hooked.sim;
        project = await PulumiProject.create({
            name: "copy-review",
            copyFrom: path.join(repoRoot(), "examples", "gitops"),
            files: { "templates.yaml": BEFORE },
            config: { ...simulatorConfig(sim, APP), ...hooked.hookConfig },
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        });
        await project.up();
        for (const sign of await sim.signs()) {
            await sim.review("signs", sign.id, "approved");
        }
        for (const t of await sim.templates()) {
            if (t.template.startsWith("订单")) {
                await hooked.rejectTemplate(t.id, REASON);
            } else {
                await sim.review("templates", t.id, "approved");
            }
        }
        await project.refresh();
        project.writeFile("templates.yaml", AFTER);
        await sim.clearRequests();
    });

    after(async () => {
        await project?.dispose();
        await hooked?.close();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    let markdown = "";
    let html = "";

    it("runs the preview with the policy pack and exits 1 on the mandatory finding (--fail-on mandatory)", async () => {
        const out = path.join(folder, "review");
        const run = await review([
            "--stack",
            project.stack,
            "--out",
            out,
            "--price-per-sms",
            "0.045",
            "--currency",
            "CNY",
            "--policy-pack",
            "policy",
            "--policy-pack-config",
            "policy/policy-config.json",
            "--fail-on",
            "mandatory",
        ]);
        expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(1);
        expect(run.stderr).to.contain("mandatory jsms-banned-phrases");
        markdown = fs.readFileSync(path.join(out, "copy-review.md"), "utf8");
        html = fs.readFileSync(path.join(out, "copy-review.html"), "utf8");
        if (process.env.JSMS_E2E_DUMP === "1") {
            fs.copyFileSync(path.join(out, "copy-review.html"), path.join(os.tmpdir(), "copy-review-e2e.html"));
            process.stderr.write(markdown);
        }
        expect(await sim.requests(), "a preview writes nothing").to.satisfy((rs: Array<{ method: string }>) =>
            rs.every((r) => r.method === "GET"),
        );
    });

    it("the Markdown holds each change with its action, counts, costs, status and the hook's reason", () => {
        expect(markdown.startsWith("<!-- jsms-copy-review -->")).to.equal(true);
        expect(markdown).to.contain("1 new, 1 changed in place, 1 replaced, 1 deleted; 1 unchanged");
        expect(markdown).to.contain("Policy findings: 1 mandatory");
        const section = (name: string) => {
            const start = markdown.indexOf(`<code>${name}</code>`);
            expect(start, `a section for ${name}`).to.be.greaterThan(-1);
            const next = markdown.indexOf("\n#### ", start);
            return markdown.slice(start, next === -1 ? undefined : next);
        };
        const heading = (name: string) =>
            markdown.split("\n").find((l) => l.startsWith("#### ") && l.includes(`<code>${name}</code>`));
        expect(heading("login-code")).to.contain("replaced");
        expect(section("login-code"))
            .to.contain("JSMS only edits rejected templates")
            .and.to.contain("approved (template");
        expect(section("login-code")).to.contain("<del>10</del>").and.to.contain("<ins>5</ins>");
        // 【极光推送】6 + 您的登录验证码是 8 + code 6 + ，5分钟内有效，请勿泄露。 13 = 33 (was 6 + 8 + 6 + ，10分钟内有效。 9 = 29)
        expect(section("login-code")).to.match(/\| characters \| 29 \| 33 \|/);
        expect(section("login-code")).to.match(/\| cost per 10,000 sends \| CNY 450\.00 \| CNY 450\.00 \|/);
        expect(heading("order-paid")).to.contain("changed in place");
        expect(section("order-paid"))
            .to.contain("rejected (template")
            .and.to.contain("JSMS lets a rejected template be edited");
        expect(section("order-paid")).to.contain("签名与内容不符，请说明\\<用途\\>\\|场景");
        expect(heading("summer-sale")).to.contain("new");
        expect(section("summer-sale")).to.contain("mandatory jsms-banned-phrases");
        expect(section("summer-sale")).to.contain("回T退订");
        expect(heading("spring-sale")).to.contain("deleted");
        expect(section("spring-sale")).to.contain("春季上新，全场八折。回T退订");
    });

    it("the HTML holds the same changes, with the reason and the finding", () => {
        for (const [name, action] of [
            ["login-code", "replace"],
            ["order-paid", "update"],
            ["summer-sale", "create"],
            ["spring-sale", "delete"],
        ]) {
            expect(html).to.contain(`data-name="${name}" data-action="${action}"`);
        }
        expect(html).to.contain(`<q class="reason">签名与内容不符，请说明&#60;用途&#62;|场景</q>`);
        expect(html).to.match(/<li class="mandatory">mandatory jsms-banned-phrases: [^<]*summer-sale/);
        expect(html).not.to.match(/<script|<link|https?:\/\//i);
    });

    it("--fail-on never exits 0 with the same review; a saved preview is read with --preview-json", async () => {
        const out = path.join(folder, "never");
        const run = await review([
            "--stack",
            project.stack,
            "--out",
            out,
            "--policy-pack",
            "policy",
            "--policy-pack-config",
            "policy/policy-config.json",
            "--fail-on",
            "never",
        ]);
        expect(run.code, run.stderr).to.equal(0);
        const saved = await project.run([
            "preview",
            "--json",
            "--show-sames",
            "--non-interactive",
            "--stack",
            project.stack,
        ]);
        expect(saved.code, saved.stderr).to.equal(0);
        project.writeFile("saved-preview.json", saved.stdout);
        const fromFile = await review(["--preview-json", "saved-preview.json", "--out", path.join(folder, "saved")]);
        expect(fromFile.code, fromFile.stderr).to.equal(0);
        const md = fs.readFileSync(path.join(folder, "saved", "copy-review.md"), "utf8");
        expect(md)
            .to.contain("1 new, 1 changed in place, 1 replaced, 1 deleted; 1 unchanged")
            .and.to.contain("No policy pack was run");
    });

    it("errors are one line and exit 2: no such stack, a file that is not a preview", async () => {
        const noStack = await review(["--stack", "no-such-stack", "--out", path.join(folder, "x")]);
        expect(noStack.code).to.equal(2);
        expect(noStack.stderr.trim().split("\n")).to.have.length(1);
        expect(noStack.stderr).to.match(/^jsms-copy-review: pulumi preview failed: .*no-such-stack/);
        const notPreview = await review(["--preview-json", "Pulumi.yaml", "--out", path.join(folder, "y")]);
        expect(notPreview.code).to.equal(2);
        expect(notPreview.stderr.trim()).to.match(
            /^jsms-copy-review: Pulumi\.yaml is not a pulumi preview --json document: not JSON/,
        );
    });
});

describe("e2e: jsms-copy-review of a Pulumi YAML program (the jsms plugin, two apps, real Pulumi CLI)", function () {
    this.timeout(600_000);
    const OWNER = { appKey: "e2ecopyyamlowner91c3aa", masterSecret: "e2e-copy-yaml-owner-5d0e" };
    const MARKETING = { appKey: "e2ecopyyamlmarket2b7d4", masterSecret: "e2e-copy-yaml-market-a61f" };
    let sim: ScenarioSimulator;
    let project: PulumiProject;
    let folder: string;

    before(async function () {
        requireYamlHost(this);
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-e2e-copy-review-yaml-"));
        sim = await ScenarioSimulator.start({ apps: [OWNER, MARKETING], review: "approve" });
        project = await PulumiProject.create({
            name: "copy-review-yaml",
            copyFrom: path.join(repoRoot(), "examples", "yaml-gitops"),
            config: {
                ...simulatorConfig(sim, OWNER),
                marketingAppKey: MARKETING.appKey,
                marketingMasterSecret: { value: MARKETING.masterSecret, secret: true },
                marketingEndpoint: sim.url,
            },
        });
        pointExampleAtPlugin(project);
        await project.up();
        await project.refresh();
        const file = path.join(project.dir, "Pulumi.yaml");
        const text = fs.readFileSync(file, "utf8");
        expect(text).to.contain("会员日全场8折").and.to.contain("我们会尽快为您发货。");
        fs.writeFileSync(
            file,
            text
                .replace("会员日全场8折", "会员日全场7折")
                .replace("我们会尽快为您发货。", "我们会尽快为您发货，请留意物流短信。"),
        );
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it("shows the plugin's templates replaced, grouped by app, with the opt-out text of the marketing one", async () => {
        const run = await runCopyReview(project, ["--stack", project.stack, "--out", folder]);
        expect(run.code, run.stderr).to.equal(0);
        const md = fs.readFileSync(path.join(folder, "copy-review.md"), "utf8");
        if (process.env.JSMS_E2E_DUMP === "1") process.stderr.write(md);
        expect(md).to.contain("2 replaced; 3 unchanged");
        const owner = md.indexOf(`app ${OWNER.appKey}`);
        const marketing = md.indexOf(`app ${MARKETING.appKey}`);
        expect(owner, md).to.be.greaterThan(-1);
        expect(marketing, md).to.be.greaterThan(-1);
        const ownerPart = md.slice(owner, marketing > owner ? marketing : undefined);
        const marketingPart = marketing > owner ? md.slice(marketing) : md.slice(marketing, owner);
        expect(ownerPart)
            .to.match(/replaced: template <code>order-paid<\/code>/)
            .and.to.contain("<ins>，请留意物流短信</ins>");
        expect(marketingPart)
            .to.match(/replaced: template <code>member-day<\/code>/)
            .and.to.contain("<del>8</del>")
            .and.to.contain("回T退订");
    });
});
