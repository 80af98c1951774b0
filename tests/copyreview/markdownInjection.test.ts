// The comment of a hostile pull request (hostilePreview.ts: names, copy, reasons, status, input names, app keys and
// policy messages full of Markdown, HTML, mentions and invisible characters, as a real preview brings them), parsed
// by markdown-it (CommonMark with GFM tables, strikethrough and autolinks): it must hold no link, image, HTML,
// mention or heading but the tool's own, one marker, intact tables.
import { expect } from "chai";
import MarkdownIt from "markdown-it";
import { COMMENT_MARKER, renderMarkdown } from "../../copyreview/markdownRenderer";
import { figureRows } from "../../copyreview/reviewFigures";
import { HOSTILE, hostile, hostileReview } from "./hostilePreview";

type Token = MarkdownIt.Token;

/** Every token, the inline ones included, in document order. */
function allTokens(tokens: Token[]): Token[] {
    return tokens.flatMap((t) => [t, ...allTokens(t.children ?? [])]);
}

/** HTML the renderer itself writes: the marker, breaks, change marks, variables, declared lengths, the fold. */
const OWN_INLINE_HTML = new Set(["<br>", "<ins>", "</ins>", "<del>", "</del>", "<code>", "</code>", "<sub>", "</sub>"]);
const OWN_BLOCK_HTML =
    /^(?:<!-- jsms-copy-review -->|<details><summary>Other policy findings \(\d+\), about objects this change leaves as they are<\/summary>|<\/details>)\n$/;

/** A reference GitHub or GitLab would link in text outside code: a mention, an issue, a milestone, a label, … */
const REFERENCE = /[@#!%~&$^]["\p{L}\p{N}_]/u;

function parse(markdown: string): Token[] {
    // linkify: GFM's autolinks of bare URLs, www. and e-mail addresses.
    return new MarkdownIt({ html: true, linkify: true }).parse(markdown, {});
}

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
            const tokens = parse(markdown);
            const all = allTokens(tokens);
            const types = new Set(all.map((t) => t.type));
            for (const forbidden of [
                "link_open",
                "image",
                "fence",
                "code_block",
                "blockquote_open",
                "hr",
                "ordered_list_open",
                "s_open",
                "em_open",
            ]) {
                expect(types.has(forbidden), `${forbidden} in\n${markdown}`).to.equal(false);
            }

            const inlineHtml = all.filter((t) => t.type === "html_inline").map((t) => t.content);
            expect(
                inlineHtml.filter((h) => !OWN_INLINE_HTML.has(h)),
                "inline HTML",
            ).to.deep.equal([]);
            const blockHtml = all.filter((t) => t.type === "html_block").map((t) => t.content);
            expect(
                blockHtml.filter((h) => !OWN_BLOCK_HTML.test(h)),
                "block HTML",
            ).to.deep.equal([]);
            expect(blockHtml.filter((h) => h.startsWith("<!--"))).to.deep.equal([`${COMMENT_MARKER}\n`]);
            expect(markdown.split(COMMENT_MARKER)).to.have.length(2);
            expect(markdown.startsWith(`${COMMENT_MARKER}\n`)).to.equal(true);
            expect(blockHtml.filter((h) => h.startsWith("<details>")).length).to.equal(
                blockHtml.filter((h) => h.startsWith("</details>")).length,
            );

            const texts = all.filter((t) => t.type === "text").map((t) => t.content);
            expect(
                texts.filter((t) => REFERENCE.test(t)),
                "mentions or references",
            ).to.deep.equal([]);
            // Nothing hides: every invisible character is drawn.
            expect(markdown).not.to.match(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);

            // Headings: the title, one per group, one per change shown; none made by a name or copy.
            const shown = changes.slice(0, tokens.filter((t) => t.type === "heading_open" && t.tag === "h4").length);
            expect(tokens.filter((t) => t.type === "heading_open" && t.tag === "h2")).to.have.length(1);
            const groups = tokens.filter((t) => t.type === "heading_open" && t.tag === "h3").length;
            expect(groups).to.be.at.most(review.groups.length);
            expect(shown.length).to.be.greaterThan(0);
            if (!("limit" in options)) {
                expect(shown).to.have.length(changes.length);
                expect(groups).to.equal(review.groups.length);
            }

            // One table per change, three cells in every row, one row per figure.
            const tables = splitTables(tokens);
            expect(tables).to.have.length(shown.length);
            tables.forEach((rows, i) => {
                expect(
                    rows.every((cells) => cells === 3),
                    `table ${i}: ${rows}`,
                ).to.equal(true);
                expect(rows).to.have.length(2 + figureRows(shown[i], review).length);
            });
        });
    }
});

/** The cell count of each row of each table. */
function splitTables(tokens: Token[]): number[][] {
    const tables: number[][] = [];
    let cells = 0;
    for (const token of tokens) {
        if (token.type === "table_open") tables.push([]);
        if (token.type === "tr_open") cells = 0;
        if (token.type === "th_open" || token.type === "td_open") cells++;
        if (token.type === "tr_close") tables[tables.length - 1].push(cells);
    }
    return tables;
}
