import type { ResourceValidationPolicy } from "@pulumi/policy";
import { countSms } from "../validation/smsCounting";
import { jsmsResource, text } from "./resourceProps";
import { violationMessage } from "./violationMessage";

/** The name of the rule that asks for the longest value of every variable. */
export const DECLARED_VARIABLE_LENGTHS_POLICY = "jsms-declared-variable-lengths";

/** A template with a variable whose longest value is not declared in `variableLengths`, so its cost is a guess. */
export const declaredVariableLengthsPolicy: ResourceValidationPolicy = {
    name: DECLARED_VARIABLE_LENGTHS_POLICY,
    description: "Every template variable declares the length of its longest value, so the cost in preview is exact.",
    enforcementLevel: "advisory",
    configSchema: { properties: {} },
    remediationSteps:
        "Add variableLengths to the template: each variable name with the characters of its longest value.",
    validateResource: (args, reportViolation) => {
        const resource = jsmsResource(args, "template");
        const template = text(resource.props.template);
        if (template === undefined) {
            return;
        }
        const variableLengths = resource.props.variableLengths as Record<string, number> | undefined;
        const { undeclaredVariables } = countSms({ template, variableLengths });
        if (undeclaredVariables.length === 0) {
            return;
        }
        const names = undeclaredVariables.map((name) => `{{${name}}}`).join(", ");
        const example = undeclaredVariables.map((name) => `${name}: N`).join(", ");
        reportViolation(
            violationMessage(
                resource,
                DECLARED_VARIABLE_LENGTHS_POLICY,
                `${names} ${undeclaredVariables.length === 1 ? "has" : "have"} no declared length, so the length and ` +
                    "segments shown for this template are only a minimum.",
                `set variableLengths: { ${example} }, with N the characters of the longest value each can take.`,
            ),
        );
    },
};
