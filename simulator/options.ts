import { JsmsCode } from "pulumi-jsms/client/returnCodes";
import { z } from "zod";
import { VENDOR_MAX_TEMPLATE_LENGTH } from "pulumi-jsms/validation/templateRules";
import { DEFAULT_OPT_OUT_SUFFIX } from "pulumi-jsms/validation/smsCounting";
import { JSMS_CALLBACK_RETRY_DELAYS_MS } from "./callbackSender";
import { CREATE_FAULT_MODES } from "./faults";
import { type SettingTable, UsageError, optionShape } from "pulumi-jsms/commandline/settingTable";

/** How a review decision is made: by a test through `/_sim`, or automatically. */
const REVIEW_MODES = ["manual", "approve", "reject"] as const;

/** A review mode. */
export type ReviewMode = (typeof REVIEW_MODES)[number];

/** The codes a simulator may answer for modifying a signature that is not rejected (the vendor documents none). */
export type SignatureModifyErrorCode = typeof JsmsCode.ModifyNotAllowed | typeof JsmsCode.InvalidSignId;

/** A simulator that is listening. */
export interface RunningSimulator {
    /** Base URL without `/v1`, e.g. `http://127.0.0.1:40123`. */
    url: string;
    /** The port it listens on. */
    port: number;
    /** Stops listening, drops open connections and resolves once the server is closed. */
    close(): Promise<void>;
}

const nonNegativeInteger = z.number().int().nonnegative();
const probability = z.number().min(0).max(1);
/** Credentials are split at the first colon in Basic auth, so a key cannot contain one. */
const credentialKey = z
    .string()
    .min(1)
    .regex(/^[^:]*$/, "must not contain ':'");

/** `KEY:SECRET`, split at the first colon (a secret may hold more). */
function keyAndSecret(text: string, name: string): [string, string] {
    const colon = text.indexOf(":");
    if (colon <= 0 || colon === text.length - 1) {
        throw new UsageError(`${name} must be KEY:SECRET, both non-empty`);
    }
    return [text.slice(0, colon), text.slice(colon + 1)];
}

/**
 * Every setting of a simulator, once: the options of `startSimulator` (their rules and defaults) and the flags of
 * `jsms-simulator` with its --help come from these entries.
 */
