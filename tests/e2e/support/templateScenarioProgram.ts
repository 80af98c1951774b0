// The Pulumi programs of the template e2e suite: a signature and some templates, written as plain JavaScript (no
// ts-node start-up on every run) that imports the package by its public name, as users do.

/** One `SmsTemplate` of a scenario program, by logical name. */
export interface TemplateSpec {
    template: string;
    type: 1 | 2 | 3;
    ttl?: number;
    remark?: string;
    waitForReview?: boolean | { timeoutSeconds?: number; pollIntervalSeconds?: number };
    adoptId?: number;
}

/**
 * A program with the signature `brand` and one `SmsTemplate` per entry (each `dependsOn` the signature, as JSMS
 * wants a signature before any template). Stack outputs: `signId`, and `templates.<name>.{id,status}`.
 */
export function templateProgram(templates: Record<string, TemplateSpec>, sign = "极光推送"): string {
    return `"use strict";
const jsms = require("pulumi-jsms");

const brand = new jsms.SmsSignature("brand", { sign: ${JSON.stringify(sign)} });
const specs = ${JSON.stringify(templates, null, 4)};
const templates = {};
for (const [name, args] of Object.entries(specs)) {
    const t = new jsms.SmsTemplate(name, args, { dependsOn: [brand] });
    templates[name] = { id: t.tempId, status: t.status };
}
exports.signId = brand.signId;
exports.templates = templates;
`;
}

/** The stack outputs of {@link templateProgram}. */
export interface TemplateProgramOutputs {
    signId?: number;
    templates?: Record<string, { id: number; status: string }>;
}
