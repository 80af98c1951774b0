// The whole run from saved previews, as a function and as the command: several stacks in one review, the files
// written, and every refusal one line with exit status 2 (usage and errors alike); --help and --version exit 0.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CopyReviewError, failingFindings, planCopyReview, runCopyReview, type PolicyFinding } from "../../copyreview";
import { previewOf, templateStep } from "./previewSteps";

const CLI = path.resolve(__dirname, "../../copyreview/cli.js");

describe("copy review: the run and the command", () => {
    let folder: string;
    let dev: string;
    let prod: string;

    before(() => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-copy-review-run-"));
        const doc = (stack: string, appKey: string, copy: string) => {
            const d = previewOf([templateStep("create", "otp", undefined, { template: copy })], {
                "jsms:appKey": appKey,
            });
            d.steps.forEach((s) => (s.urn = s.urn.replace("urn:pulumi:prod::", `urn:pulumi:${stack}::`)));
            return JSON.stringify({ ...d, diagnostics: [] });
        };
        dev = path.join(folder, "dev.json");
        prod = path.join(folder, "prod.json");
        fs.writeFileSync(dev, doc("dev", "devkey", "开发环境验证码{{code}}"));
        fs.writeFileSync(prod, doc("prod", "prodkey", "您的验证码{{code}}"));
    });

    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it("reviews several stacks in one comment and one page, grouped by stack and app", async () => {
        const out = path.join(folder, "out");
        const result = await runCopyReview({ previewJson: [prod, dev], out, pricePerSms: 0.05, currency: "CNY" });
        expect(result.review.groups.map((g) => `${g.stack}/${g.app}`)).to.deep.equal(["dev/devkey", "prod/prodkey"]);
        expect(fs.readFileSync(path.join(out, "copy-review.md"), "utf8")).to.equal(result.markdown);
        expect(result.markdown)
            .to.contain("### shop / dev · app devkey")
            .and.to.contain("### shop / prod · app prodkey");
        expect(result.markdown).to.contain("| cost per 10,000 sends | — | at least CNY 500.00 |");
        expect(fs.readFileSync(path.join(out, "copy-review.html"), "utf8")).to.equal(result.html);
        expect(result.failing).to.deep.equal([]);
    });

    it("fails on mandatory findings by default, on advisory ones too with advisory, on none with never", () => {
        const step = templateStep("create", "otp", undefined, { template: "免费领取" });
        const finding = (level: PolicyFinding["level"], urn?: string): PolicyFinding => ({
            urn,
            policy: `p-${level}`,
            pack: "pack",
            level,
            message: "m",
        });
        const review = planCopyReview(previewOf([step]), {
            findings: [finding("advisory", step.urn), finding("mandatory")],
        });
        expect(failingFindings(review, "mandatory").map((f) => f.policy)).to.deep.equal(["p-mandatory"]);
        expect(
            failingFindings(review, "advisory")
                .map((f) => f.policy)
                .sort(),
        ).to.deep.equal(["p-advisory", "p-mandatory"]);
        expect(failingFindings(review, "never")).to.deep.equal([]);
        const advisoryOnly = planCopyReview(previewOf([step]), { findings: [finding("advisory", step.urn)] });
        expect(failingFindings(advisoryOnly, "mandatory")).to.deep.equal([]);
    });

    it("refuses a policy pack with saved previews, and a bad price", async () => {
        await runCopyReview({ previewJson: dev, policyPack: "policy", out: folder }).then(
            () => expect.fail("accepted"),
            (e) =>
                expect(e)
                    .to.be.instanceOf(CopyReviewError)
                    .with.property("message")
                    .that.matches(/apply to a preview this command runs/),
        );
        await runCopyReview({ previewJson: dev, pricePerSms: -1, out: folder }).then(
            () => expect.fail("accepted"),
            (e) => expect(e).to.be.instanceOf(CopyReviewError),
        );
    });

    it("the command: --help and --version exit 0; usage errors and a missing file are one line, exit 2", () => {
        const run = (...args: string[]) =>
            spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: folder });
        const help = run("--help");
        expect([help.status, help.stdout.startsWith("usage: jsms-copy-review")]).to.deep.equal([0, true]);
        const version = run("--version");
        expect([version.status, version.stdout.trim()]).to.deep.equal([0, require("../../../package.json").version]);
        for (const [args, message] of [
            [["--bogus"], /^jsms-copy-review: Unknown option '--bogus'/],
            [
                ["--fail-on", "sometimes"],
                /^jsms-copy-review: --fail-on must be mandatory, advisory or never, not "sometimes"/,
            ],
            [["--price-per-sms", "0,05"], /^jsms-copy-review: --price-per-sms must be a number/],
            [
                ["--preview-json", "missing.json"],
                /^jsms-copy-review: cannot read --preview-json missing\.json: ENOENT$/,
            ],
        ] as const) {
            const r = run(...args);
            expect(r.status, r.stderr).to.equal(2);
            expect(r.stderr.trimEnd().split("\n")).to.have.length(1);
            expect(r.stderr.trimEnd()).to.match(message);
        }
        const ok = run("--preview-json", dev, "--preview-json", prod, "--out", "both");
        expect(ok.status, ok.stderr).to.equal(0);
        expect(fs.readFileSync(path.join(folder, "both", "copy-review.md"), "utf8"))
            .to.contain("shop / dev")
            .and.to.contain("shop / prod");
    });
});
