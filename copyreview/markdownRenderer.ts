/**
 * The copy review as a pull-request comment (GitHub and GitLab Markdown): each change with its old and new message,
 * changed characters in <del>/<ins>, the figures and the findings; cut to fit the comment limit.
 */
import { redactUrlsIn } from "pulumi-jsms/urlRedaction";
import { showInvisible } from "pulumi-jsms/validation/invisibleCharacters";
import { BREAK_PATTERN, changeLayouts, type MessageRun } from "./messageLayout";
import {
    ACTION_LABELS,
    ACTION_SYMBOLS,
    figureRows,
    findingText,
    groupTitle,
    signatureNote,
    statusText,
    summaryText,
} from "./reviewFigures";
import type { CopyChange, CopyReview } from "./reviewPlan";

/** GitHub's limit for one comment, in characters. */
export const COMMENT_LIMIT = 65_536;

/** The hidden first line a pipeline finds its earlier comment by, to edit it instead of adding another. */
export const COMMENT_MARKER = "<!-- jsms-copy-review -->";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
    /** The most characters the comment may have; {@link COMMENT_LIMIT} by default. */
    limit?: number;
    /** Where the full HTML review is, for the line that says what was cut (a URL or words). */
    htmlLocation?: string;
}

/**
 * What {@link markdownText} changes in a line: a run of reference characters followed by more text (`@` a mention,
 * `#` an issue, `!` a merge request, `%` a milestone, `~` a label, `&` an epic, `$` a snippet, `^` a vulnerability;
 * GitHub and GitLab find references in the rendered text, where a backslash is gone, but skip code), else one ASCII
 * punctuation character Markdown, GitHub or GitLab give a meaning to inside a line (`.` and `:` only where they
 * could make an autolink, `www.x` or `http://`, so `450.00` and sentences stay readable).
 */
