/**
 * What the engine runs for each `SmsTemplate`: check, diff, create, read, update and delete against JSMS.
 * Loaded in the provider process through `pulumi-jsms/runtime`, never serialized into state.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { JsmsClient } from "../client/jsmsClient";
import type { TemplateFields, TemplateInfo, TemplateTypeCode } from "../client/types";
import { templateViolations } from "../validation/templateRules";
import { afterWrite } from "./afterWrite";
import { planChange } from "./changePlan";
import { clientFor } from "./clients";
import { sameValue, checkCommonInputs } from "./commonInputs";
import { withoutUndefined } from "./plainOutputs";
import { ReviewStatus, reviewStatus, waitOptions } from "./reviewStatus";
import { tuning } from "./settings";
import { UNKNOWN, unknownProperties } from "./unknowns";
import { TEMPLATE_GONE, jsmsCode, unlessGone } from "./vendorAnswers";

/** The inputs of an `SmsTemplate` as the engine passes them (plain values). */
export interface TemplateInputs {
    template: string;
    type: TemplateTypeCode;
    ttl?: number;
    remark?: string;
    app?: string;
    waitForReview?: boolean | { timeoutSeconds?: number; pollIntervalSeconds?: number };
    adoptId?: number;
}

/** The outputs of an `SmsTemplate`: its inputs plus what JSMS says about it. */
export interface TemplateOutputs extends TemplateInputs {
    tempId: number;
    status: ReviewStatus;
    statusCode: number;
}

/** The inputs that make up the copy JSMS reviews; changing them modifies or replaces the template. */
const COPY_FIELDS = ["template", "type", "ttl", "remark"] as const;

/** The template lifecycle as the dynamic-provider interface wants it. */
export const templateHandlers: Required<Omit<dynamic.ResourceProvider<TemplateInputs, TemplateOutputs>, "configure">> = {
    async check(_olds, news) {
        const unknown = unknownProperties(news as unknown as Record<string, unknown>);
        const failures: dynamic.CheckFailure[] = templateViolations(
            { template: news.template, type: news.type, ttl: news.ttl, remark: news.remark },
            { maxTemplateLength: tuning().maxTemplateLength, skip: unknown },
        ).map((v) => ({ property: v.property, reason: v.reason }));
        failures.push(...checkCommonInputs(news as unknown as Record<string, unknown>, unknown));
        return { inputs: normalizeAdoptId(news), failures };
    },

    async diff(id, olds, news) {
        return planChange({
            label: `template ${id}`,
            id,
            olds,
            news,
            copyChanged: COPY_FIELDS.filter((key) => !sameCopyValue(key, olds[key], news[key])),
            otherChanged: !sameValue(olds.waitForReview, news.waitForReview),
            deleteFirstWhenPending: false,
        });
    },

    async create(inputs) {
        const client = clientFor(inputs.app);
        const fields = templateFields(inputs);
        const id = inputs.adoptId !== undefined ? await adopt(client, inputs.adoptId, fields) : await client.createTemplate(fields);
        const outs = await settle(client, id, inputs, 0);
        return { id: String(id), outs };
    },

    async read(id, props) {
        const olds = (props ?? {}) as TemplateOutputs;
        const live = await unlessGone(clientFor(olds.app).getTemplate(Number(id)), TEMPLATE_GONE);
        if (!live) {
            return { id: "" };
        }
        const inputs = liveInputs(olds, live);
        return { id, props: outputsOf(inputs, live.tempId, live.status), inputs: inputs as TemplateOutputs };
    },

    async update(id, olds, news) {
        const client = clientFor(news.app);
        const copyChanged = COPY_FIELDS.some((key) => !sameCopyValue(key, olds[key], news[key]));
        if (copyChanged) {
            try {
                await client.updateTemplate(Number(id), templateFields(news));
            } catch (err) {
                if (jsmsCode(err) === 50047) {
                    throw new Error(
                        `template ${id} can no longer be modified: JSMS modifies only rejected templates (50047) and ` +
                            "this one is now pending or approved; run pulumi refresh, then pulumi up, which will replace " +
                            "it instead (the new copy is created before the old one is deleted)",
                    );
                }
                throw err;
            }
        }
        // Also reached with no change of copy: the engine re-runs update for a template left not ready by an
        // earlier run (rejected or still pending under waitForReview), which re-checks its review here.
        const outs = await settle(client, Number(id), news, copyChanged ? 0 : olds.statusCode ?? 0);
        return { outs };
    },

    async delete(id, props) {
        // Already deleted outside Pulumi (e.g. in the JSMS console) is what delete wanted.
        await unlessGone(clientFor(props.app).deleteTemplate(Number(id)), TEMPLATE_GONE);
    },
};

