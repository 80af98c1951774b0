// What a real CommonMark/GFM parser (markdown-it, with GFM tables, strikethrough and autolinks) finds in a copy
// review comment that the renderer did not mean to write: shared by the hostile-preview test and the e2e one.
import MarkdownIt from "markdown-it";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";

type Token = MarkdownIt.Token;

/** HTML the renderer itself writes inline: breaks, change marks, variables, declared lengths. */
const OWN_INLINE_HTML = new Set(["<br>", "<ins>", "</ins>", "<del>", "</del>", "<code>", "</code>", "<sub>", "</sub>"]);

/** HTML blocks the renderer itself writes: the marker and the fold of other findings. */
const OWN_BLOCK_HTML =
    /^(?:<!-- jsms-copy-review -->|<details><summary>Other policy findings \(\d+\), about objects this change leaves as they are<\/summary>|<\/details>)\n$/;

/** Markup the renderer never writes. */
const FOREIGN_TOKENS = [
    "link_open",
    "image",
    "fence",
    "code_block",
    "blockquote_open",
    "hr",
    "ordered_list_open",
    "s_open",
    "em_open",
];

/** A reference GitHub or GitLab would link in text outside code: a mention, an issue, a milestone, a label, … */
const REFERENCE = /[@#!%~&$^]["\p{L}\p{N}_]/u;

/** What the parser found. */
export interface CommentAudit {
    /** Token types of markup the renderer never writes (links, images, code blocks, quotes, rules, …). */
    foreignTokens: string[];
    /** HTML, inline or block, that is not the renderer's own. */
    foreignHtml: string[];
    /** Text outside code that a platform would turn into a mention or a reference. */
    references: string[];
    /** HTML comments, the marker included. */
    comments: string[];
    /** How often the marker's text occurs. */
    markers: number;
    /** Whether the comment starts with the marker on a line of its own. */
    startsWithMarker: boolean;
    /** `<details>` blocks opened and closed. */
    details: { opened: number; closed: number };
    /** Headings by level (2, 3, 4). */
    headings: Record<number, number>;
    /** The cell count of each row of each table. */
    tables: number[][];
}

/** Parses `markdown` and lists everything in it the renderer would not have written itself. */
export function auditComment(markdown: string): CommentAudit {
    const tokens = new MarkdownIt({ html: true, linkify: true }).parse(markdown, {});
    const all = flatten(tokens);
    const inlineHtml = all.filter((t) => t.type === "html_inline").map((t) => t.content);
    const blockHtml = all.filter((t) => t.type === "html_block").map((t) => t.content);
    const headings: Record<number, number> = {};
    for (const t of tokens.filter((t) => t.type === "heading_open")) {
        const level = Number(t.tag.slice(1));
        headings[level] = (headings[level] ?? 0) + 1;
    }
    return {
        foreignTokens: [...new Set(all.map((t) => t.type).filter((type) => FOREIGN_TOKENS.includes(type)))],
        foreignHtml: [
            ...inlineHtml.filter((h) => !OWN_INLINE_HTML.has(h)),
            ...blockHtml.filter((h) => !OWN_BLOCK_HTML.test(h)),
        ],
        references: all.filter((t) => t.type === "text" && REFERENCE.test(t.content)).map((t) => t.content),
        comments: [...inlineHtml, ...blockHtml].filter((h) => h.includes("<!--")),
        markers: markdown.split(COMMENT_MARKER).length - 1,
        startsWithMarker: markdown.startsWith(`${COMMENT_MARKER}\n`),
        details: {
            opened: blockHtml.filter((h) => h.startsWith("<details>")).length,
            closed: blockHtml.filter((h) => h.startsWith("</details>")).length,
        },
        headings,
        tables: tableRows(tokens),
    };
}

function flatten(tokens: Token[]): Token[] {
    return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

function tableRows(tokens: Token[]): number[][] {
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
