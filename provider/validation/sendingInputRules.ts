/**
 * Rules for the template inputs that describe how a template is sent (`signature`, `variableLengths`). JSMS never
 * sees them: they only make the counted length true, so a wrong one would make the cost shown in preview a lie.
 */
import { signTextViolation } from "./signatureRules";
import type { RuleViolation } from "./ruleViolation";
import { templateVariables } from "./templateVariables";
import { JsmsCode } from "../client/returnCodes";

/** The sending inputs as they arrive from Pulumi; `template` is only read to match variable names. */
export interface SendingInputFields {
    template?: string;
    signature?: unknown;
    variableLengths?: unknown;
}

/**
 * `signature` must be sign text JSMS would accept (50104, the vendor's code for a bad signature); `variableLengths`
 * an object of whole numbers ≥ 0 naming only variables the template uses (50007, the vendor's "invalid body").
 * Fields in `skip` (unknown during preview) are not checked; `template` is undefined when unknown.
 */
export function sendingInputViolations(fields: SendingInputFields, skip?: ReadonlySet<string>): RuleViolation[] {
    const violations: RuleViolation[] = [];
    if (!skip?.has("signature") && fields.signature !== undefined && fields.signature !== null) {
        const violation = signatureViolation(fields.signature);
        if (violation) {
            violations.push(violation);
        }
    }
    if (!skip?.has("variableLengths") && fields.variableLengths !== undefined && fields.variableLengths !== null) {
        violations.push(...variableLengthViolations(fields.variableLengths, fields.template));
    }
    return violations;
}

function signatureViolation(signature: unknown): RuleViolation | undefined {
    const violation = (reason: string): RuleViolation => ({
        property: "signature",
        code: JsmsCode.InvalidSignature,
        reason,
    });
    if (typeof signature !== "string" || signature === "") {
        return violation(
            "signature, when set, must be the sign text the template is sent with, e.g. 极光推送 (or brand.sign).",
        );
    }
    const rule = signTextViolation(signature);
    return rule && violation(rule.reason);
}

function variableLengthViolations(lengths: unknown, template: string | undefined): RuleViolation[] {
    const violation = (reason: string): RuleViolation => ({
        property: "variableLengths",
        code: JsmsCode.InvalidBody,
        reason,
    });
    if (typeof lengths !== "object" || Array.isArray(lengths) || lengths === null) {
        return [
            violation(
                "variableLengths must map each variable name to the length of its longest value, e.g. { code: 6, name: 20 }.",
            ),
        ];
    }
    const entries = Object.entries(lengths as Record<string, unknown>);
    const violations: RuleViolation[] = [];
    const notCounts = entries.filter(
        ([, length]) => !(typeof length === "number" && Number.isInteger(length) && length >= 0),
    );
    if (notCounts.length > 0) {
        violations.push(
            violation(
                `variableLengths must give whole numbers of characters (0 or more); fix ${notCounts.map(([name]) => name).join(", ")}.`,
            ),
        );
    }
    if (template !== undefined) {
        const used = new Set(templateVariables(template));
        const unused = entries.map(([name]) => name).filter((name) => !used.has(name));
        if (unused.length > 0) {
            violations.push(
                violation(
                    `variableLengths names ${unused.map((name) => `{{${name}}}`).join(", ")}, which the template does not use; fix the name or remove it.`,
                ),
            );
        }
    }
    return violations;
}
