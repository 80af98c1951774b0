import { JsmsCode } from "../provider/client/returnCodes";
import { z } from "zod";
import { VENDOR_MAX_TEMPLATE_LENGTH } from "../provider/validation/templateRules";
import { DEFAULT_OPT_OUT_SUFFIX } from "../provider/validation/smsCounting";
import { JSMS_CALLBACK_RETRY_DELAYS_MS } from "./callbackSender";
import type { CreateFaultMode } from "./faults";

/** How a review decision is made: by a test through `/_sim`, or automatically. */
export type ReviewMode = "manual" | "approve" | "reject";

/** The codes a simulator may answer for modifying a signature that is not rejected (the vendor documents none). */
export type SignatureModifyErrorCode = typeof JsmsCode.ModifyNotAllowed | typeof JsmsCode.InvalidSignId;

/** How to start a simulator: the credentials it accepts, where it keeps state, and which faults it injects. */
export interface SimulatorOptions {
    /** TCP port on 127.0.0.1; 0 (the default) picks any free port. */
    port?: number;
    /** The JSMS apps whose credentials are accepted for templates, signatures and the app balance. */
    apps: Array<{ appKey: string; masterSecret: string }>;
    /** The account credentials accepted by `GET /v1/accounts/dev`; without them every dev call fails auth. */
    dev?: { devKey: string; devSecret: string };
    /** A JSON file: loaded at start if present, rewritten atomically (temporary file + rename) after every change. */
    statePath?: string;
    /** Delay before every `/v1` response, in ms. */
    latencyMs?: number;
    /** More `/v1` requests than this within any second are answered 403/50009; 0 (the default) = no limit. */
    rateLimitPerSecond?: number;
    /** Probability in [0, 1] that a `/v1` request is answered 500/50019. */
    errorRate?: number;
    /** What happens to a create once inserted: "none" (default), "insert-then-error", "insert-then-slow", "insert-then-drop". */
    createFault?: CreateFaultMode;
    /** The first this many creates get `createFault`; default 0. */
    createFaultCount?: number;
    /** After those, each create gets `createFault` with this probability (seeded); default 0. */
    createFaultRate?: number;
    /** How long "insert-then-slow" holds the answer, in ms; default 60000. */
    createFaultDelayMs?: number;
    /** "manual" (default): objects stay pending until `/_sim` reviews them; otherwise decided automatically. */
    review?: ReviewMode;
    /** With approve/reject: how long after submission the decision is made; 0 (default) decides at once. */
    reviewDelayMs?: number;
    /** The longest template in characters; default 500, the vendor's current page (the provider's own check defaults to 350). */
    maxTemplateLength?: number;
    /** The opt-out text JSMS appends to marketing templates, counted in their length; default 回T退订. */
    optOutSuffix?: string;
    /** The code for modifying a signature that is not rejected (undocumented by the vendor); default 50047. */
    signatureModifyErrorCode?: SignatureModifyErrorCode;
    /** Seed of the random generators behind `errorRate` and `createFaultRate`, so that fault tests are reproducible; default 1. */
    seed?: number;
    /** A review callback URL per appKey, verified (GET with echostr) at start like the vendor console does. */
    callbacks?: Record<string, string>;
    /** Delays before each callback retry; default 3 min, 1 h, 12 h as JSMS. Shorten them in tests. */
    callbackRetryDelaysMs?: number[];
}

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

/** Credentials are split at the first colon in Basic auth, so a key cannot contain one. */
const optionsSchema = z
    .object({
        port: nonNegativeInteger.max(65535).default(0),
        apps: z
            .array(
                z.object({
                    appKey: z
                        .string()
                        .min(1)
                        .regex(/^[^:]*$/, "must not contain ':'"),
                    masterSecret: z.string().min(1),
                }),
            )
            .refine((apps) => new Set(apps.map((app) => app.appKey)).size === apps.length, "appKeys must be unique"),
        dev: z
            .object({
                devKey: z
                    .string()
                    .min(1)
                    .regex(/^[^:]*$/, "must not contain ':'"),
                devSecret: z.string().min(1),
            })
            .optional(),
        statePath: z.string().min(1).optional(),
        latencyMs: nonNegativeInteger.default(0),
        rateLimitPerSecond: nonNegativeInteger.default(0),
        errorRate: z.number().min(0).max(1).default(0),
        createFault: z.enum(["none", "insert-then-error", "insert-then-slow", "insert-then-drop"]).default("none"),
        createFaultCount: nonNegativeInteger.default(0),
        createFaultRate: z.number().min(0).max(1).default(0),
        createFaultDelayMs: nonNegativeInteger.default(60_000),
        review: z.enum(["manual", "approve", "reject"]).default("manual"),
        reviewDelayMs: nonNegativeInteger.default(0),
        maxTemplateLength: z.number().int().positive().default(VENDOR_MAX_TEMPLATE_LENGTH),
        optOutSuffix: z.string().default(DEFAULT_OPT_OUT_SUFFIX),
        signatureModifyErrorCode: z
            .union([z.literal(JsmsCode.ModifyNotAllowed), z.literal(JsmsCode.InvalidSignId)])
            .default(JsmsCode.ModifyNotAllowed),
        seed: z.number().int().default(1),
        callbacks: z.record(z.string(), z.url({ protocol: /^https?$/ })).default({}),
        callbackRetryDelaysMs: z
            .array(nonNegativeInteger)
            .max(10)
            .default([...JSMS_CALLBACK_RETRY_DELAYS_MS]),
    })
    .refine(
        (options) => Object.keys(options.callbacks).every((key) => options.apps.some((app) => app.appKey === key)),
        { message: "every callbacks key must be the appKey of a configured app", path: ["callbacks"] },
    );

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