const MARKDOWN_SPECIAL = /([@#!%~&$^]+)(?=\S)|[\\`*_[\]<>#!|~&$@^]|\{(?=[+-])|(?<!\d)\.(?=\S)|\.(?=[^\d\s])|:(?=\/)/gu;

/**
 * The one way any text reaches the comment: copy, resource, stack, app and property names, reasons, review status,
 * policy messages, labels. Each invisible or bidirectional control character is drawn as `⟨U+202E⟩`; reference
 * characters followed by more text go in a code span of their own; other ASCII punctuation with a meaning (`|` ends
 * no table cell, backticks and `*` start nothing, `<` opens no tag or comment, `[` no link or image, `.` and `:` no
 * autolink, `{+` no inline diff) is backslash-escaped; each line break, `\r\n` being one, becomes `<br>`, so no text
 * starts a line. The result is inline Markdown that shows the text literally, wherever in a line or cell it is put.
 */
export function markdownText(text: string): string {
    return showInvisible(text)
        .split(BREAK_PATTERN)
        .map((line) =>
            line.replace(MARKDOWN_SPECIAL, (ch, sigils: string | undefined) =>
                sigils !== undefined ? `\`${sigils}\`` : `\\${ch}`,
            ),
        )
        .join("<br>");
}

/** One message as Markdown: variables in <code> with their declared length, changed characters in <ins>/<del>. */
export function markdownMessage(runs: MessageRun[], mark: "ins" | "del"): string {
    return runs
        .map((run) => {
            let text = markdownText(run.text);
            if (run.part === "variable") {
                text = `<code>${text}</code>`;
            }
            if (run.changed) {
                text = `<${mark}>${text}</${mark}>`;
            }
            return text;
        })
        .join("")
        .replace(/<\/code><code>/g, "")
        .concat(declaredLengths(runs));
}

/** The declared lengths of the message's variables, after the message, e.g. ` (code ≤ 6)`. */
function declaredLengths(runs: MessageRun[]): string {
    const declared = new Map<string, number>();
    for (const run of runs) {
        if (run.variable !== undefined && run.declaredLength !== undefined) {
            declared.set(run.variable, run.declaredLength);
        }
    }
    if (declared.size === 0) {
        return "";
    }
    return ` <sub>(${[...declared].map(([name, length]) => `${markdownText(name)} ≤ ${length}`).join(", ")})</sub>`;
}

/** One change as a Markdown section. */
export function markdownChange(change: CopyChange, review: CopyReview): string {
    const lines: string[] = [];
    const title = `${ACTION_SYMBOLS[change.action]} ${ACTION_LABELS[change.action]}: ${change.kind} <code>${markdownText(change.name)}</code>`;
    lines.push(`#### ${title}`, "", markdownText(change.why), "");
    const layouts = changeLayouts(change.old?.source, change.new?.source);
    const rows: Array<[string, string | undefined, string | undefined]> = [
        [
            "message",
            layouts.old && markdownMessage(layouts.old, "del"),
            layouts.new && markdownMessage(layouts.new, "ins"),
        ],
        ...figureRows(change, review).map((r): [string, string | undefined, string | undefined] => [
            r.label,
            r.old && markdownText(r.old),
            r.new && markdownText(r.new),
        ]),
    ];
    lines.push("| | before | after |", "| --- | --- | --- |");
    for (const [label, old, next] of rows) {
        lines.push(`| ${markdownText(label)} | ${old ?? "—"} | ${next ?? "—"} |`);
    }
    lines.push("");
    const note = signatureNote(change);
    if (note !== undefined) {
        lines.push(`<sub>${markdownText(note)}</sub>`, "");
    }
    const status = statusText(change);
    if (status !== undefined) {
        const reason = change.rejectReason ? ` · last rejection: “${markdownText(change.rejectReason)}”` : "";
        lines.push(`Review status: **${markdownText(status)}**${reason}`, "");
    }
    for (const finding of change.findings) {
        lines.push(`- ${finding.level === "mandatory" ? "⛔" : "⚠️"} ${markdownText(findingText(finding))}`);
    }
    if (change.findings.length > 0) {
        lines.push("");
    }
    return lines.join("\n");
}

/**
 * The review as one Markdown comment. When it is longer than the limit, whole changes are left out from the end and
 * a last line says how many and where the full review is.
 */
export function renderMarkdown(review: CopyReview, options: MarkdownOptions = {}): string {
    const limit = options.limit ?? COMMENT_LIMIT;
    const head = [COMMENT_MARKER, "## SMS copy review", "", summaryText(review), ""];
    if (options.htmlLocation !== undefined) {
        head.push(`Each message as a phone shows it: ${whereText(options.htmlLocation)}.`, "");
    }
    const blocks: Array<{ text: string; change: boolean }> = [];
    for (const group of review.groups) {
        const unchanged = review.unchangedListed ? ` · ${group.unchanged} unchanged` : "";
        blocks.push({ text: `### ${markdownText(groupTitle(group))}${unchanged}\n`, change: false });
        for (const change of group.changes) {
            blocks.push({ text: markdownChange(change, review), change: true });
        }
    }
    if (review.otherFindings.length > 0) {
        // Findings about unchanged objects or the stack: after the changes, folded, since this pull request did not cause them.
        const items = review.otherFindings.map(
            (f) => `- ${f.level === "mandatory" ? "⛔" : "⚠️"} ${markdownText(findingText(f))}`,
        );
        blocks.push({
            text: `<details><summary>Other policy findings (${items.length}), about objects this change leaves as they are</summary>\n\n${items.join("\n")}\n\n</details>\n`,
            change: false,
        });
    }
    const total = blocks.filter((b) => b.change).length;
    const where = options.htmlLocation ?? "copy-review.html";
    let text = head.join("\n");
    let shown = 0;
    for (const block of blocks) {
        const rest = total - shown - (block.change ? 1 : 0);
        const footer = rest > 0 ? cutLine(rest, where) : "";
        if (`${text}\n${block.text}\n${footer}`.length > limit) {
            return `${text}\n${cutLine(total - shown, where)}`;
        }
        text += `\n${block.text}`;
        shown += block.change ? 1 : 0;
    }
    return text;
}

/** The last line of a cut comment. */
function cutLine(left: number, where: string): string {
    return `\n**${left} more changed ${left === 1 ? "template or signature is" : "templates or signatures are"} left out of this comment to stay within its ${COMMENT_LIMIT.toLocaleString("en-US")}-character limit: the full review is in ${whereText(where)}.**\n`;
}

/**
 * Where the HTML is: a plain http(s) URL becomes a link to copy-review.html, anything else is shown as written; a
 * URL's user-info (a CI token pasted into it) never reaches the comment.
 */
function whereText(where: string): string {
    const shown = redactUrlsIn(where);
    return /^https?:\/\/[^\s()<>[\]"'`@]+$/.test(shown) ? `[copy-review.html](${shown})` : markdownText(shown);
}
