/**
 * How JSMS counts an SMS: characters, the signature, the marketing opt-out text, variables and billed segments.
 * One module for `check`'s length rule, the template outputs, the policy pack and the simulator, so that they can
 * never disagree about what a piece of copy costs.
 */
import { replaceVariables, templateVariables, variableTokens } from "./templateVariables";

/** The longest message billed as one SMS, in characters. */
export const SINGLE_SMS_MAX_LENGTH = 70;

/** The characters per billed segment once a message is longer than {@link SINGLE_SMS_MAX_LENGTH}. */
export const SEGMENT_LENGTH = 67;

/** What one line break counts, in characters. */
export const LINE_BREAK_LENGTH = 2;

/** The opt-out text JSMS appends to every marketing SMS, as in the vendor's examples (setting `jsms:optOutSuffix`). */
export const DEFAULT_OPT_OUT_SUFFIX = "回T退订";

/**
 * The default longest template, in characters: the older vendor page says 350 and the current one 500, so 350 is
 * what passes under both. The provider's `jsms:maxTemplateLength` starts here; the simulator models the current
 * page (500, `VENDOR_MAX_TEMPLATE_LENGTH`).
 */
export const DEFAULT_MAX_TEMPLATE_LENGTH = 350;

/** The template type JSMS appends the opt-out text to: 3, marketing. */
export const MARKETING_TEMPLATE_TYPE = 3;

/** One line break: `\r\n` is one break (a Windows-edited copy file must not cost more), as are a lone `\n` or `\r`. */
const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * JSMS's character count of a text: each Han character, punctuation mark, Latin letter, digit or space is 1 (one
 * Unicode code point, so a character outside the BMP is 1, not JavaScript's 2), and each line break is 2.
 */
export function countCharacters(text: string): number {
    const lineBreaks = text.match(LINE_BREAK)?.length ?? 0;
    return [...text.replace(LINE_BREAK, "")].length + lineBreaks * LINE_BREAK_LENGTH;
}

/** The SMS billed for one message of `length` characters: 1 up to 70, then one per started 67 characters. */
export function segmentsFor(length: number): number {
    return length <= SINGLE_SMS_MAX_LENGTH ? 1 : Math.ceil(length / SEGMENT_LENGTH);
}

/** The signature as it appears in every message: JSMS puts the sign text in 【】, which count like any character. */
export function bracketedSignature(sign: string): string {
    return `【${sign}】`;
}

/** What {@link countTemplate} and {@link countSms} count. */
export interface SmsCountRequest {
    /** The template text with `{{name}}` variables, as submitted to JSMS. */
    template: string;
    /** The template type; 3 (marketing) gets the opt-out text appended. Unknown or absent: no opt-out text. */
    type?: number;
    /** The sign text the template is sent with, without brackets, e.g. `极光推送`; absent when not declared. */
    signature?: string;
    /** The longest value of each variable, in characters, e.g. `{ code: 6, name: 20 }`. */
    variableLengths?: Readonly<Record<string, number>>;
    /** The opt-out text JSMS appends to marketing messages; {@link DEFAULT_OPT_OUT_SUFFIX} when absent. */
    optOutSuffix?: string;
}

/** The characters each part of a message contributes, so that a reason can show how a length was reached. */
export interface MessageParts {
    /** The signature with its brackets; 0 when the signature is not declared. */
    signature: number;
    /** The template text (variables as written in {@link countTemplate}, at their declared lengths in {@link countSms}). */
    body: number;
    /** The opt-out text of a marketing template; 0 for other types. */
    optOut: number;
}

/** What one send of a template costs, as JSMS counts it. */
export interface SmsCount {
    /** The variable names, each once, in order of first appearance. */
    variables: string[];
    /** The text one send delivers, as counted: the signature in 【】 when declared, the body with its `{{variables}}`, the opt-out text. */
    message: string;
    /** The characters of the message as sent: signature, body with each variable at its declared length, opt-out text. */
    length: number;
    /** The SMS billed per send. */
    segments: number;
    /** True when a part's length is not declared (a variable, or the signature), so the real message may be longer. */
    lengthIsMinimum: boolean;
    /** The variables without a declared length, counted as empty. */
    undeclaredVariables: string[];
    /** Whether the signature was counted (it was declared). */
    signatureCounted: boolean;
    /** The characters of each part. */
    parts: MessageParts;
}

/**
 * What one send of a template costs: the signature in 【】 when declared, the body with every occurrence of a
 * variable at its declared length (an undeclared one counts as empty and makes the length a minimum), and the
 * opt-out text for marketing templates.
 */
