import type { PolicyConfigSchema, ResourceValidationArgs } from "@pulumi/policy";

/**
 * A policy's settings: the defaults of its config schema, overridden by what the policy config file gives. The
 * engine fills in schema defaults itself; doing it here too keeps the rules right when called without the engine.
 */
export function policySettings<T extends object>(
    args: Pick<ResourceValidationArgs, "getConfig">,
    schema: PolicyConfigSchema,
): T {
    const defaults = Object.fromEntries(
        Object.entries(schema.properties)
            .filter(([, property]) => typeof property === "object" && property.default !== undefined)
            .map(([key, property]) => [key, (property as { default: unknown }).default]),
    );
    return { ...defaults, ...args.getConfig<Partial<T>>() } as T;
}