export const SIMULATOR_SETTINGS = {
    port: {
        description: "TCP port on 127.0.0.1; 0 picks a free one",
        schema: nonNegativeInteger.max(65535),
        default: 0,
        text: "integer",
        flag: "port",
        placeholder: "N",
    },
    apps: {
        description: "an app whose credentials are accepted for templates, signatures and the app balance",
        schema: z
            .array(z.object({ appKey: credentialKey, masterSecret: z.string().min(1) }))
            .refine((apps) => new Set(apps.map((app) => app.appKey)).size === apps.length, "appKeys must be unique"),
        required: true,
        read: (text: string, name: string) => {
            const [appKey, masterSecret] = keyAndSecret(text, name);
            return { appKey, masterSecret };
        },
        flag: "app",
        placeholder: "KEY:SECRET",
        multiple: true,
    },
    dev: {
        description: "the account credentials accepted by GET /v1/accounts/dev",
        schema: z.object({ devKey: credentialKey, devSecret: z.string().min(1) }),
        read: (text: string, name: string) => {
            const [devKey, devSecret] = keyAndSecret(text, name);
            return { devKey, devSecret };
        },
        flag: "dev",
        placeholder: "KEY:SECRET",
    },
    statePath: {
        description: "a JSON file: loaded at start if present, rewritten atomically after every change",
        schema: z.string().min(1),
        flag: "state",
        placeholder: "FILE",
    },
    latencyMs: {
        description: "delay before every /v1 response, in ms",
        schema: nonNegativeInteger,
        default: 0,
        text: "integer",
        flag: "latency",
        placeholder: "MS",
    },
    rateLimitPerSecond: {
        description: "more /v1 requests than this within any second are answered 403/50009; 0 = no limit",
        schema: nonNegativeInteger,
        default: 0,
        text: "integer",
        flag: "rate-limit",
        placeholder: "PER_SECOND",
    },
    errorRate: {
        description: "probability in [0, 1] that a /v1 request is answered 500/50019",
        schema: probability,
        default: 0,
        text: "number",
        flag: "error-rate",
        placeholder: "P",
    },
    createFault: {
        description: "what happens to a create once inserted",
        schema: z.enum(CREATE_FAULT_MODES),
        default: "none",
        values: CREATE_FAULT_MODES,
        flag: "create-fault",
    },
    createFaultCount: {
        description: "the first this many creates get --create-fault",
        schema: nonNegativeInteger,
        default: 0,
        text: "integer",
        flag: "create-fault-count",
        placeholder: "N",
    },
    createFaultRate: {
        description: "after those, each create gets --create-fault with this probability (seeded)",
        schema: probability,
        default: 0,
        text: "number",
        flag: "create-fault-rate",
        placeholder: "P",
    },
    createFaultDelayMs: {
        description: "how long insert-then-slow holds the answer, in ms",
        schema: nonNegativeInteger,
        default: 60_000,
        text: "integer",
        flag: "create-fault-delay",
        placeholder: "MS",
    },
    review: {
        description: "manual: objects stay pending until /_sim reviews them; otherwise decided automatically",
        schema: z.enum(REVIEW_MODES),
        default: "manual",
        values: REVIEW_MODES,
        flag: "review",
    },
    reviewDelayMs: {
        description: "with approve or reject: how long after submission the decision is made, in ms",
        schema: nonNegativeInteger,
        default: 0,
        text: "integer",
        flag: "review-delay",
        placeholder: "MS",
    },
    maxTemplateLength: {
        description: `the longest template in characters (the vendor's current page: ${VENDOR_MAX_TEMPLATE_LENGTH})`,
        schema: z.number().int().positive(),
        default: VENDOR_MAX_TEMPLATE_LENGTH,
        text: "integer",
        flag: "max-template-length",
        placeholder: "N",
    },
    optOutSuffix: {
        description: `the opt-out text JSMS appends to marketing templates (default ${DEFAULT_OPT_OUT_SUFFIX})`,
        schema: z.string(),
        default: DEFAULT_OPT_OUT_SUFFIX,
        flag: "opt-out-suffix",
        placeholder: "TEXT",
    },
    signatureModifyErrorCode: {
        description: "the code for modifying a signature that is not rejected (the vendor documents none)",
        schema: z.union([z.literal(JsmsCode.ModifyNotAllowed), z.literal(JsmsCode.InvalidSignId)]),
        default: JsmsCode.ModifyNotAllowed,
    },
    seed: {
        description: "seed of the random faults, so that fault tests are reproducible",
        schema: z.number().int(),
        default: 1,
        text: "integer",
        flag: "seed",
        placeholder: "N",
    },
    callbacks: {
        description: "an app's review callback URL, verified at start like the vendor console does",
        schema: z.record(z.string(), z.url({ protocol: /^https?$/ })),
        default: {},
        read: (text: string, name: string) => {
            // Split at the first "=", since a URL may contain more.
            const equals = text.indexOf("=");
            if (equals <= 0 || equals === text.length - 1) {
                throw new UsageError(`${name} must be KEY=URL, both non-empty`);
            }
            return [text.slice(0, equals), text.slice(equals + 1)];
        },
        flag: "callback",
        placeholder: "KEY=URL",
        multiple: "record",
    },
    callbackRetryDelaysMs: {
        description: "delays before each callback retry, in ms (JSMS: 3 min, 1 h, 12 h)",
        schema: z.array(nonNegativeInteger).max(10),
        default: [...JSMS_CALLBACK_RETRY_DELAYS_MS],
        read: (text: string, name: string) =>
            text.split(",").map((delay) => {
                if (!/^\d+$/.test(delay.trim())) {
                    throw new UsageError(`${name} must be whole numbers ≥ 0 separated by commas, not "${text}"`);
                }
                return Number(delay.trim());
            }),
        flag: "callback-retry-delays",
        placeholder: "MS,MS,...",
    },
} as const satisfies SettingTable;

const optionsSchema = z
    .object(optionShape(SIMULATOR_SETTINGS))
    .refine(
        (options) => Object.keys(options.callbacks).every((key) => options.apps.some((app) => app.appKey === key)),
        { message: "every callbacks key must be the appKey of a configured app", path: ["callbacks"] },
    );

/** How to start a simulator: the credentials it accepts, where it keeps state, and which faults it injects. */
export type SimulatorOptions = z.input<typeof optionsSchema>;

/** Simulator options with every default filled in. */
export type ResolvedOptions = z.output<typeof optionsSchema>;

/** Checks the options and fills in the defaults; throws a TypeError that lists every bad option. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
        throw new TypeError(`invalid simulator options:\n${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
}
