// The pull-request comment: copy shown literally whatever it holds, JSMS's counts, the diff marks, the cut.
import { expect } from "chai";
import { COMMENT_LIMIT, markdownText, renderMarkdown } from "../../copyreview/markdownRenderer";
import { planCopyReview } from "../../copyreview/reviewPlan";
import { previewOf, templateStep } from "./previewSteps";

describe("copy review: Markdown", () => {
    it("escapes what Markdown, tables and HTML would read in copy, and keeps emoji and four-byte characters", () => {
        expect(markdownText("a<b>|c`d`*e*_f_[g](h) $x$ & www.x.cn http://y 450.00 1.5元, a: b.")).to.equal(
            "a\\<b\\>\\|c\\`d\\`\\*e\\*\\_f\\_\\[g\\](h) `$`x\\$ \\& www\\.x\\.cn http\\://y 450.00 1.5元, a: b.",
        );
        expect(markdownText("🎉𠀀好")).to.equal("🎉𠀀好");
        expect(markdownText("一\r\n二\n三\r四")).to.equal("一<br>二<br>三<br>四");
    });

    it("puts reference characters followed by a name in a code span, which GitHub and GitLab do not link", () => {
        expect(markdownText("@org/team #12 !3 %v1 ~bug &4 $5 ^6 a@b.cn @@x 50% off")).to.equal(
            "`@`org/team `#`12 `!`3 `%`v1 `~`bug `&`4 `$`5 `^`6 a`@`b\\.cn `@@`x 50% off",
        );
    });

    it("draws invisible and bidirectional control characters as ⟨U+XXXX⟩", () => {
        expect(markdownText("付款\u202e0001\u200b元")).to.equal("付款⟨U+202E⟩0001⟨U+200B⟩元");
    });

    it("a table row of copy with | and a line break stays one row of three cells", () => {
        const review = planCopyReview(
            previewOf([templateStep("create", "pipes", undefined, { template: "a|b\r\nc`d`<e>" })]),
        );
        const row = renderMarkdown(review)
            .split("\n")
            .find((l) => l.startsWith("| message |"))!;
        expect(row).to.equal("| message | — | 【极光推送】a\\|b<br>c\\`d\\`\\<e\\> |");
        // Unescaped pipes are the cell borders only.
        expect(row.replace(/\\\|/g, "").split("|")).to.have.length(5);
    });

    it("counts as JSMS does: a line break is 2, an emoji or a four-byte character is 1", () => {
        // 【极光推送】6 + 你好 2 + \r\n 2 + 🎉 1 + 𠀀 1 = 12
        const review = planCopyReview(
            previewOf([templateStep("create", "count", undefined, { template: "你好\r\n🎉𠀀" })]),
        );
        expect(renderMarkdown(review)).to.contain("| characters | — | 12 |");
    });

    it("marks removed characters in the old copy and added ones in the new, a four-byte character as one", () => {
        const review = planCopyReview(
            previewOf([
                templateStep(
                    "replace",
                    "otp",
                    { template: "验证码{{code}}，10分钟有效🎉", status: "approved" },
                    { template: "验证码{{code}}，5分钟有效😀" },
                ),
            ]),
        );
        const row = renderMarkdown(review)
            .split("\n")
            .find((l) => l.startsWith("| message |"))!;
        expect(row).to.equal(
            "| message | 【极光推送】验证码<code>{{code}}</code>，<del>10</del>分钟有效<del>🎉</del> | 【极光推送】验证码<code>{{code}}</code>，<ins>5</ins>分钟有效<ins>😀</ins> |",
        );
    });

    it("shows the status and the last rejection reason of an existing template, escaped", () => {
        const review = planCopyReview(
            previewOf([
                templateStep(
                    "update",
                    "paid",
                    { template: "已支付", status: "rejected", rejectReason: "含<链接>|请修改" },
                    { template: "已支付成功" },
                ),
            ]),
        );
        expect(renderMarkdown(review)).to.contain(
            "Review status: **rejected (template 10001)** · last rejection: “含\\<链接\\>\\|请修改”",
        );
    });

    it("cuts whole changes at the limit and says how many are left out and where the full review is", () => {
        const steps = Array.from({ length: 400 }, (_, i) =>
            templateStep("create", `t${i}`, undefined, { template: `第${i}条模板，`.repeat(40) }),
        );
        const review = planCopyReview(previewOf(steps));
        const full = renderMarkdown(review, { limit: Number.MAX_SAFE_INTEGER });
        expect(full.length).to.be.greaterThan(COMMENT_LIMIT);
        const cut = renderMarkdown(review, { htmlLocation: "the copy-review artifact" });
        expect(cut.length).to.be.at.most(COMMENT_LIMIT);
        const shown = cut.split("\n").filter((l) => l.startsWith("#### ")).length;
        expect(shown).to.be.greaterThan(0).and.lessThan(400);
        expect(cut).to.contain(`**${400 - shown} more changed templates or signatures are left out of this comment`);
        expect(cut.trimEnd().endsWith("the full review is in the copy-review artifact.**")).to.equal(true);
        expect(renderMarkdown(review, { limit: Number.MAX_SAFE_INTEGER })).not.to.contain("left out");
        const linked = renderMarkdown(review, { htmlLocation: "https://ci.example.com/runs/42" });
        expect(
            linked.trimEnd().endsWith("the full review is in [copy-review.html](https://ci.example.com/runs/42).**"),
        ).to.equal(true);
        expect(linked).to.contain(
            "\nEach message as a phone shows it: [copy-review.html](https://ci.example.com/runs/42).\n",
        );
    });

    it("never puts the user-info of the HTML's location into the comment", () => {
        const review = planCopyReview(previewOf([templateStep("create", "t", undefined, { template: "您好" })]));
        for (const location of [
            "https://ci:glpat-Zq81secret@ci.example.com/runs/42",
            "artifact at ftp://u:glpat-Zq81secret@h/x",
        ]) {
            const text = renderMarkdown(review, { htmlLocation: location });
            expect(text).not.to.contain("glpat-Zq81secret");
            expect(text).to.contain("\\*\\*\\*`@`");
        }
    });
});