/** Takes over an existing template: no write when it matches, a resubmission when it is rejected, else an error. */
async function adopt(client: JsmsClient, adoptId: number, fields: TemplateFields): Promise<number> {
    const live = await unlessGone(client.getTemplate(adoptId), TEMPLATE_GONE);
    if (!live) {
        throw new Error(`adoptId ${adoptId}: this app has no template with that id (JSMS 50013); check the id in the JSMS console and the app credentials`);
    }
    const differences = COPY_FIELDS.filter((key) => !sameCopyValue(key, live[key], fields[key]));
    if (differences.length === 0) {
        return adoptId;
    }
    if (live.status === 2) {
        await client.updateTemplate(adoptId, fields);
        return adoptId;
    }
    const detail = differences.map((key) => `${key}: live ${JSON.stringify(live[key])}, declared ${JSON.stringify(fields[key])}`).join("; ");
    throw new Error(
        `cannot adopt template ${adoptId}: its live copy differs from the inputs (${detail}) and JSMS modifies only ` +
            `rejected templates (this one is ${reviewStatus(live.status)}); make the inputs match the live template, ` +
            "or remove adoptId to create a new template",
    );
}

/** Reads the review status after a write, waiting when asked; failures still record the template. */
function settle(client: JsmsClient, id: number, inputs: TemplateInputs, fallbackStatus: number): Promise<TemplateOutputs> {
    return afterWrite<TemplateInfo, TemplateOutputs>({
        id,
        label: `template ${id}`,
        read: () => client.getTemplate(id),
        statusOf: (live) => live.status,
        outputs: (status) => outputsOf(userInputs(inputs), id, status),
        wait: waitOptions(inputs.waitForReview),
        fallbackStatus,
        serializedProvider: (inputs as { __provider?: unknown }).__provider,
        fixHint: "fix the copy and run pulumi up again: a rejected template is modified in place and resubmitted",
    });
}

function templateFields(inputs: TemplateInputs): TemplateFields {
    return withoutUndefined({ template: inputs.template, type: inputs.type, ttl: inputs.ttl, remark: inputs.remark });
}

function outputsOf(inputs: TemplateInputs, tempId: number, statusCode: number): TemplateOutputs {
    return withoutUndefined({ ...inputs, tempId, status: reviewStatus(statusCode), statusCode });
}

/** Only what the user declared: `__provider` and outputs are added back by the engine and by `outputsOf`. */
function userInputs(inputs: TemplateInputs): TemplateInputs {
    const { template, type, ttl, remark, app, waitForReview, adoptId } = inputs;
    return withoutUndefined({ template, type, ttl, remark, app, waitForReview, adoptId });
}

/**
 * The inputs as they are live at JSMS, so a change made in the console shows as a diff. `ttl` and `remark` are
 * kept only when declared or set live, because JSMS answers 0 and "" for "none".
 */
function liveInputs(olds: TemplateOutputs, live: TemplateInfo): TemplateInputs {
    return userInputs({
        ...olds,
        template: live.template,
        type: live.type as TemplateTypeCode,
        ttl: olds.ttl !== undefined || live.ttl ? live.ttl : undefined,
        remark: olds.remark !== undefined || live.remark ? live.remark : undefined,
    });
}

function sameCopyValue(key: (typeof COPY_FIELDS)[number], a: unknown, b: unknown): boolean {
    if (b === UNKNOWN || a === UNKNOWN) {
        return false;
    }
    // JSMS reports an absent ttl as 0 and an absent remark as "".
    const none = key === "ttl" ? 0 : key === "remark" ? "" : undefined;
    return sameValue(a ?? none, b ?? none);
}

function normalizeAdoptId(news: TemplateInputs): TemplateInputs {
    if (typeof news.adoptId === "string" && /^[1-9][0-9]*$/.test(news.adoptId)) {
        return { ...news, adoptId: Number(news.adoptId) };
    }
    return news;
}
