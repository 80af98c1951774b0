/**
 * The plan of the copy review: from a preview's steps to what changes for each template and signature, in plain
 * words, with what one send costs before and after (counted by provider/validation/smsCounting.ts, as the provider
 * and the policy pack count), the review status JSMS reported and the policy pack's findings.
 */
import {
    countSms,
    DEFAULT_OPT_OUT_SUFFIX,
    MARKETING_TEMPLATE_TYPE,
    type SmsCount,
} from "../provider/validation/smsCounting";
import { JOURNAL_KEY_INPUT } from "../provider/journal/journalKey";
import type { MessageSource } from "./messageLayout";
import type { PolicyFinding } from "./policyFindings";
import type { PreviewDocument, PreviewState, PreviewStep } from "./previewDocument";

/** A JSMS object the review shows. */
export type ObjectKind = "template" | "signature";

/** What the preview will do to it. */
export type CopyAction = "create" | "update" | "replace" | "delete";

/** One version (old or new) of a template's or signature's copy. */
export interface CopyVersion {
    /** The message's parts, for drawing it. */
    source: MessageSource;
    /** The template type (1 verification, 2 notification, 3 marketing); absent for signatures. */
    type?: number;
    /** What one send costs (templates only). */
    count?: SmsCount;
}

/** One created, changed, replaced or deleted template or signature. */
export interface CopyChange {
    kind: ObjectKind;
    /** The resource name in the program, e.g. `order-paid`. */
    name: string;
    urn: string;
    action: CopyAction;
    /** Why JSMS needs this action, in plain words. */
    why: string;
    /** The copy before (absent for a create). */
    old?: CopyVersion;
    /** The copy after (absent for a delete). */
    new?: CopyVersion;
    /** The inputs that change, by name. */
    changedFields: string[];
    /** The JSMS id (`tempId`/`signId`) of the existing object. */
    id?: string;
    /** JSMS's review status of the existing object: pending, approved or rejected. */
    status?: string;
    /** The reviewer's reason for the last rejection, as the review hook reported it. */
    rejectReason?: string;
    /** The policy pack's findings about this object. */
    findings: PolicyFinding[];
}

/** The changes of one app in one stack. */
export interface CopyReviewGroup {
    /** The stack name. */
    stack: string;
    /** The Pulumi project name. */
    project: string;
    /** The JSMS app key (the resource's `app`, else the stack's `jsms:appKey`), or "default app". */
    app: string;
    changes: CopyChange[];
    /** Templates and signatures the preview leaves as they are. */
    unchanged: number;
}

/** Everything the renderers draw. */
export interface CopyReview {
    groups: CopyReviewGroup[];
    /** Findings not about one JSMS object (stack-wide ones, or about other resources). */
    otherFindings: PolicyFinding[];
    /** False when the preview did not list unchanged resources (saved without `--show-sames`), so none are counted. */
    unchangedListed: boolean;
    /** The price of one SMS, for the cost lines; absent: no costs shown. */
    pricePerSms?: number;
    /** The currency label of the price, e.g. CNY. */
    currency: string;
    /** Whether a policy pack ran (so "no findings" means something). */
    policyChecked: boolean;
}

/** Options of {@link planCopyReview}. */
export interface PlanOptions {
    pricePerSms?: number;
    currency?: string;
    /** The policy pack's findings (from the same preview's event log); absent when no pack ran. */
    findings?: PolicyFinding[];
}

/** The type token of a stack's root resource, which every preview shows. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The sends a cost line is given for. */
export const COST_SENDS = 10_000;

/** The template fields JSMS reviews: a change of one of them is resubmitted (update) or replaced. */
const REVIEWED_FIELDS: Record<ObjectKind, readonly string[]> = {
    template: ["template", "type", "ttl", "remark"],
    signature: ["sign", "type", "remark", "imageDigests", "qualificationDigests", "qualification"],
};

/** Derived or internal inputs that never count as a change of their own. */
const DERIVED_FIELDS = new Set(["__provider", JOURNAL_KEY_INPUT, "variables", "length", "segments", "lengthIsMinimum"]);

