import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { handWrittenOptOut } from "../validation/optOutText";
import { DEFAULT_OPT_OUT_SUFFIX, MARKETING_TEMPLATE_TYPE } from "../validation/smsCounting";
import { policySettings } from "./policyConfig";
import { jsmsResource, text } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that keeps opt-out text out of marketing copy. */
export const NO_HAND_WRITTEN_OPT_OUT_POLICY = "jsms-no-hand-written-opt-out";

/** The settings of {@link NO_HAND_WRITTEN_OPT_OUT_POLICY} in the policy config file. */
export interface OptOutSettings {
    /** The opt-out text JSMS appends to marketing templates itself. */
    optOutSuffix: string;
}

const configSchema: PolicyConfigSchema = {
    properties: {
        optOutSuffix: {
            type: "string",
            default: DEFAULT_OPT_OUT_SUFFIX,
            description: "The opt-out text JSMS appends to every marketing SMS (keep it equal to jsms:optOutSuffix).",
        },
    },
};

/** A marketing template that writes its own opt-out text (退订, 拒收, 回T, or JSMS's own suffix). */
export const noHandWrittenOptOutPolicy: ResourceValidationPolicy = {
    name: NO_HAND_WRITTEN_OPT_OUT_POLICY,
    description: "Marketing templates must not write opt-out text: JSMS appends its own to every marketing SMS.",
    enforcementLevel: "mandatory",
    configSchema,
    remediationSteps: "Remove the opt-out text from the template; JSMS appends it when sending.",
    validateResource: (args, reportViolation) => {
        const resource = jsmsResource(args, "template");
        const template = text(resource.props.template);
        if (template === undefined || resource.props.type !== MARKETING_TEMPLATE_TYPE) {
            return;
        }
        const { optOutSuffix } = policySettings<OptOutSettings>(args, configSchema);
        const found = handWrittenOptOut(template, optOutSuffix);
        if (found === undefined) {
            return;
        }
        reportViolation(
            violationMessage(
                resource,
                NO_HAND_WRITTEN_OPT_OUT_POLICY,
                `the marketing template writes its own opt-out text "${found}", but JSMS appends "${optOutSuffix}" to every ` +
                    "marketing SMS itself, so it would be sent (and paid for) twice and JSMS's review refuses it.",
                `remove "${found}" from template.`,
            ),
        );
    },
};
