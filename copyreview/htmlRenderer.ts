/**
 * The copy review as one self-contained HTML page: every message drawn as a phone shows it (【signature】, the body
 * with its variables marked, the opt-out text JSMS appends), old and new side by side with changed characters
 * marked, then the figures, the review status and the policy findings. No scripts, fonts or requests: a content
 * security policy forbids any.
 */
import { showInvisible } from "pulumi-jsms/validation/invisibleCharacters";
import { changeLayouts, type MessageRun } from "./messageLayout";
import {
    ACTION_LABELS,
    figureRows,
    findingText,
    groupTitle,
    signatureNote,
    statusText,
    summaryText,
} from "./reviewFigures";
import type { CopyChange, CopyReview } from "./reviewPlan";

/**
 * The one way any text reaches the page, as HTML text or attribute value: each invisible or bidirectional control
 * character is drawn as `⟨U+202E⟩` (so none can hide or reorder what the reviewer reads), then `&`, `<`, `>`, `"`
 * and `'` become entities.
 */
export function escapeHtml(text: string): string {
    return showInvisible(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A drawn invisible character, as {@link escapeHtml} writes it. */
const DRAWN_INVISIBLE = /⟨U\+[0-9A-F]{4,6}⟩/g;

/**
 * One message bubble. Its rendered text is exactly the message sent (line breaks as breaks): a variable's declared
 * length and the labels are drawn by CSS from attributes, which are no part of the text.
 */
export function htmlBubble(runs: MessageRun[], version: "old" | "new"): string {
    const mark = version === "new" ? "ins" : "del";
    const body = runs
        .map((run) => {
            // CRLF is one break for JSMS; the HTML parser would make it one too, but only in the source text.
            const text = escapeHtml(run.text.replace(/\r\n?/g, "\n")).replace(
                DRAWN_INVISIBLE,
                (drawn) =>
                    `<span class="invisible" title="a character no one sees, which the phone would get">${drawn}</span>`,
            );
            let html: string;
            switch (run.part) {
                case "signature":
                    html = `<span class="sig">${text}</span>`;
                    break;
                case "optOut":
                    html = `<span class="optout" title="appended by JSMS to marketing messages">${text}</span>`;
                    break;
                case "variable": {
                    const declared = run.declaredLength !== undefined ? ` data-length="≤${run.declaredLength}"` : "";
                    const title =
                        run.declaredLength !== undefined
                            ? `up to ${run.declaredLength} characters`
                            : "length not declared";
                    html = `<span class="var"${declared} title="${escapeHtml(`${run.variable}: ${title}`)}">${text}</span>`;
                    break;
                }
                default:
                    html = text;
            }
            return run.changed ? `<${mark}>${html}</${mark}>` : html;
        })
        .join("");
    return `<div class="bubble ${version}" data-version="${version}">${body}</div>`;
}

function phone(runs: MessageRun[] | undefined, version: "old" | "new", empty: string): string {
    const caption = version === "old" ? "before" : "after";
    const content = runs ? htmlBubble(runs, version) : `<p class="none">${escapeHtml(empty)}</p>`;
    return `<figure class="phone"><figcaption>${caption}</figcaption><div class="screen">${content}</div></figure>`;
}

function htmlChange(change: CopyChange, review: CopyReview): string {
    const layouts = changeLayouts(change.old?.source, change.new?.source);
    const parts = [
        `<article class="change ${change.action}" id="${escapeHtml(`${change.kind}-${change.name}`)}" data-name="${escapeHtml(change.name)}" data-action="${change.action}">`,
        `<h3><span class="badge">${escapeHtml(ACTION_LABELS[change.action])}</span> ${change.kind} <code>${escapeHtml(change.name)}</code></h3>`,
        `<p class="why">${escapeHtml(change.why)}</p>`,
        `<div class="phones">${phone(layouts.old, "old", "not in JSMS yet")}${phone(layouts.new, "new", "removed from JSMS")}</div>`,
    ];
    const rows = figureRows(change, review);
    if (rows.length > 0) {
        parts.push(
            `<table class="figures"><thead><tr><th></th><th>before</th><th>after</th></tr></thead><tbody>` +
                rows
                    .map(
                        (r) =>
                            `<tr><th>${escapeHtml(r.label)}</th><td>${escapeHtml(r.old ?? "—")}</td><td>${escapeHtml(r.new ?? "—")}</td></tr>`,
                    )
                    .join("") +
                `</tbody></table>`,
        );
    }
    const note = signatureNote(change);
    if (note !== undefined) {
        parts.push(`<p class="note">${escapeHtml(note)}</p>`);
    }
    const status = statusText(change);
    if (status !== undefined) {
        const reason = change.rejectReason
            ? ` · last rejection: <q class="reason">${escapeHtml(change.rejectReason)}</q>`
            : "";
        parts.push(`<p class="status">Review status: <strong>${escapeHtml(status)}</strong>${reason}</p>`);
    }
    if (change.findings.length > 0) {
        parts.push(
            `<ul class="findings">${change.findings.map((f) => `<li class="${f.level}">${escapeHtml(findingText(f))}</li>`).join("")}</ul>`,
        );
    }
    parts.push("</article>");
    return parts.join("\n");
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:12px;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1c1c1e;background:#f2f2f7;overflow-wrap:anywhere}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}h3{font-size:16px;margin:0 0 6px}
.summary{margin:0 0 8px;color:#3a3a3c}
.change{background:#fff;border-radius:12px;padding:12px;margin:0 0 12px;border-left:6px solid #8e8e93}
.change.create{border-color:#34c759}.change.update{border-color:#0a84ff}.change.replace{border-color:#ff9f0a}.change.delete{border-color:#ff3b30}
.badge{display:inline-block;border-radius:6px;padding:0 6px;background:#e5e5ea;font-size:13px;font-weight:600}
.why{margin:0 0 10px;color:#3a3a3c}
.phones{display:flex;flex-wrap:wrap;gap:12px}
.phone{margin:0;flex:1 1 260px;max-width:100%;min-width:0}
.phone figcaption{font-size:12px;color:#8e8e93;text-transform:uppercase;letter-spacing:.05em}
.screen{background:#f2f2f7;border:1px solid #d1d1d6;border-radius:18px;padding:10px;min-height:48px}
.bubble{display:inline-block;max-width:100%;background:#e9e9eb;border-radius:16px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.sig{font-weight:600}
.var{background:#d6e4ff;border-radius:4px;color:#0040a0}
.var[data-length]::after{content:attr(data-length);font-size:10px;vertical-align:super;color:#0040a0;margin-left:1px}
.optout{color:#6e6e73}
.invisible{background:#c00;color:#fff;border-radius:3px;padding:0 2px;font-size:12px;font-weight:600}
ins{background:#c6f6d5;text-decoration:none}del{background:#fed7d7;text-decoration:line-through}
.none{margin:0;color:#8e8e93;font-style:italic}
.figures{border-collapse:collapse;margin:10px 0 0;width:100%;font-size:14px}
.figures th,.figures td{border-bottom:1px solid #e5e5ea;padding:2px 8px 2px 0;text-align:left;vertical-align:top;overflow-wrap:break-word}
.note{margin:8px 0 0;font-size:13px;color:#6e6e73}
.status{margin:8px 0 0}.reason{color:#c00}
.other{margin:16px 0;font-size:14px}.other summary{color:#3a3a3c}
.findings{margin:8px 0 0;padding-left:20px}.findings .mandatory{color:#c00}.findings .advisory{color:#a15c00}
`;

/**
 * What the page may load or do: nothing but its own inline style. `form-action` and `base-uri` do not fall back to
 * `default-src`, so they are named: no form may send anything and no `<base>` may redirect relative URLs.
 */
export const CONTENT_SECURITY_POLICY =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'";

/** The review as a self-contained HTML page. */
export function renderHtml(review: CopyReview): string {
    const sections = review.groups.map((group) => {
        const unchanged = review.unchangedListed ? ` · ${group.unchanged} unchanged` : "";
        return `<section class="group"><h2>${escapeHtml(groupTitle(group) + unchanged)}</h2>\n${group.changes.map((c) => htmlChange(c, review)).join("\n")}</section>`;
    });
    const other =
        review.otherFindings.length > 0
            ? `<details class="other"><summary>Other policy findings (${review.otherFindings.length}), about objects this change leaves as they are</summary>` +
              `<ul class="findings">${review.otherFindings.map((f) => `<li class="${f.level}">${escapeHtml(findingText(f))}</li>`).join("")}</ul></details>`
            : "";
    return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>SMS copy review</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>SMS copy review</h1><p class="summary">${escapeHtml(summaryText(review))}</p></header>
${sections.join("\n")}
${other}
</body>
</html>
`;
}
