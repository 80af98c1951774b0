/**
 * A message as the phone shows it, split into runs the renderers draw: the signature in 【】, the body's text and
 * its `{{variables}}` (with their declared lengths), and the opt-out text JSMS appends to marketing messages, each
 * run marked when its characters changed.
 */
import { bracketedSignature } from "pulumi-jsms/validation/smsCounting";
import { characterChanges } from "./characterDiff";

/** Which part of the message a run belongs to. */
export type MessagePart = "signature" | "body" | "variable" | "optOut";

/** One stretch of a message with the same part, variable and change mark. */
export interface MessageRun {
    /** The characters, as sent (a variable as its `{{name}}` token). */
    text: string;
    /** The part of the message. */
    part: MessagePart;
    /** The variable's name, for a `variable` run. */
    variable?: string;
    /** The variable's declared longest value, in characters, when declared. */
    declaredLength?: number;
    /** True when these characters are new (in the new copy) or gone (in the old copy). */
    changed: boolean;
}

/** What a message is made of. */
export interface MessageSource {
    /** The sign text without brackets; absent when the template does not declare it. */
    signature?: string;
    /** The body: the template copy with `{{name}}` variables (empty for a signature on its own). */
    body: string;
    /** The opt-out text JSMS appends (marketing templates), or absent. */
    optOut?: string;
    /** The declared longest value of each variable. */
    variableLengths: Readonly<Record<string, number>>;
}

/** One line break as JSMS counts it (`\r\n` is one break, as are a lone `\n` or `\r`). */
export const BREAK_PATTERN = /\r\n|\r|\n/;

/** A `{{…}}` token, as the provider's templateVariables reads it; here only to mark variables for display. */
const VARIABLE_TOKEN = /\{\{([^{}]*)\}\}/g;

/** The full text JSMS sends for this source: 【signature】, body, opt-out text (variables left as tokens). */
export function messageText(source: MessageSource): string {
    return (
        (source.signature !== undefined ? bracketedSignature(source.signature) : "") +
        source.body +
        (source.optOut ?? "")
    );
}

/**
 * The runs of a message. `changed` holds the code-point indexes (into {@link messageText}) of changed characters,
 * from {@link characterChanges}.
 */
export function layoutMessage(source: MessageSource, changed: ReadonlySet<number> = new Set()): MessageRun[] {
    // `token` is where a variable's `{{…}}` starts, so two adjacent uses of one variable stay two runs.
    type Char = { ch: string; part: MessagePart; variable?: string; token?: number };
    const chars: Char[] = [];
    if (source.signature !== undefined) {
        chars.push(...[...bracketedSignature(source.signature)].map((ch) => ({ ch, part: "signature" as const })));
    }
    let last = 0;
    for (const match of source.body.matchAll(VARIABLE_TOKEN)) {
        chars.push(...[...source.body.slice(last, match.index)].map((ch) => ({ ch, part: "body" as const })));
        chars.push(
            ...[...match[0]].map((ch) => ({ ch, part: "variable" as const, variable: match[1], token: match.index })),
        );
        last = match.index + match[0].length;
    }
    chars.push(...[...source.body.slice(last)].map((ch) => ({ ch, part: "body" as const })));
    chars.push(...[...(source.optOut ?? "")].map((ch) => ({ ch, part: "optOut" as const })));

    const runs: MessageRun[] = [];
    let key = "";
    chars.forEach((c, index) => {
        const isChanged = changed.has(index);
        const k = `${c.part}|${c.token ?? ""}|${isChanged}`;
        if (runs.length > 0 && k === key) {
            runs[runs.length - 1].text += c.ch;
            return;
        }
        key = k;
        const name = c.variable;
        const declared =
            name !== undefined && Object.hasOwn(source.variableLengths, name)
                ? source.variableLengths[name]
                : undefined;
        runs.push({ text: c.ch, part: c.part, variable: name, declaredLength: declared, changed: isChanged });
    });
    return runs;
}

/** The runs of both versions of a change, each with the characters the other one lacks marked as changed. */
export function changeLayouts(
    old: MessageSource | undefined,
    next: MessageSource | undefined,
): { old?: MessageRun[]; new?: MessageRun[] } {
    if (old && next) {
        const changes = characterChanges(messageText(old), messageText(next));
        return { old: layoutMessage(old, changes.removed), new: layoutMessage(next, changes.added) };
    }
    return { old: old && layoutMessage(old), new: next && layoutMessage(next) };
}
