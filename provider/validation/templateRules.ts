import { z } from "zod";
import { readFields } from "./fieldShapes";
import { remarkViolation } from "./remarkRule";
import type { RuleViolation } from "./ruleViolation";

/** The template types JSMS knows: 1 verification code, 2 notification, 3 marketing. */
export const TEMPLATE_TYPES: readonly number[] = [1, 2, 3];

/**
 * The default longest template, in characters: the older vendor page says 350 and the current one 500, so 350 is
 * what passes under both. The provider's `jsms:maxTemplateLength` and the simulator's `--max-template-length` both
 * start here.
 */
export const DEFAULT_MAX_TEMPLATE_LENGTH = 350;

/** The longest verification-code validity JSMS accepts, in seconds (one day). */
export const MAX_TTL_SECONDS = 86400;

/** The template fields as they arrive, from a JSON body or from Pulumi inputs. */
export interface TemplateRuleFields {
    template?: unknown;
    type?: unknown;
    ttl?: unknown;
    remark?: unknown;
}

/** How {@link templateViolations} checks. */
export interface TemplateRuleOptions {
    /** The longest template in characters: 500 in the current vendor docs, 350 in the older ones. */
    maxTemplateLength: number;
    /** Properties whose value is unknown (a preview placeholder): not validated, nor any rule that needs them. */
    skip?: ReadonlySet<string>;
}

const templateShapes = {
    template: { schema: z.string(), expected: "text" },
    type: { schema: z.number(), expected: "a number (1, 2 or 3)" },
    ttl: { schema: z.number(), expected: "a number of seconds" },
    remark: { schema: z.string(), expected: "text" },
};

/** A `{{…}}` token; the inner text is checked separately so that malformed names are reported, not ignored. */
const VARIABLE_TOKEN = /\{\{([^{}]*)\}\}/g;
const VARIABLE_NAME = /^[A-Za-z0-9]+$/;
const LINK_AT_START = /^https?:\/\/\S+/i;

/**
 * Every JSMS rule a template create or modify request breaks, in the order the simulator checks them
 * (reference §9): 50025, 50042, 50043, 50052, 50041, 50044, 50053, 50045; 50007 first for fields of the wrong type.
 */
export function templateViolations(fields: TemplateRuleFields, options: TemplateRuleOptions): RuleViolation[] {
    const { values, unavailable, violations } = readFields(fields, templateShapes, options.skip);
    const known = (key: keyof typeof templateShapes) => !unavailable.has(key);
    const { template, type, ttl, remark } = values;
    const text = template !== undefined && template.trim() !== "" ? template : undefined;

    if (known("type") && !(type !== undefined && TEMPLATE_TYPES.includes(type))) {
        violations.push({
            property: "type",
            code: 50025,
            reason:
                type === undefined
                    ? "type is required: set 1 (verification code), 2 (notification) or 3 (marketing)."
                    : `type must be 1 (verification code), 2 (notification) or 3 (marketing); found ${type}.`,
        });
    }
    if (known("template") && text === undefined) {
        violations.push({
            property: "template",
            code: 50042,
            reason: "the template text is empty; write the SMS copy, e.g. 您的验证码是{{code}}，5分钟内有效。",
        });
    }
    if (text !== undefined) {
        const length = templateLength(text);
        if (length > options.maxTemplateLength) {
            violations.push({
                property: "template",
                code: 50043,
                reason:
                    `the template is ${length} characters, over the limit of ${options.maxTemplateLength}; ` +
                    "shorten it and leave room for the signature JSMS adds to every message.",
            });
        }
        if (/[【】]/.test(text)) {
            violations.push({
                property: "template",
                code: 50052,
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
                code: 50053,
                reason:
                    "a template with {{url}} needs a remark that starts with the link (http:// or https://) so JSMS " +
                    "can approve it before sending; put the link at the very beginning of remark.",
            });
        }
    }
    const remarkRule = remarkViolation(remark);
    if (remarkRule) {
        violations.push(remarkRule);
    }
    return violations;
}

/**
 * The length JSMS limits, in characters: Unicode code points, so a character outside the BMP counts once
 * (JavaScript's `length` would count it twice).
 */
export function templateLength(template: string): number {
    return [...template].length;
}

/** The names of the `{{name}}` variables of a template, each once, in order of first appearance, as written. */
export function templateVariables(template: string): string[] {
    return [...new Set(variableTokens(template))];
}

/** Every `{{…}}` token's inner text, once per occurrence. */
function variableTokens(template: string): string[] {
    return [...template.matchAll(VARIABLE_TOKEN)].map((match) => match[1]);
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
                  code: 50041,
                  reason: `a verification-code template (type 1) needs ttl, the code's validity in seconds (1 to ${MAX_TTL_SECONDS}); set it.`,
              }
            : undefined;
    }
    if (Number.isInteger(ttl) && ttl > 0 && ttl <= MAX_TTL_SECONDS) {
        return undefined;
    }
    return {
        property: "ttl",
        code: 50041,
        reason: `ttl must be a whole number of seconds with 0 < ttl ≤ ${MAX_TTL_SECONDS}; found ${ttl}.`,
    };
}

/**
 * 50044 rules: braces must pair up; a verification-code template has exactly one variable, `{{code}}`; other
 * templates (or a template whose type is unknown) use names of English letters and digits only.
 */
function variableViolations(template: string, type: number | undefined): RuleViolation[] {
    const violations: RuleViolation[] = [];
    const tokens = variableTokens(template);
    const leftover = template.replace(VARIABLE_TOKEN, "");
    if (leftover.includes("{{") || leftover.includes("}}")) {
        violations.push({
            property: "template",
            code: 50044,
            reason: "the template has a {{ or }} that does not close a variable; write each variable as {{name}}.",
        });
    }
    if (type === 1) {
        if (tokens.length !== 1 || tokens[0] !== "code") {
            const found = tokens.length === 0 ? "none" : tokens.map((name) => `{{${name}}}`).join(", ");
            violations.push({
                property: "template",
                code: 50044,
                reason: `a verification-code template (type 1) must contain exactly one variable, {{code}}; found ${found}.`,
            });
        }
        return violations;
    }
    const malformed = [...new Set(tokens.filter((name) => name.trim() === "" || /\s/.test(name)))];
    if (malformed.length > 0) {
        violations.push({
            property: "template",
            code: 50044,
            reason: `the template has malformed variables ${malformed.map((name) => `{{${name}}}`).join(", ")}; write each as {{name}} with no spaces.`,
        });
    }
    const badNames = [...new Set(tokens.filter((name) => !malformed.includes(name) && !VARIABLE_NAME.test(name)))];
    if (badNames.length > 0) {
        violations.push({
            property: "template",
            code: 50044,
            reason: `variable names may use only English letters and digits; rename ${badNames.map((name) => `{{${name}}}`).join(", ")}.`,
        });
    }
    return violations;
}
