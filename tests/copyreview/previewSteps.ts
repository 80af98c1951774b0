// Preview documents for the copy review's tests, shaped as `pulumi preview --json` prints them (dynamic resources).
import type { PreviewDocument, PreviewState, PreviewStep } from "../../copyreview/previewDocument";

/** The template inputs a step carries. */
export interface TemplateInputs {
    template: string;
    type?: number;
    signature?: string;
    variableLengths?: Record<string, number>;
    [key: string]: unknown;
}

const TEMPLATE_TYPE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";

function urn(name: string, stack = "prod", project = "shop"): string {
    return `urn:pulumi:${stack}::${project}::${TEMPLATE_TYPE}::${name}`;
}

function state(name: string, inputs: TemplateInputs, outputs: Record<string, unknown> = {}, id?: string): PreviewState {
    return { urn: urn(name), type: TEMPLATE_TYPE, id, inputs: { type: 2, signature: "极光推送", ...inputs }, outputs };
}

/** A step of a template: `old` is the recorded object (with its review status), `next` the planned one. */
export function templateStep(
    op: string,
    name: string,
    old?: TemplateInputs & { status?: string; rejectReason?: string },
    next?: TemplateInputs,
): PreviewStep {
    const { status, rejectReason, ...oldInputs } = old ?? { template: "" };
    return {
        op,
        urn: urn(name),
        oldState: old
            ? state(name, oldInputs as TemplateInputs, { ...oldInputs, status, rejectReason }, "10001")
            : undefined,
        newState: next ? state(name, next) : undefined,
        replaceReasons: op === "replace" ? ["template"] : [],
    };
}

/** A preview document of these steps. */
export function previewOf(
    steps: PreviewStep[],
    config: Record<string, string> = { "jsms:appKey": "appkey123" },
): PreviewDocument {
    return { config, steps, changeSummary: {}, errors: [] };
}
