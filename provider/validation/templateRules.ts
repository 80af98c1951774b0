import { type FieldShape, readFields } from "./fieldShapes";
import { invisibleCharacterViolation } from "./invisibleCharacters";
import { remarkViolations } from "./remarkRule";
import type { RuleViolation } from "./ruleViolation";
import { sendingInputViolations } from "./sendingInputRules";
import { DEFAULT_MAX_TEMPLATE_LENGTH, countTemplate, describeParts } from "./smsCounting";
import { replaceVariables, templateVariables, variableTokens } from "./templateVariables";
import { JsmsCode } from "../client/returnCodes";

export { templateVariables };

/** The template types JSMS knows: 1 verification code, 2 notification, 3 marketing. */
export const TEMPLATE_TYPES: readonly number[] = [1, 2, 3];

// With the counting (smsCounting.ts), which loads no zod: the settings read it in the program too.
export { DEFAULT_MAX_TEMPLATE_LENGTH };

/** The longest template the vendor's current page allows, in characters: the simulator's default, as JSMS today. */
export const VENDOR_MAX_TEMPLATE_LENGTH = 500;

/** The longest verification-code validity JSMS accepts, in seconds (one day). */
export const MAX_TTL_SECONDS = 86400;

/** The template fields as they arrive, from a JSON body or from Pulumi inputs. */
export interface TemplateRuleFields {
    template?: unknown;
    type?: unknown;
    ttl?: unknown;
    remark?: unknown;
    /** Pulumi input only (never sent to JSMS): the sign text the template is sent with, counted in its length. */
    signature?: unknown;
    /** Pulumi input only (never sent to JSMS): the longest value of each variable, checked for shape and names. */
    variableLengths?: unknown;
}

/** How {@link templateViolations} checks. */
export interface TemplateRuleOptions {
    /**
     * The longest template in characters: 500 in the current vendor docs, 350 in the older ones. It covers the
     * signature (when `signature` is given), the body and, for marketing templates, the opt-out text.
     */
    maxTemplateLength: number;
    /** The opt-out text JSMS appends to marketing templates; `DEFAULT_OPT_OUT_SUFFIX` (回T退订) when absent. */
    optOutSuffix?: string;
    /** Properties whose value is unknown (a preview placeholder): not validated, nor any rule that needs them. */
    skip?: ReadonlySet<string>;
}

const templateShapes = {
    template: { type: "text", expected: "text" },
    type: { type: "number", expected: "a number (1, 2 or 3)" },
    ttl: { type: "number", expected: "a number of seconds" },
    remark: { type: "text", expected: "text" },
} satisfies Record<string, FieldShape>;

const VARIABLE_NAME = /^[A-Za-z0-9]+$/;
const LINK_AT_START = /^https?:\/\/\S+/i;

/**
 * Every JSMS rule a template create or modify request breaks, in the order the simulator checks them: 50025, 50042,
 * 50043, 50052, 50041, 50044, 50053, 50045; 50007 first for fields of the wrong type, and for copy or a remark
 * holding a character no reviewer can see (invisibleCharacters.ts, this project's rule: JSMS would send it). Then the rules of the inputs
 * JSMS never sees (`signature`, `variableLengths`), which the simulator does not pass.
 */
export function templateViolations(fields: TemplateRuleFields, options: TemplateRuleOptions): RuleViolation[] {
    const { values, unavailable, violations } = readFields(fields, templateShapes, options.skip);
    const known = (key: keyof typeof templateShapes) => !unavailable.has(key);
    const { template, type, ttl, remark } = values;
    const text = template !== undefined && template.trim() !== "" ? template : undefined;

    if (known("type") && !(type !== undefined && TEMPLATE_TYPES.includes(type))) {
        violations.push({
            property: "type",
            code: JsmsCode.WrongTemplateType,
            reason:
                type === undefined
                    ? "type is required: set 1 (verification code), 2 (notification) or 3 (marketing)."
                    : `type must be 1 (verification code), 2 (notification) or 3 (marketing); found ${type}.`,
        });
    }
    if (known("template") && text === undefined) {
        violations.push({
            property: "template",
            code: JsmsCode.TemplateEmpty,
            reason: "the template text is empty; write the SMS copy, e.g. 您的验证码是{{code}}，5分钟内有效。",
        });
    }
    if (text !== undefined) {
        const lengthRule = lengthViolation(text, known("type") ? type : undefined, fields.signature, options);
        if (lengthRule) {
            violations.push(lengthRule);
        }
        const invisible = invisibleCharacterViolation("template", text, JsmsCode.InvalidBody);
        if (invisible) {
            violations.push(invisible);
        }
        if (/[【】]/.test(text)) {
            violations.push({
                property: "template",
                code: JsmsCode.TemplateSpecialSymbol,
                reason: "the template must not contain 【 or 】, because JSMS puts the signature in them itself; remove them.",
            });
        }
    }
    if (known("ttl")) {
        const ttlRule = ttlViolation(ttl, known("type") ? type : undefined);
        if (ttlRule) {
            violations.push(ttlRule);
        }
    }
    if (text !== undefined) {
        violations.push(...variableViolations(text, known("type") ? type : undefined));
        if (known("remark") && hasVariable(text, "url") && !(remark !== undefined && LINK_AT_START.test(remark))) {
            violations.push({
                property: "remark",
                code: JsmsCode.UrlNeedsRemark,
                reason:
                    "a template with {{url}} needs a remark that starts with the link (http:// or https://) so JSMS " +
                    "can approve it before sending; put the link at the very beginning of remark.",
            });
        }
    }
    violations.push(...remarkViolations(remark));
    violations.push(
        ...sendingInputViolations(
            {
                template: known("template") ? template : undefined,
                signature: fields.signature,
                variableLengths: fields.variableLengths,
            },
            options.skip,
        ),
    );
    return violations;
}

