// A hostile pull request under the real Pulumi CLI: the gitops example's templates.yaml with a key that holds line
// breaks, a fake heading, `</details>`, a mention, a tracking image and a second marker, and copy full of Markdown.
// jsms-copy-review runs the preview itself; its comment, parsed by markdown-it, holds none of it as markup.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";
import { auditComment } from "../copyreview/commentAudit";
import { repoRoot } from "./support";
import { runCopyReview } from "./support/copyReviewCli";
import { useSimulatedProject } from "./support/simulatedProject";

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
    const suite = useSimulatedProject(
        APP,
        { review: "manual" },
        {
            name: "copy-review-hostile",
            copyFrom: path.join(repoRoot(), "examples", "gitops"),
            files: { "templates.yaml": TEMPLATES },
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        },
    );

    it("the comment holds no link, image, HTML, mention or heading from the names or copy", async () => {
        const { project } = suite;
        const out = path.join(project.dir, "review");
        const run = await runCopyReview(project, ["--stack", project.stack, "--out", out]);
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
