/**
 * Calls a policy's validateResource the way @pulumi/policy's analyzer does: inputs behind the library's
 * unknown-checking proxy, the policy's settings from getConfig, and a reportViolation that collects messages.
 */
import { unknownCheckingProxy, type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * The value the library puts in place of a string that is unknown during preview (from the engine's unknown
 * sentinel); its typings leave it out, so it is read from the module itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const UNKNOWN_STRING: unknown = (require("@pulumi/policy/proxy") as { unknownStringValue: unknown })
    .unknownStringValue;

export const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
export const SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";
export const PLUGIN_TEMPLATE = "jsms:index:SmsTemplate";
export const PLUGIN_SIGNATURE = "jsms:index:SmsSignature";

/** What one validation produced: the violation messages, or why the policy did not apply. */
export interface ValidationOutcome {
    violations: string[];
    notApplicable?: string;
}

class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(reason);
    }
}

/** Runs every validateResource function of `policy` against one resource, as the analyzer does. */
export async function validate(
    policy: ResourceValidationPolicy,
    resource: { type: string; name: string; props: Record<string, unknown> },
    config: Record<string, unknown> = {},
): Promise<ValidationOutcome> {
    const violations: string[] = [];
    const args: ResourceValidationArgs = {
        type: resource.type,
        name: resource.name,
        urn: `urn:pulumi:dev::jsms::${resource.type}::${resource.name}`,
        props: unknownCheckingProxy(resource.props),
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    try {
        for (const validation of validations) {
            await validation(args, (message) => violations.push(message));
        }
    } catch (err) {
        if (err instanceof NotApplicable) {
            return { violations, notApplicable: err.reason ?? "" };
        }
        throw err;
    }
    return { violations };
}

/** The violation messages only, failing the test if the policy did not apply. */
export async function violationsOf(
    policy: ResourceValidationPolicy,
    resource: { type: string; name: string; props: Record<string, unknown> },
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const outcome = await validate(policy, resource, config);
    if (outcome.notApplicable !== undefined) {
        throw new Error(`${policy.name} did not apply to ${resource.type}: ${outcome.notApplicable}`);
    }
    return outcome.violations;
}
