// The HTML page: copy is text, never markup; the page names no outside resource; signatures are drawn as 【sign】.
import { expect } from "chai";
import { htmlBubble, renderHtml } from "../../copyreview/htmlRenderer";
import { layoutMessage } from "../../copyreview/messageLayout";
import { planCopyReview } from "../../copyreview/reviewPlan";
import { previewOf, templateStep } from "./previewSteps";

describe("copy review: HTML", () => {
    it("escapes copy, names and reasons, so copy can never become markup", () => {
        const doc = previewOf([
            templateStep(
                "update",
                `x"><img src=y>`,
                { template: "<b>旧</b>", status: "rejected", rejectReason: `</q><script>alert("r")</script>` },
                { template: "<script>alert(1)</script>&amp;" },
            ),
        ]);
        const html = renderHtml(planCopyReview(doc));
        expect(html).not.to.match(/<script|<img|<b>/);
        const bubble = /<div class="bubble new"[^>]*>(.*?)<\/div>/.exec(html)![1];
        expect(bubble.replace(/<\/?(ins|span)[^>]*>/g, "")).to.equal(
            "【极光推送】&#60;script&#62;alert(1)&#60;/script&#62;&#38;amp;",
        );
        expect(html).to.contain(`data-name="x&#34;&#62;&#60;img src=y&#62;"`);
        expect(html).to.contain(
            `<q class="reason">&#60;/q&#62;&#60;script&#62;alert(&#34;r&#34;)&#60;/script&#62;</q>`,
        );
        expect(html).to.contain(
            `content="default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'"`,
        );
    });

    it("draws variables with their declared length as an attribute and a CRLF as one line break", () => {
        const bubble = htmlBubble(
            layoutMessage({ signature: "极光", body: "码{{code}}\r\n{{x}}", variableLengths: { code: 6 } }),
            "new",
        );
        expect(bubble).to.equal(
            '<div class="bubble new" data-version="new"><span class="sig">【极光】</span>码' +
                '<span class="var" data-length="≤6" title="code: up to 6 characters">{{code}}</span>\n' +
                '<span class="var" title="x: length not declared">{{x}}</span></div>',
        );
    });

    it("draws invisible and bidirectional characters that reached the stack as marked ⟨U+XXXX⟩", () => {
        // Copy approved before check refused such characters: an override that reverses 0001, a zero-width space.
        const html = renderHtml(
            planCopyReview(
                previewOf([
                    templateStep(
                        "replace",
                        "refund\u200b",
                        { template: "退款\u202e0001\u202c元", status: "approved" },
                        { template: "退款1000元" },
                    ),
                ]),
            ),
        );
        const old = /<div class="bubble old"[^>]*>(.*?)<\/div>/.exec(html)![1];
        expect(old).to.contain('<span class="invisible"').and.to.contain(">⟨U+202E⟩</span>");
        expect(old.replace(/<[^>]*>/g, "")).to.equal("【极光推送】退款⟨U+202E⟩0001⟨U+202C⟩元");
        expect(html).to.contain('data-name="refund⟨U+200B⟩"');
        expect(html).not.to.match(/[\u200b\u202c\u202e]/);
    });

    it("shows a changed signature as its old and new 【sign】", () => {
        const doc = previewOf([]);
        doc.steps.push({
            op: "replace",
            urn: "urn:pulumi:prod::shop::jsms:index:SmsSignature::brand",
            oldState: {
                urn: "u",
                type: "jsms:index:SmsSignature",
                id: "7",
                inputs: { sign: "极光" },
                outputs: { status: "approved" },
            },
            newState: { urn: "u", type: "jsms:index:SmsSignature", inputs: { sign: "极光推送" }, outputs: {} },
            replaceReasons: ["sign"],
        });
        const html = renderHtml(planCopyReview(doc));
        expect(html).to.contain('<div class="bubble old" data-version="old"><span class="sig">【极光】</span></div>');
        expect(html).to.contain(
            '<div class="bubble new" data-version="new"><span class="sig">【极光</span><ins><span class="sig">推送</span></ins><span class="sig">】</span></div>',
        );
        expect(html).to.contain("replaced: JSMS only edits rejected signatures");
    });
});

describe("copy review: message layout", () => {
    it("keeps two adjacent uses of one variable as two marked variables, and marks changes inside a variable", () => {
        const runs = layoutMessage({ body: "{{a}}{{a}}", variableLengths: { a: 2 } }, new Set([7]));
        expect(runs.map((r) => [r.text, r.part, r.variable, r.declaredLength, r.changed])).to.deep.equal([
            ["{{a}}", "variable", "a", 2, false],
            ["{{", "variable", "a", 2, false],
            ["a", "variable", "a", 2, true],
            ["}}", "variable", "a", 2, false],
        ]);
    });
});