/** The kind of a JSMS resource type, or undefined for any other resource. */
export function objectKindOf(state: PreviewState): ObjectKind | undefined {
    const type = state.type;
    const dynamic = /^pulumi-nodejs:dynamic\/jsms:(SmsTemplate|SmsSignature)$/.exec(type);
    const plugin = /^jsms:index(?:\/[A-Za-z]+)?:(SmsTemplate|SmsSignature)$/.exec(type);
    const match = dynamic ?? plugin;
    if (match) {
        return match[1] === "SmsTemplate" ? "template" : "signature";
    }
    // A dynamic resource without its own type token names its kind in the serialized provider object.
    if (type === "pulumi-nodejs:dynamic:Resource" && typeof state.inputs.__provider === "string") {
        const kind = /\bkind: "(template|signature)"/.exec(state.inputs.__provider);
        return kind ? (kind[1] as ObjectKind) : undefined;
    }
    return undefined;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its parts. */
export function parseUrn(urn: string): { stack: string; project: string; name: string } {
    const match = /^urn:pulumi:([^:]*)::([^:]*)::.*::([^:]*)$/s.exec(urn);
    if (!match) {
        return { stack: "", project: "", name: urn };
    }
    return { stack: match[1], project: match[2], name: match[3] };
}

/** Builds the review of a preview document. */
export function planCopyReview(doc: PreviewDocument, options: PlanOptions = {}): CopyReview {
    const optOutSuffix = doc.config["jsms:optOutSuffix"] ?? DEFAULT_OPT_OUT_SUFFIX;
    const defaultApp = doc.config["jsms:appKey"] ?? "default app";
    const findings = options.findings ?? [];
    const groups = new Map<string, CopyReviewGroup>();
    const claimed = new Set<PolicyFinding>();
    const providerApps = providerAppKeys(doc.steps);

    for (const step of mergeReplacements(doc.steps)) {
        const state = step.newState ?? step.oldState;
        const kind = state && objectKindOf(state);
        if (!state || !kind) {
            continue;
        }
        const { stack, project, name } = parseUrn(step.urn);
        const app = stringInput(state.inputs.app) ?? appOfProvider(state.provider, providerApps) ?? defaultApp;
        const key = JSON.stringify([project, stack, app]);
        let group = groups.get(key);
        if (!group) {
            group = { stack, project, app, changes: [], unchanged: 0 };
            groups.set(key, group);
        }
        const action = actionOf(step.op);
        if (action === undefined) {
            if (step.op === "same") {
                group.unchanged++;
            }
            continue;
        }
        const mine = findings.filter((f) => f.urn === step.urn);
        mine.forEach((f) => claimed.add(f));
        const old = step.oldState && versionOf(kind, step.oldState, optOutSuffix);
        const next = step.newState && versionOf(kind, step.newState, optOutSuffix);
        const changedFields = changedInputs(step.oldState, step.newState);
        const outputs = step.oldState?.outputs ?? {};
        const status = stringInput(outputs.status);
        group.changes.push({
            kind,
            name,
            urn: step.urn,
            action,
            why: whyOf(
                kind,
                action,
                status,
                changedFields,
                step.replaceReasons,
                Boolean(step.newState?.inputs.waitForReview),
            ),
            old,
            new: next,
            changedFields,
            id: step.oldState?.id,
            status,
            rejectReason: stringInput(outputs.rejectReason),
            findings: mine,
        });
    }
    const sorted = [...groups.values()].sort((a, b) =>
        `${a.project}/${a.stack}/${a.app}`.localeCompare(`${b.project}/${b.stack}/${b.app}`),
    );
    return {
        groups: sorted,
        otherFindings: findings.filter((f) => !claimed.has(f)),
        unchangedListed: samesListed(doc),
        pricePerSms: options.pricePerSms,
        currency: options.currency ?? "",
        policyChecked: options.findings !== undefined,
    };
}

/** One review of several previews (stacks): their groups side by side, sorted by project, stack and app. */
export function combineReviews(reviews: CopyReview[]): CopyReview {
    if (reviews.length === 0) {
        throw new Error("combineReviews needs at least one review");
    }
    return {
        ...reviews[0],
        groups: reviews
            .flatMap((r) => r.groups)
            .sort((a, b) => `${a.project}/${a.stack}/${a.app}`.localeCompare(`${b.project}/${b.stack}/${b.app}`)),
        otherFindings: reviews.flatMap((r) => r.otherFindings),
        unchangedListed: reviews.every((r) => r.unchangedListed),
        policyChecked: reviews.some((r) => r.policyChecked),
    };
}

/**
 * Whether the preview lists its unchanged resources (`--show-sames`): it does when a `same` step other than the stack
 * is there, or when nothing but the stack is unchanged; without them, unchanged objects cannot be counted.
 */
function samesListed(doc: PreviewDocument): boolean {
    const sameSteps = doc.steps.filter(
        (s) => s.op === "same" && (s.newState ?? s.oldState)?.type !== STACK_TYPE,
    ).length;
    return sameSteps > 0 || (doc.changeSummary.same ?? 0) <= 1;
}

/** The app key each provider in the preview is configured with (`appKey` of the plugin, `jsms:appKey` of jsms.Provider). */
function providerAppKeys(steps: PreviewStep[]): Map<string, string> {
    const apps = new Map<string, string>();
    for (const step of steps) {
        const state = step.newState ?? step.oldState;
        if (!state?.type.startsWith("pulumi:providers:")) {
            continue;
        }
        const appKey = stringInput(state.inputs.appKey) ?? stringInput(state.inputs["jsms:appKey"]);
        if (appKey !== undefined && appKey !== "[secret]") {
            apps.set(state.urn, appKey);
        }
    }
    return apps;
}

/**
 * The app of a resource's provider: its configured app key, else (an explicit provider whose key is not in the
 * preview) the provider's name; undefined for a default provider, which uses the stack's `jsms:appKey`.
 */
function appOfProvider(reference: string | undefined, apps: Map<string, string>): string | undefined {
    if (reference === undefined) {
        return undefined;
    }
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    const name = parseUrn(urn).name;
    if (name === "default" || name.startsWith("default_")) {
        return undefined;
    }
    return apps.get(urn) ?? `provider ${name}`;
}

/**
 * A replacement may be shown as one `replace` step or as its parts (`create-replacement` and `delete-replaced`);
 * either way it is one change, with the old state of the replaced object and the new state of its successor.
 */
function mergeReplacements(steps: PreviewStep[]): PreviewStep[] {
    const merged: PreviewStep[] = [];
    const byUrn = new Map<string, PreviewStep>();
    for (const step of steps) {
        const isPart = step.op === "create-replacement" || step.op === "delete-replaced" || step.op === "replace";
        const earlier = byUrn.get(step.urn);
        if (isPart && earlier) {
            earlier.oldState = earlier.oldState ?? step.oldState;
            earlier.newState = step.op === "delete-replaced" ? earlier.newState : (step.newState ?? earlier.newState);
            earlier.replaceReasons = earlier.replaceReasons.length > 0 ? earlier.replaceReasons : step.replaceReasons;
            continue;
        }
        const copy = { ...step, op: isPart ? "replace" : step.op };
        if (isPart) {
            byUrn.set(step.urn, copy);
        }
        merged.push(copy);
    }
    return merged;
}

function actionOf(op: string): CopyAction | undefined {
    switch (op) {
        case "create":
        case "update":
        case "delete":
        case "replace":
            return op;
        default:
            return undefined;
    }
}

function stringInput(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

function versionOf(kind: ObjectKind, state: PreviewState, optOutSuffix: string): CopyVersion {
    const inputs = state.inputs;
    if (kind === "signature") {
        return { source: { signature: stringInput(inputs.sign) ?? "", body: "", variableLengths: {} } };
    }
    const template = typeof inputs.template === "string" ? inputs.template : "";
    const type = typeof inputs.type === "number" ? inputs.type : undefined;
    const signature = stringInput(inputs.signature);
    const variableLengths = lengthsOf(inputs.variableLengths);
    const optOut = type === MARKETING_TEMPLATE_TYPE ? optOutSuffix : undefined;
    return {
        source: { signature, body: template, optOut, variableLengths },
        type,
        count: countSms({ template, type, signature, variableLengths, optOutSuffix }),
    };
}

function lengthsOf(value: unknown): Record<string, number> {
    if (typeof value !== "object" || value === null) {
        return {};
    }
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === "number"));
}

