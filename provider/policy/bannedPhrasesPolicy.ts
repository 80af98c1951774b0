import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { policySettings } from "./policyConfig";
import { kindOfType } from "../schema/typeTokens";
import { text } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that keeps a team's banned words out of SMS copy. */
export const BANNED_PHRASES_POLICY = "jsms-banned-phrases";

/** The settings of {@link BANNED_PHRASES_POLICY} in the policy config file. */
export interface BannedPhrasesSettings {
    /** Words or phrases no template text or signature may contain. */
    phrases: string[];
}

const configSchema: PolicyConfigSchema = {
    properties: {
        phrases: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                "Words or phrases no template text or signature may contain; matched ignoring case and full-width forms.",
        },
    },
};

/** Folds full-width forms and case, so that ＦＲＥＥ and free match a banned "Free". */
function folded(value: string): string {
    return value.normalize("NFKC").toLowerCase();
}

/** A template text or signature that contains a phrase the team banned in the policy config. */
export const bannedPhrasesPolicy: ResourceValidationPolicy = {
    name: BANNED_PHRASES_POLICY,
    description: "Template texts and signatures must not contain the words or phrases listed in the policy config.",
    enforcementLevel: "mandatory",
    configSchema,
    remediationSteps: "Reword the copy without the banned phrases.",
    validateResource: (args, reportViolation) => {
        const kind = kindOfType(args.type);
        if (kind === undefined) {
            args.notApplicable("applies to SmsTemplate and SmsSignature resources only");
        }
        const { phrases } = policySettings<BannedPhrasesSettings>(args, configSchema);
        const property = kind === "template" ? "template" : "sign";
        const copy = phrases.length > 0 ? text(args.props[property]) : undefined;
        if (copy === undefined) {
            return;
        }
        const found = [...new Set(phrases.filter((phrase) => phrase !== "" && folded(copy).includes(folded(phrase))))];
        if (found.length === 0) {
            return;
        }
        const listed = found.map((phrase) => `"${phrase}"`).join(", ");
        reportViolation(
            violationMessage(
                { kind: kind!, name: args.name },
                BANNED_PHRASES_POLICY,
                `${property} contains the banned ${found.length === 1 ? "phrase" : "phrases"} ${listed}.`,
                `reword ${property} without ${listed} (the list is phrases of ${BANNED_PHRASES_POLICY} in the policy config).`,
            ),
        );
    },
};
