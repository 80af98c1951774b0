import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import {
    DEFAULT_OPT_OUT_SUFFIX,
    SEGMENT_LENGTH,
    SINGLE_SMS_MAX_LENGTH,
    countSms,
    describeCost,
} from "../validation/smsCounting";
import { policySettings } from "./policyConfig";
import { jsmsResource, optionalProp, text } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that caps what one send of a template costs. */
export const MAX_SEGMENTS_POLICY = "jsms-max-segments";

/** The settings of {@link MAX_SEGMENTS_POLICY} in the policy config file. */
export interface MaxSegmentsSettings {
    /** The most SMS one send of a template may be billed as. */
    maxSegments: number;
    /** The opt-out text JSMS appends to marketing templates, counted in their length. */
    optOutSuffix: string;
}

const configSchema: PolicyConfigSchema = {
    properties: {
        maxSegments: {
            type: "integer",
            minimum: 1,
            default: 1,
            description: "The most SMS one send of a template may be billed as (1 = at most 70 characters).",
        },
        optOutSuffix: {
            type: "string",
            default: DEFAULT_OPT_OUT_SUFFIX,
            description: "The opt-out text JSMS appends to every marketing SMS (keep it equal to jsms:optOutSuffix).",
        },
    },
};

/** The longest message billed as at most `segments` SMS. */
export function longestMessage(segments: number): number {
    return segments <= 1 ? SINGLE_SMS_MAX_LENGTH : segments * SEGMENT_LENGTH;
}

/**
 * A template whose message, as JSMS counts it (signature, body with variables at their declared lengths, opt-out
 * text), is billed as more SMS per send than `maxSegments`. A count that is only a minimum is still reported when
 * that minimum is already over: undeclared parts can only add.
 */
export const maxSegmentsPolicy: ResourceValidationPolicy = {
    name: MAX_SEGMENTS_POLICY,
    description: "Caps the SMS billed per send of a template (70 characters are 1 SMS, then 67 per SMS).",
    enforcementLevel: "advisory",
    configSchema,
    remediationSteps:
        "Shorten the copy (signature, body and variables at their declared lengths), or raise maxSegments.",
    validateResource: (args, reportViolation) => {
        const resource = jsmsResource(args, "template");
        const settings = policySettings<MaxSegmentsSettings>(args, configSchema);
        const template = text(resource.props.template);
        if (template === undefined) {
            return;
        }
        const request = {
            template,
            type: typeof resource.props.type === "number" ? resource.props.type : undefined,
            signature: text(optionalProp(resource.props, "signature")),
            variableLengths: optionalProp(resource.props, "variableLengths") as Record<string, number> | undefined,
            optOutSuffix: settings.optOutSuffix,
        };
        const count = countSms(request);
        if (count.segments <= settings.maxSegments) {
            return;
        }
        reportViolation(
            violationMessage(
                resource,
                MAX_SEGMENTS_POLICY,
                `the template costs ${describeCost(count, request)}, over the limit of ${settings.maxSegments} SMS.`,
                `shorten the message to ${longestMessage(settings.maxSegments)} characters or fewer, ` +
                    `or raise maxSegments of ${MAX_SEGMENTS_POLICY} in the policy config.`,
            ),
        );
    },
};
