/**
 * The words and numbers both renderers print for a change: its action's label, the length, SMS per send and cost
 * per 10,000 sends before and after, and the summary counts. Kept in one place so the Markdown comment and the
 * HTML page never disagree.
 */
import type { SmsCount } from "pulumi-jsms/validation/smsCounting";
import type { PolicyFinding } from "./policyFindings";
import { COST_SENDS, type CopyAction, type CopyChange, type CopyReview } from "./reviewPlan";

/** One row of the before/after figures. */
export interface FigureRow {
    label: string;
    /** The old value; absent for a new object. */
    old?: string;
    /** The new value; absent for a deleted object. */
    new?: string;
}

/** What a reviewer calls the action. */
export const ACTION_LABELS: Record<CopyAction, string> = {
    create: "new",
    update: "changed in place",
    replace: "replaced",
    delete: "deleted",
};

/** A short symbol for the action, for headings. */
export const ACTION_SYMBOLS: Record<CopyAction, string> = { create: "🆕", update: "✏️", replace: "🔁", delete: "🗑️" };

/** The length of one message as JSMS counts it, with "at least" when a part's length is not declared. */
export function lengthText(count: SmsCount): string {
    return count.lengthIsMinimum ? `at least ${count.length}` : `${count.length}`;
}

/** The cost of {@link COST_SENDS} sends at `price` per SMS, e.g. `CNY 450.00`. */
export function costText(count: SmsCount, price: number, currency: string): string {
    const amount = (count.segments * price * COST_SENDS).toLocaleString("en-US", {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
    });
    const atLeast = count.lengthIsMinimum ? "at least " : "";
    return `${atLeast}${currency ? `${currency} ` : ""}${amount}`;
}

/** The before/after rows of a template change (none for a signature, whose cost is its templates'). */
export function figureRows(change: CopyChange, review: Pick<CopyReview, "pricePerSms" | "currency">): FigureRow[] {
    const old = change.old?.count;
    const next = change.new?.count;
    if (!old && !next) {
        return [];
    }
    const row = (label: string, f: (c: SmsCount) => string): FigureRow => ({
        label,
        old: old && f(old),
        new: next && f(next),
    });
    const rows = [
        row("characters", lengthText),
        row("SMS per send", (c) => `${c.lengthIsMinimum ? "at least " : ""}${c.segments}`),
    ];
    if (review.pricePerSms !== undefined) {
        rows.push(
            row(`cost per ${COST_SENDS.toLocaleString("en-US")} sends`, (c) =>
                costText(c, review.pricePerSms!, review.currency),
            ),
        );
    }
    return rows;
}

/** The object's review status in words, e.g. `approved (template 10001)`, or undefined for a new one. */
export function statusText(change: CopyChange): string | undefined {
    if (change.action === "create") {
        return undefined;
    }
    const id = change.id ? ` (${change.kind} ${change.id})` : "";
    return `${change.status ?? "unknown"}${id}`;
}

/** A finding in one line: `mandatory jsms-max-segments: …`. */
export function findingText(finding: PolicyFinding): string {
    return `${finding.level} ${finding.policy}: ${finding.message.replace(/\s+/g, " ")}`;
}

/** Counts for the summary line. */
export interface ReviewCounts {
    byAction: Record<CopyAction, number>;
    unchanged: number;
    mandatory: number;
    advisory: number;
}

/** The counts of a review: changes per action, unchanged objects, findings per level. */
export function reviewCounts(review: CopyReview): ReviewCounts {
    const byAction: Record<CopyAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
    let unchanged = 0;
    const all: PolicyFinding[] = [...review.otherFindings];
    for (const group of review.groups) {
        unchanged += group.unchanged;
        for (const change of group.changes) {
            byAction[change.action]++;
            all.push(...change.findings);
        }
    }
    return {
        byAction,
        unchanged,
        mandatory: all.filter((f) => f.level === "mandatory").length,
        advisory: all.filter((f) => f.level === "advisory").length,
    };
}

/** The summary sentence, e.g. `1 new, 2 replaced, 1 deleted; 3 unchanged. Policy: 1 mandatory, 0 advisory.` */
export function summaryText(review: CopyReview): string {
    const counts = reviewCounts(review);
    const actions = (Object.keys(ACTION_LABELS) as CopyAction[])
        .filter((a) => counts.byAction[a] > 0)
        .map((a) => `${counts.byAction[a]} ${ACTION_LABELS[a]}`);
    const changes = actions.length > 0 ? actions.join(", ") : "no change of copy";
    const unchanged = review.unchangedListed
        ? `${counts.unchanged} unchanged`
        : "unchanged ones not listed in this preview";
    const policy = review.policyChecked
        ? ` Policy findings: ${counts.mandatory} mandatory, ${counts.advisory} advisory.`
        : " No policy pack was run.";
    return `${changes}; ${unchanged}.${policy}`;
}

/** The heading of a group: `project / stack · app KEY`. */
export function groupTitle(group: { project: string; stack: string; app: string }): string {
    return `${group.project} / ${group.stack} · app ${group.app}`;
}

/** A note for a template whose signature is not declared, so the drawn message and its counts lack it; else undefined. */
export function signatureNote(change: CopyChange): string | undefined {
    const version = change.new ?? change.old;
    if (change.kind !== "template" || !version || version.source.signature !== undefined) {
        return undefined;
    }
    return "The signature is not declared (input signature), so the message is drawn and counted without its 【signature】: JSMS will add it.";
}