export function countSms(request: SmsCountRequest): SmsCount {
    const declared = (name: string) => declaredLength(request.variableLengths, name);
    const textAround = replaceVariables(request.template, () => "");
    const valueLengths = variableTokens(request.template).reduce((sum, name) => sum + (declared(name) ?? 0), 0);
    const variables = templateVariables(request.template);
    const undeclaredVariables = variables.filter((name) => declared(name) === undefined);
    const parts: MessageParts = {
        signature: signatureLength(request.signature),
        body: countCharacters(textAround) + valueLengths,
        optOut: optOutLength(request),
    };
    const length = parts.signature + parts.body + parts.optOut;
    const signatureCounted = request.signature !== undefined;
    const message =
        (signatureCounted ? bracketedSignature(request.signature!) : "") +
        request.template +
        (request.type === MARKETING_TEMPLATE_TYPE ? (request.optOutSuffix ?? DEFAULT_OPT_OUT_SUFFIX) : "");
    return {
        variables,
        message,
        length,
        segments: segmentsFor(length),
        lengthIsMinimum: undeclaredVariables.length > 0 || !signatureCounted,
        undeclaredVariables,
        signatureCounted,
        parts,
    };
}

/** The length of a submitted template that JSMS's template length limit applies to, and its parts. */
export interface TemplateCount {
    /** Signature, body (variables as written) and opt-out text, in characters. */
    length: number;
    /** The characters of each part. */
    parts: MessageParts;
}

/**
 * The length JSMS's template length limit (50043) applies to: the signature in 【】 when declared, the template
 * text with its `{{name}}` tokens as written (the values are not known when a template is submitted) and, for
 * marketing templates, the opt-out text.
 */
export function countTemplate(request: Omit<SmsCountRequest, "variableLengths">): TemplateCount {
    const parts: MessageParts = {
        signature: signatureLength(request.signature),
        body: countCharacters(request.template),
        optOut: optOutLength(request),
    };
    return { length: parts.signature + parts.body + parts.optOut, parts };
}

/** A reader's account of how a length was reached, e.g. `signature 【极光推送】 6 + body 60 + opt-out text 回T退订 4`. */
export function describeParts(
    parts: MessageParts,
    request: Pick<SmsCountRequest, "signature" | "type" | "optOutSuffix">,
): string {
    const described = [];
    if (request.signature !== undefined) {
        described.push(`signature ${bracketedSignature(request.signature)} ${parts.signature}`);
    }
    described.push(`body ${parts.body}`);
    if (parts.optOut > 0) {
        described.push(`opt-out text ${request.optOutSuffix ?? DEFAULT_OPT_OUT_SUFFIX} ${parts.optOut}`);
    }
    return described.join(" + ");
}

/**
 * One send's cost in words, for a preview warning or a policy violation, e.g. `2 SMS per send: 71 characters as JSMS
 * counts them (signature 【极光推送】 6 + body 65)`, with "at least" and what was left out when the count is a minimum.
 */
export function describeCost(
    count: SmsCount,
    request: Pick<SmsCountRequest, "signature" | "type" | "optOutSuffix">,
): string {
    const atLeast = count.lengthIsMinimum ? "at least " : "";
    const left = [
        ...(count.signatureCounted ? [] : ["the signature"]),
        ...count.undeclaredVariables.map((name) => `{{${name}}}`),
    ];
    const without = left.length > 0 ? `, not counting ${left.join(", ")}` : "";
    return (
        `${atLeast}${count.segments} SMS per send: ${atLeast}${count.length} characters as JSMS counts them ` +
        `(${describeParts(count.parts, request)}${without})`
    );
}

function signatureLength(signature: string | undefined): number {
    return signature === undefined ? 0 : countCharacters(bracketedSignature(signature));
}

function optOutLength(request: Pick<SmsCountRequest, "type" | "optOutSuffix">): number {
    return request.type === MARKETING_TEMPLATE_TYPE
        ? countCharacters(request.optOutSuffix ?? DEFAULT_OPT_OUT_SUFFIX)
        : 0;
}

/** A declared length that can be counted: a whole number of characters, 0 or more; anything else is undeclared. */
function declaredLength(lengths: Readonly<Record<string, number>> | undefined, name: string): number | undefined {
    if (!lengths || !Object.hasOwn(lengths, name)) {
        return undefined;
    }
    const length = lengths[name];
    return Number.isInteger(length) && length >= 0 ? length : undefined;
}