function changedInputs(old: PreviewState | undefined, next: PreviewState | undefined): string[] {
    if (!old || !next) {
        return [];
    }
    const names = new Set([...Object.keys(old.inputs), ...Object.keys(next.inputs)]);
    return [...names]
        .filter((n) => !DERIVED_FIELDS.has(n) && JSON.stringify(old.inputs[n]) !== JSON.stringify(next.inputs[n]))
        .sort();
}

/** Why JSMS needs `action`; `waits` when the new object waits for its review (`waitForReview`) before the old one goes. */
function whyOf(
    kind: ObjectKind,
    action: CopyAction,
    status: string | undefined,
    changed: string[],
    replaceReasons: string[],
    waits: boolean,
): string {
    const thing = kind === "template" ? "template" : "signature";
    switch (action) {
        case "create":
            return kind === "template"
                ? "new: JSMS reviews it before it can be sent; the application sends it by its new tempId once it is approved."
                : "new: JSMS reviews it before templates can be sent with it.";
        case "delete":
            return kind === "template"
                ? "deleted: it is removed from JSMS, and an application still sending its tempId gets an error."
                : "deleted: it is removed from JSMS (never while it is the app's default or in use).";
        case "update": {
            const reviewed = changed.filter((f) => REVIEWED_FIELDS[kind].includes(f));
            if (reviewed.length === 0) {
                return `updated: only settings JSMS never sees change (${changed.join(", ") || "none"}), so nothing is resubmitted and its review stands.`;
            }
            return `updated: the ${thing} was rejected, and JSMS lets a rejected ${thing} be edited, so it is changed in place and goes back to review.`;
        }
        case "replace": {
            if (replaceReasons.includes("app")) {
                return `replaced: it moves to another app, so a new ${thing} is created there and the old one is deleted.`;
            }
            if (replaceReasons.includes("adoptId")) {
                return `replaced: it now stands for another existing JSMS ${thing} (adoptId changed).`;
            }
            if (kind === "signature" && status === "pending") {
                return "replaced: JSMS allows one signature under review per app, so the pending one is deleted first and the new one is submitted.";
            }
            const current = status === "pending" ? "the one under review" : "the approved one";
            if (waits) {
                return `replaced: JSMS only edits rejected ${thing}s, so ${current} keeps ${kind === "template" ? "sending" : "being used"} until the new one passes review; then it is deleted.`;
            }
            return (
                `replaced: JSMS only edits rejected ${thing}s, so a new ${thing} is submitted for review and ${current} is deleted once it is created` +
                (kind === "template" ? "; the application must switch to the new tempId." : ".")
            );
        }
    }
}
