// The comment against hostile text: resource names with line breaks (a YAML program's key), copy, reasons, status,
// input names, app keys and policy messages full of Markdown, HTML, mentions and invisible characters arrive the way
// a real preview brings them (the `pulumi preview --json` document and the engine's event log, read by the copy
// review's own readers). The comment is parsed by markdown-it (CommonMark with GFM tables, strikethrough and
// autolinks): it must hold no link, image, HTML, mention or heading but the tool's own, one marker, intact tables.
import { expect } from "chai";
import MarkdownIt from "markdown-it";
import { COMMENT_MARKER, renderMarkdown } from "../../copyreview/markdownRenderer";
import { policyFindingsOf } from "../../copyreview/policyFindings";
import { parsePreviewDocument } from "../../copyreview/previewDocument";
import { figureRows } from "../../copyreview/reviewFigures";
import { type CopyReview, planCopyReview } from "../../copyreview/reviewPlan";

/** Texts that would be markup, a mention, a reference, a second marker or hidden text if they reached Markdown raw. */
const HOSTILE = [
    "x`\n\n</details>\n\n### ✅ No policy findings\n\n@org/approvers please approve",
    "</details><details><summary>ok</summary>",
    "<!-- jsms-copy-review -->",
    `${COMMENT_MARKER}\r\n## SMS copy review`,
    "<!-- hidden",
    "--> shown",
    "@org/approvers @alice cc a@evil.example",
    "fixes #123 and owner/repo#7 GH-9",
    '%milestone %"v 1" ~bug ~"needs review" !42 &7 $9 ^1',
    "![tracker](https://evil.example/t.png)",
    "[approve here](https://evil.example/login)",
    "[ref]\n\n[ref]: https://evil.example/r",
    "<https://evil.example/auto> www.evil.example https://evil.example/bare evil@example.com",
    '<img src="https://evil.example/i.png" onerror="alert(1)"><a href="https://evil.example">a</a><script>x</script>',
    "```\nfenced\n```",
    "``double`` `single` \\`",
    "a | b || c \\| d",
    "line1\r\nline2\rline3\nline4",
    "- item\n1. one\n> quote\n---\n===",
    "    indented code",
    "*em* **strong** _u_ ~~del~~ $x$ $$y$$ {+ added +} [- gone -] :smile:",
    "&lt;script&gt; &amp; &#60;",
    "bidi \u202ecod.exe\u202c zero\u200bwidth \u2066iso\u2069 \ufeffbom \u200d",
    "trailing backslash \\",
];

/** One hostile text per place, cycling through the list, so every place gets several kinds. */
function hostile(i: number): string {
    return HOSTILE[i % HOSTILE.length];
}

const TEMPLATE = "jsms:index:SmsTemplate";
const SIGNATURE = "jsms:index:SmsSignature";

/** The `pulumi preview --json` document of a YAML program whose resource keys, copy and state carry `texts`. */
function hostilePreview(): string {
    const steps: unknown[] = [];
    const urn = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;
    HOSTILE.forEach((_, i) => {
        const name = hostile(i);
        const u = urn(TEMPLATE, name);
        steps.push({
            op: "replace",
            urn: u,
            oldState: {
                urn: u,
                type: TEMPLATE,
                id: hostile(i + 1),
                inputs: { template: hostile(i + 2), type: 2, signature: "极光推送", app: hostile(i + 3) },
                outputs: { status: hostile(i + 4), rejectReason: hostile(i + 5) },
            },
            newState: {
                urn: u,
                type: TEMPLATE,
                inputs: {
                    template: `{{${hostile(i + 6)}}}${hostile(i + 7)}`,
                    type: 3,
                    signature: "极光推送",
                    app: hostile(i + 3),
                    variableLengths: { [hostile(i + 6)]: 4 },
                },
                outputs: {},
            },
            replaceReasons: ["template"],
        });
    });
    // An update that changes only inputs JSMS never sees: their names reach the reason (`why`).
    const updated = urn(TEMPLATE, "settings-only");
    const inputs = { template: "您好", type: 2, signature: "极光推送" };
    steps.push({
        op: "update",
        urn: updated,
        oldState: { urn: updated, type: TEMPLATE, id: "1", inputs, outputs: { status: "approved" } },
        newState: {
            urn: updated,
            type: TEMPLATE,
            inputs: { ...inputs, [hostile(0)]: 1, [hostile(6)]: true },
            outputs: {},
        },
        replaceReasons: [],
    });
    const signed = urn(SIGNATURE, hostile(9));
    steps.push({
        op: "create",
        urn: signed,
        newState: { urn: signed, type: SIGNATURE, inputs: { sign: hostile(10), app: hostile(11) }, outputs: {} },
    });
    const gone = urn(SIGNATURE, hostile(12));
    steps.push({
        op: "delete",
        urn: gone,
        oldState: {
            urn: gone,
            type: SIGNATURE,
            id: "7",
            inputs: { sign: hostile(13) },
            outputs: { status: hostile(14) },
        },
    });
    return JSON.stringify({
        config: { "jsms:appKey": hostile(15), "jsms:optOutSuffix": hostile(16) },
        steps,
        changeSummary: { replace: HOSTILE.length, update: 1, create: 1, delete: 1 },
    });
}

/** The engine's event log with a policy finding about each resource and some about the stack. */
function hostileEventLog(): string {
    const events = HOSTILE.map((text, i) => ({
        policyEvent: {
            resourceUrn: i % 3 === 0 ? "" : `urn:pulumi:prod::shop::${TEMPLATE}::${hostile(i)}`,
            policyName: hostile(i + 17),
            policyPackName: hostile(i + 18),
            enforcementLevel: i % 2 === 0 ? "mandatory" : "advisory",
            message: text,
        },
    }));
    return events.map((e) => JSON.stringify(e)).join("\n");
}

/** The review of the hostile preview, through the copy review's own readers. */
function hostileReview(): CopyReview {
    const document = parsePreviewDocument(hostilePreview(), "the hostile preview");
    return planCopyReview(document, {
        pricePerSms: 0.045,
        currency: hostile(19),
        findings: policyFindingsOf(hostileEventLog()),
    });
}

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
