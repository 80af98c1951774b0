// The comment of a hostile pull request (hostilePreview.ts: names, copy, reasons, status, input names, app keys and
// policy messages full of Markdown, HTML, mentions and invisible characters, as a real preview brings them), parsed
// by markdown-it (CommonMark with GFM tables, strikethrough and autolinks): it must hold no link, image, HTML,
// mention or heading but the tool's own, one marker, intact tables.
import { expect } from "chai";
import { COMMENT_MARKER, renderMarkdown } from "../../copyreview/markdownRenderer";
import { figureRows } from "../../copyreview/reviewFigures";
import { auditComment } from "./commentAudit";
import { HOSTILE, hostile, hostileReview } from "./hostilePreview";

describe("copy review: Markdown against hostile names, copy, reasons and policy messages", () => {
    const review = hostileReview();
    const changes = review.groups.flatMap((g) => g.changes);

    it("reads the hostile preview into every change, so each text reaches the comment", () => {
        expect(changes).to.have.length(HOSTILE.length + 3);
        expect(changes.map((c) => c.name)).to.include(HOSTILE[0]);
        expect(changes.find((c) => c.name === "settings-only")!.why).to.contain(HOSTILE[0]);
        expect(review.otherFindings.length).to.be.greaterThan(0);
    });

    for (const [title, options] of [
        ["the whole comment", { htmlLocation: hostile(20) }],
        ["a comment cut at its limit", { htmlLocation: hostile(21), limit: 12_000 }],
    ] as const) {
        it(`${title}: no link, image, HTML or mention but the tool's own; one marker; tables intact`, () => {
            const markdown = renderMarkdown(review, options);
            const audit = auditComment(markdown);
            expect(audit.foreignTokens, markdown).to.deep.equal([]);
            expect(audit.foreignHtml, "HTML").to.deep.equal([]);
            expect(audit.references, "mentions or references").to.deep.equal([]);
            expect(audit.comments).to.deep.equal([`${COMMENT_MARKER}\n`]);
            expect(audit.markers).to.equal(1);
            expect(audit.startsWithMarker).to.equal(true);
            expect(audit.details.opened).to.equal(audit.details.closed);
            // Nothing hides: every invisible character is drawn.
            expect(markdown).not.to.match(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

            // Headings: the title, one per group, one per change shown; none made by a name or copy.
            const shown = changes.slice(0, audit.headings[4] ?? 0);
            expect(audit.headings[2]).to.equal(1);
            expect(audit.headings[3] ?? 0).to.be.at.most(review.groups.length);
            expect(shown.length).to.be.greaterThan(0);
            if (!("limit" in options)) {
                expect(shown).to.have.length(changes.length);
                expect(audit.headings[3]).to.equal(review.groups.length);
            }

            // One table per change, three cells in every row, one row per figure.
            expect(audit.tables).to.have.length(shown.length);
            audit.tables.forEach((rows, i) => {
                expect(
                    rows.every((cells) => cells === 3),
                    `table ${i}: ${rows}`,
                ).to.equal(true);
                expect(rows).to.have.length(2 + figureRows(shown[i], review).length);
            });
        });
    }
});
