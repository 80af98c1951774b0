// A hostile pull request under the real Pulumi CLI: the gitops example's templates.yaml with a key that holds line
// breaks, a fake heading, `</details>`, a mention, a tracking image and a second marker, and copy full of Markdown.
// jsms-copy-review runs the preview itself; its comment, parsed by markdown-it, holds none of it as markup.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";
import { auditComment } from "../copyreview/commentAudit";
import { PulumiProject, repoRoot, requirePulumiCli } from "./support";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const APP = { appKey: "e2ehostilekey8e21c4a7", masterSecret: "e2ehostilesecret-2f7b9d" };

/** The key of a template, as a YAML double-quoted string holds it: line breaks and all. */
const KEY = `order\n\n</details>\n\n### ✅ No policy findings\n\n@org/approvers ![t](https://evil.example/t.png) ${COMMENT_MARKER}`;

const TEMPLATES = `signature:
  sign: 极光推送
templates:
  ${JSON.stringify(KEY)}:
    type: notification
    template: "订单{{no}}已发货 | 查看 [物流](https://evil.example/x) ![t](https://evil.example/t.png) @org/approvers #123 <img src=x> \`code\` <!-- --> </details>"
    variableLengths: { no: 12 }
  plain:
    type: notification
    template: "您的快递已签收。"
`;

describe("e2e: jsms-copy-review of a hostile pull request (gitops example, real Pulumi CLI)", function () {
    this.timeout(300_000);
    let sim: ScenarioSimulator;
    let project: PulumiProject;

    before(async function () {
        requirePulumiCli(this);
        sim = await ScenarioSimulator.start({ apps: [APP], review: "manual" });
        project = await PulumiProject.create({
            name: "copy-review-hostile",
            copyFrom: path.join(repoRoot(), "examples", "gitops"),
            files: { "templates.yaml": TEMPLATES },
            config: {
                "jsms:endpoint": sim.url,
                "jsms:appKey": APP.appKey,
                "jsms:masterSecret": { value: APP.masterSecret, secret: true },
            },
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        });
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    it("the comment holds no link, image, HTML, mention or heading from the names or copy", async () => {
        const out = path.join(project.dir, "review");
        const cli = path.join(repoRoot(), "dist", "copyreview", "cli.js");
        const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [cli, "--stack", project.stack, "--out", out], {
                cwd: project.dir,
                env: project.env(),
                stdio: ["ignore", "ignore", "pipe"],
            });
            let stderr = "";
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
            child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
        });
        expect(run.code, run.stderr).to.equal(0);
        const markdown = fs.readFileSync(path.join(out, "copy-review.md"), "utf8");
        if (process.env.JSMS_E2E_DUMP === "1") process.stderr.write(markdown);
        // The name arrived whole, line breaks included, and is shown on its heading's line.
        expect(markdown).to.contain("#### 🆕 new: template <code>order<br><br>\\</details\\><br><br>`##`\\# ✅");
        const audit = auditComment(markdown);
        expect(audit.foreignTokens, markdown).to.deep.equal([]);
        expect(audit.foreignHtml, markdown).to.deep.equal([]);
        expect(audit.references, markdown).to.deep.equal([]);
        expect(audit.comments).to.deep.equal([`${COMMENT_MARKER}\n`]);
        expect(audit.markers).to.equal(1);
        expect(audit.headings).to.deep.equal({ 2: 1, 3: 1, 4: 3 });
        expect(audit.tables.map((rows) => rows.every((cells) => cells === 3))).to.deep.equal([true, true, true]);
    });
});
