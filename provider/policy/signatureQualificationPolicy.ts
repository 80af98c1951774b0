import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REQUIRED_FILE_BY_TYPE, SIGNATURE_TYPES } from "../validation/signatureRules";
import { jsmsResource } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that asks for the 2025 signature type and qualification. */
export const SIGNATURE_QUALIFICATION_POLICY = "jsms-signature-qualification";

/** The qualification fields every 2025 signature carries, whatever its type. */
const ALWAYS_REQUIRED = ["legalPersonName", "legalPersonIdNumber", "socialCreditCode", "idCardImage"];

/** A field counts as given when it is neither absent nor empty; values are never read further (they are secret). */
function given(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

/**
 * A signature without the 2025 type (1, 3, 6 or 7) or without the qualification JSMS requires since 2025: the legal
 * person, the ID number, the credit code, the ID card image and the file of its type. Only presence is checked
 * here (check validates the values); no value is ever put in a message, as the qualification is secret.
 */
export const signatureQualificationPolicy: ResourceValidationPolicy = {
    name: SIGNATURE_QUALIFICATION_POLICY,
    description: "Every signature has a 2025 type (1, 3, 6 or 7) and the qualification JSMS requires since 2025.",
    enforcementLevel: "mandatory",
    configSchema: { properties: {} },
    remediationSteps: "Set type and qualification on the signature (legal person, ID number, credit code and images).",
    validateResource: (args, reportViolation) => {
        const resource = jsmsResource(args, "signature");
        const type = resource.props.type;
        const problems: string[] = [];
        const fixes: string[] = [];
        const knownType = typeof type === "number" && SIGNATURE_TYPES.includes(type);
        if (!knownType) {
            problems.push(
                type === undefined || type === null
                    ? "it has no type"
                    : `its type ${String(type)} is not one of the 2025 types`,
            );
            fixes.push("set type to 1 (company), 3 (app), 6 (brand) or 7 (other)");
        }
        const qualification = resource.props.qualification as Record<string, unknown> | undefined | null;
        const required = [...ALWAYS_REQUIRED, ...(knownType ? [REQUIRED_FILE_BY_TYPE[type].field] : [])];
        const missing = required.filter((field) => !given(qualification?.[field]));
        if (!qualification) {
            problems.push("it has no qualification");
        } else if (missing.length > 0) {
            problems.push(`its qualification lacks ${missing.join(", ")}`);
        }
        if (missing.length > 0) {
            fixes.push(`set qualification.${missing.join(", qualification.")}`);
        }
        if (problems.length === 0) {
            return;
        }
        reportViolation(
            violationMessage(
                resource,
                SIGNATURE_QUALIFICATION_POLICY,
                `${problems.join(" and ")}, which JSMS requires of every signature since 2025.`,
                `${fixes.join("; ")}.`,
            ),
        );
    },
};
