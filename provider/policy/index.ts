/**
 * `pulumi-jsms/policy`: rules a team enforces on its SMS copy in pull requests, with `pulumi preview --policy-pack`.
 * Each rule is configurable in the policy config file, with an enforcement level (advisory, mandatory, disabled).
 */
import {
    PolicyPack,
    type EnforcementLevel,
    type PolicyPackConfig,
    type ResourceValidationPolicy,
} from "@pulumi/policy";
import { bannedPhrasesPolicy } from "./bannedPhrasesPolicy";
import { maxSegmentsPolicy } from "./maxSegmentsPolicy";
import { noHandWrittenOptOutPolicy } from "./optOutPolicy";
import { signatureQualificationPolicy } from "./signatureQualificationPolicy";
import { templateRemarkPolicy } from "./templateRemarkPolicy";
import { declaredVariableLengthsPolicy } from "./variableLengthsPolicy";

export { BANNED_PHRASES_POLICY, bannedPhrasesPolicy, type BannedPhrasesSettings } from "./bannedPhrasesPolicy";
export { MAX_SEGMENTS_POLICY, maxSegmentsPolicy, type MaxSegmentsSettings } from "./maxSegmentsPolicy";
export { NO_HAND_WRITTEN_OPT_OUT_POLICY, noHandWrittenOptOutPolicy, type OptOutSettings } from "./optOutPolicy";
export { SIGNATURE_QUALIFICATION_POLICY, signatureQualificationPolicy } from "./signatureQualificationPolicy";
export { TEMPLATE_REMARK_POLICY, templateRemarkPolicy } from "./templateRemarkPolicy";
export { DECLARED_VARIABLE_LENGTHS_POLICY, declaredVariableLengthsPolicy } from "./variableLengthsPolicy";
export { SIGNATURE_TYPE_TOKENS, TEMPLATE_TYPE_TOKENS } from "./resourceTypes";

/** Every rule of the pack, in the order they are reported. */
export const jsmsPolicies: readonly ResourceValidationPolicy[] = [
    maxSegmentsPolicy,
    bannedPhrasesPolicy,
    noHandWrittenOptOutPolicy,
    declaredVariableLengthsPolicy,
    templateRemarkPolicy,
    signatureQualificationPolicy,
];

/** How {@link createJsmsPolicyPack} builds the pack. */
export interface JsmsPolicyPackOptions {
    /** The pack's name as the CLI shows it; `pulumi-jsms` by default. */
    name?: string;
    /** The level of every rule that neither its own default nor the policy config file sets. */
    enforcementLevel?: EnforcementLevel;
    /** Settings and levels built into the pack, e.g. `{ "jsms-max-segments": { maxSegments: 2 } }`; the config file wins. */
    initialConfig?: PolicyPackConfig;
}

/**
 * Builds and serves the policy pack. Call it once from a policy pack's `index.js` (next to its `PulumiPolicy.yaml`
 * and a `package.json` with a version), then run `pulumi preview --policy-pack <dir> --policy-pack-config <file>`.
 */
export function createJsmsPolicyPack(options: JsmsPolicyPackOptions = {}): PolicyPack {
    return new PolicyPack(
        options.name ?? "pulumi-jsms",
        {
            policies: [...jsmsPolicies],
            enforcementLevel: options.enforcementLevel ?? "advisory",
            description:
                "Review rules for JSMS SMS copy: cost per send, banned phrases, opt-out text, remarks, 2025 signatures.",
        },
        options.initialConfig,
    );
}
