/**
 * `SmsTemplate` described for the lifecycle core: its fields, its copy, and its JSMS calls.
 */
import type { TemplateFields, TemplateInfo, TemplateTypeCode } from "../client/types";
import { templateViolations } from "../validation/templateRules";
import { sameValue, withoutUndefined } from "./inputValues";
import type { CommonInputs, ObjectKind, ReviewOutputs } from "./objectKind";

/** The inputs of an `SmsTemplate` as the engine passes them (plain values). */
export interface TemplateInputs extends CommonInputs {
    template: string;
    type: TemplateTypeCode;
    ttl?: number;
    remark?: string;
}

/** The outputs of an `SmsTemplate`: its inputs plus what JSMS says about it. */
export interface TemplateOutputs extends TemplateInputs, ReviewOutputs {
    tempId: number;
}

/** JSMS reports an absent ttl as 0 and an absent remark as "". */
const NONE: Record<string, unknown> = { ttl: 0, remark: "" };

/** The template kind. */
export const templateKind: ObjectKind<TemplateInputs, TemplateInfo, TemplateFields> = {
    noun: "template",
    idOutput: "tempId",
    goneCode: 50013,
    inputFields: ["template", "type", "ttl", "remark"],
    copyFields: ["template", "type", "ttl", "remark"],
    fileFields: [],
    deleteFirstWhenPending: false,
    fixHint: "fix the copy and run pulumi up again: a rejected template is modified in place and resubmitted",

    check(news, unknown, settings) {
        const failures = templateViolations(
            { template: news.template, type: news.type, ttl: news.ttl, remark: news.remark },
            { maxTemplateLength: settings.maxTemplateLength, skip: unknown },
        ).map(({ property, reason }) => ({ property, reason }));
        return { inputs: news, failures };
    },

    sameCopy(key, recorded, declared) {
        return sameValue(recorded ?? NONE[key], declared ?? NONE[key]);
    },

    prepare(inputs) {
        const { template, type, ttl, remark } = inputs;
        return { fields: withoutUndefined({ template, type, ttl, remark }), inputs };
    },

    create: (client, fields) => client.createTemplate(fields),
    modify: (client, id, fields) => client.updateTemplate(id, fields),
    read: (client, id) => client.getTemplate(id),
    remove: (client, id) => client.deleteTemplate(id),
    statusOf: (live) => live.status,

    liveInputs(recorded, live) {
        // ttl and remark are kept only when declared or set live, because JSMS answers 0 and "" for "none".
        return withoutUndefined({
            ...recorded,
            template: live.template,
            type: live.type as TemplateTypeCode,
            ttl: recorded.ttl !== undefined || live.ttl ? live.ttl : undefined,
            remark: recorded.remark !== undefined || live.remark ? live.remark : undefined,
        });
    },

    extraOutputs: () => ({}),

    adoptDifferences(live, inputs) {
        return this.copyFields
            .filter((key) => !this.sameCopy(key, live[key as keyof TemplateInfo], inputs[key as keyof TemplateInputs]))
            .map((key) => `${key}: live ${JSON.stringify(live[key as keyof TemplateInfo])}, declared ${JSON.stringify(inputs[key as keyof TemplateInputs])}`);
    },

    describe: (id) => `template ${id}`,
};
