// A hostile pull request as the copy review receives it: resource names with line breaks (a YAML program's keys),
// copy, reasons, status, input names, app keys and policy messages full of Markdown, HTML, mentions and invisible
// characters, in the `pulumi preview --json` document and the engine's event log, read by the review's own readers.
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";
import { policyFindingsOf } from "../../copyreview/policyFindings";
import { parsePreviewDocument } from "../../copyreview/previewDocument";
import { type CopyReview, planCopyReview } from "../../copyreview/reviewPlan";

/** Texts that would be markup, a mention, a reference, a second marker or hidden text if they reached Markdown raw. */
export const HOSTILE = [
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
export function hostile(i: number): string {
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
export function hostileReview(): CopyReview {
    const document = parsePreviewDocument(hostilePreview(), "the hostile preview");
    return planCopyReview(document, {
        pricePerSms: 0.045,
        currency: hostile(19),
        findings: policyFindingsOf(hostileEventLog()),
    });
}
