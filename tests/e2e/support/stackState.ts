// The parts of `pulumi stack export` (deployment v3) the end-to-end suites read, and queries over them.

/** One resource in an exported deployment. */
export interface ResourceState {
    urn: string;
    custom: boolean;
    /** The provider-assigned id (custom resources). */
    id?: string;
    /** Type token, e.g. `pulumi-nodejs:dynamic/jsms:SmsTemplate`. */
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Reasons recorded by a partial failure (create/update that threw with id, properties and reasons). */
    initErrors?: string[];
    additionalSecretOutputs?: string[];
    [key: string]: unknown;
}

/** `pulumi stack export` output. */
export interface StackExport {
    version: number;
    deployment: {
        manifest?: { time?: string; magic?: string; version?: string };
        secrets_providers?: { type: string; state?: unknown };
        resources?: ResourceState[];
        pending_operations?: Array<{ resource: ResourceState; type: string }>;
        [key: string]: unknown;
    };
}

/** The type token of the stack's root resource. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Every resource in the export (empty for a stack that was never updated). */
export function allResources(state: StackExport): ResourceState[] {
    return state.deployment.resources ?? [];
}

/** The resources of one type token, in state order. */
export function resourcesOfType(state: StackExport, type: string): ResourceState[] {
    return allResources(state).filter((r) => r.type === type);
}

/** The logical name at the end of a URN (`urn:pulumi:stack::project::type::name` → `name`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource of a type with a logical name, or undefined. */
export function findResource(state: StackExport, type: string, name: string): ResourceState | undefined {
    return resourcesOfType(state, type).find((r) => urnName(r.urn) === name);
}

/** Like {@link findResource}, but throws with the types and names present when it is not there. */
export function getResource(state: StackExport, type: string, name: string): ResourceState {
    const found = findResource(state, type, name);
    if (!found) {
        const present = allResources(state).map((r) => `${r.type}::${urnName(r.urn)}`);
        throw new Error(`no ${type} named ${name} in the stack; present: ${present.join(", ") || "(none)"}`);
    }
    return found;
}

/**
 * The stack outputs as recorded in the export (the root stack resource's outputs). Secret outputs are
 * envelopes here (see {@link isSecretEnvelope}) unless the export was made with `--show-secrets`.
 */
export function stackOutputsFromExport(state: StackExport): Record<string, unknown> {
    return allResources(state).find((r) => r.type === STACK_TYPE)?.outputs ?? {};
}

/** The signature key Pulumi uses to mark special values in state. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** True for a secret value as stored in an export: `{ <sig>: <secret sig>, ciphertext | plaintext }`. */
export function isSecretEnvelope(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The serialized dynamic provider stored with a dynamic resource (`outputs.__provider`, else `inputs`). */
export function serializedProvider(resource: ResourceState): string | undefined {
    const text = resource.outputs?.__provider ?? resource.inputs?.__provider;
    return typeof text === "string" ? text : undefined;
}
