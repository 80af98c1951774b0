/**
 * `SmsTemplate` described for the lifecycle core: its fields, its copy, and its JSMS calls.
 */
import type { TemplateFields, TemplateInfo, TemplateTypeCode } from "../client/types";
import type { Settings } from "../settings";
import { countSms } from "../validation/smsCounting";
import { templateViolations } from "../validation/templateRules";
import { UNKNOWN, sameValue, withoutUndefined } from "./inputValues";
import { TEMPLATE_DERIVED_FIELDS, TEMPLATE_FIELDS, TemplateDerivedInputs } from "./generated/kindFields";
import type { CommonInputs, ObjectKind, ReviewOutputs } from "./objectKind";

/** The inputs of an `SmsTemplate` as the engine passes them (plain values), with those `check` derives. */
export interface TemplateInputs extends CommonInputs, TemplateDerivedInputs {
    template: string;
    type: TemplateTypeCode;
    ttl?: number;
    remark?: string;
    /** The sign text the template is sent with; never sent to JSMS, only counted. */
    signature?: string;
    /** The longest value of each variable, in characters; never sent to JSMS, only counted. */
    variableLengths?: Record<string, number>;
}

/** The outputs of an `SmsTemplate`: its inputs plus what JSMS says about it. */
export interface TemplateOutputs extends TemplateInputs, ReviewOutputs {
    tempId: number;
}

/**
 * What one send of the template costs, as the derived inputs of the field table (each one a field of the count), so
 * `preview --diff` shows what a change of copy costs; nothing when the copy is not text (check reports it).
 */
function countOf(inputs: TemplateInputs, settings: Settings): Partial<TemplateInputs> {
    if (typeof inputs.template !== "string") {
        return {};
    }
    const lengths =
        inputs.variableLengths !== null && typeof inputs.variableLengths === "object"
            ? inputs.variableLengths
            : undefined;
    const count = countSms({
        template: inputs.template,
        type: typeof inputs.type === "number" ? inputs.type : undefined,
        signature: typeof inputs.signature === "string" ? inputs.signature : undefined,
        variableLengths: lengths,
        optOutSuffix: settings.optOutSuffix,
    });
    return Object.fromEntries(TEMPLATE_DERIVED_FIELDS.map((key) => [key, count[key]]));
}

/** JSMS reports an absent ttl as 0 and an absent remark as "". */
const NONE: Record<string, unknown> = { ttl: 0, remark: "" };

/** The template kind. */
export const templateKind: ObjectKind<TemplateInputs, TemplateInfo, TemplateFields> = {
    noun: "template",
    reviewKind: "template",
    idOutput: "tempId",
    goneCode: 50013,
    // From the field table: signature and variableLengths are counted, never sent; the counts are derived by check.
    ...TEMPLATE_FIELDS,
    deleteFirstWhenPending: false,
    fixHint: "fix the copy and run pulumi up again: a rejected template is modified in place and resubmitted",

    check(news, unknown, settings) {
        const { template, type, ttl, remark, signature, variableLengths } = news;
        const failures = templateViolations(
            { template, type, ttl, remark, signature, variableLengths },
            { maxTemplateLength: settings.maxTemplateLength, optOutSuffix: settings.optOutSuffix, skip: unknown },
        ).map(({ property, reason }) => ({ property, reason }));
        const counted = ["template", "type", "signature", "variableLengths"].some((key) => unknown.has(key))
            ? Object.fromEntries(TEMPLATE_DERIVED_FIELDS.map((key) => [key, UNKNOWN]))
            : countOf(news, settings);
        return { inputs: { ...news, ...counted }, failures };
    },

    sameCopy(key, recorded, declared) {
        return sameValue(recorded ?? NONE[key], declared ?? NONE[key]);
    },

    prepare(inputs) {
        const { template, type, ttl, remark } = inputs;
        return { fields: withoutUndefined({ template, type, ttl, remark }), inputs };
    },

    create: (client, fields, hooks) => client.createTemplate(fields, hooks),
    modify: (client, id, fields) => client.updateTemplate(id, fields),
    read: (client, id) => client.getTemplate(id),
    remove: (client, id) => client.deleteTemplate(id),
    statusOf: (live) => live.status,

    liveInputs(recorded, live, settings) {
        // ttl and remark are kept only when declared or set live, because JSMS answers 0 and "" for "none".
        const inputs: TemplateInputs = withoutUndefined({
            ...recorded,
            template: live.template,
            type: live.type as TemplateTypeCode,
            ttl: recorded.ttl !== undefined || live.ttl ? live.ttl : undefined,
            remark: recorded.remark !== undefined || live.remark ? live.remark : undefined,
        });
        return { ...inputs, ...countOf(inputs, settings) };
    },

    extraOutputs: () => ({}),

    adoptDifferences(live, inputs) {
        return this.copyFields
            .filter((key) => !this.sameCopy(key, live[key as keyof TemplateInfo], inputs[key as keyof TemplateInputs]))
            .map(
                (key) =>
                    `${key}: live ${JSON.stringify(live[key as keyof TemplateInfo])}, declared ${JSON.stringify(inputs[key as keyof TemplateInputs])}`,
            );
    },

    readableContent: ({ template, type, ttl, remark }) => ({ kind: "template", template, type, ttl, remark }),
    liveContent: ({ template, type, ttl, remark }) => ({ kind: "template", template, type, ttl, remark }),

    describe: (id) => `template ${id}`,
};