/**
 * 50043: the template as JSMS counts it against the limit (signature, body with line breaks as 2, opt-out text of
 * marketing templates). An unknown type adds no opt-out text and an unusable signature counts nothing, so this
 * rule never fails a template for a part it could not read.
 */
function lengthViolation(
    template: string,
    type: number | undefined,
    signature: unknown,
    options: TemplateRuleOptions,
): RuleViolation | undefined {
    const sign =
        !options.skip?.has("signature") && typeof signature === "string" && signature !== "" ? signature : undefined;
    const request = { template, type, signature: sign, optOutSuffix: options.optOutSuffix };
    const { length, parts } = countTemplate(request);
    if (length <= options.maxTemplateLength) {
        return undefined;
    }
    const room =
        sign === undefined ? "shorten it and leave room for the signature JSMS adds to every message" : "shorten it";
    return {
        property: "template",
        code: JsmsCode.TemplateTooLong,
        reason:
            `the template is ${length} characters, over the limit of ${options.maxTemplateLength}, as JSMS counts them ` +
            `(${describeParts(parts, request)}${/[\r\n]/.test(template) ? "; a line break counts 2" : ""}); ${room}.`,
    };
}

function hasVariable(template: string, name: string): boolean {
    return variableTokens(template).includes(name);
}

/** ttl is required for type 1 and, whenever given, must be a whole number of seconds in (0, 86400]. */
function ttlViolation(ttl: number | undefined, type: number | undefined): RuleViolation | undefined {
    if (ttl === undefined) {
        return type === 1
            ? {
                  property: "ttl",
                  code: JsmsCode.InvalidTtl,
                  reason: `a verification-code template (type 1) needs ttl, the code's validity in seconds (1 to ${MAX_TTL_SECONDS}); set it.`,
              }
            : undefined;
    }
    if (Number.isInteger(ttl) && ttl > 0 && ttl <= MAX_TTL_SECONDS) {
        return undefined;
    }
    return {
        property: "ttl",
        code: JsmsCode.InvalidTtl,
        reason: `ttl must be a whole number of seconds with 0 < ttl ≤ ${MAX_TTL_SECONDS}; found ${ttl}.`,
    };
}

/**
 * 50044 rules: braces must pair up; a verification-code template has exactly one variable, `{{code}}`; other
 * templates (or a template whose type is unknown) use names of English letters and digits only. The vendor's
 * console also takes `_` inside a name, its API page does not: we call the API, so `_` is refused here (and by the
 * simulator) rather than discovered as a 50044 in the middle of `pulumi up`.
 */
function variableViolations(template: string, type: number | undefined): RuleViolation[] {
    const violations: RuleViolation[] = [];
    const tokens = variableTokens(template);
    const leftover = replaceVariables(template, () => "");
    if (leftover.includes("{{") || leftover.includes("}}")) {
        violations.push({
            property: "template",
            code: JsmsCode.TemplateParameterInvalid,
            reason: "the template has a {{ or }} that does not close a variable; write each variable as {{name}}.",
        });
    }
    if (type === 1) {
        if (tokens.length !== 1 || tokens[0] !== "code") {
            const found = tokens.length === 0 ? "none" : tokens.map((name) => `{{${name}}}`).join(", ");
            violations.push({
                property: "template",
                code: JsmsCode.TemplateParameterInvalid,
                reason: `a verification-code template (type 1) must contain exactly one variable, {{code}}; found ${found}.`,
            });
        }
        return violations;
    }
    const malformed = [...new Set(tokens.filter((name) => name.trim() === "" || /\s/.test(name)))];
    if (malformed.length > 0) {
        violations.push({
            property: "template",
            code: JsmsCode.TemplateParameterInvalid,
            reason: `the template has malformed variables ${malformed.map((name) => `{{${name}}}`).join(", ")}; write each as {{name}} with no spaces.`,
        });
    }
    const badNames = [...new Set(tokens.filter((name) => !malformed.includes(name) && !VARIABLE_NAME.test(name)))];
    if (badNames.length > 0) {
        violations.push({
            property: "template",
            code: JsmsCode.TemplateParameterInvalid,
            reason:
                `variable names may use only English letters and digits; rename ${badNames.map((name) => `{{${name}}}`).join(", ")}` +
                `${underscoreHint(badNames)}.`,
        });
    }
    return violations;
}

/** For names that break the rule only by `_`, the letters-and-digits names to use instead, e.g. {{firstName}}. */
function underscoreHint(names: string[]): string {
    const renamed = names
        .filter((name) => /^[A-Za-z0-9_]+$/.test(name) && /[A-Za-z0-9]/.test(name))
        .map((name) =>
            name.replace(/_+([A-Za-z0-9])?/g, (_underscores, next?: string) => (next ? next.toUpperCase() : "")),
        )
        .map((name) => `{{${name}}}`);
    return renamed.length > 0 ? ` (JSMS's API refuses _, so e.g. ${renamed.join(", ")})` : "";
}
