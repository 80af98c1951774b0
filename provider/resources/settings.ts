/**
 * The provider's settings: stack config (`jsms:*`, handed over by the engine through `configure`) first, then
 * environment variables. Lives in the provider process only; nothing here is ever serialized into state.
 */
import { CLIENT_DEFAULTS, DEFAULT_ENDPOINT } from "../client/jsmsClient";

/** The subset of the engine's config object that `configure` receives. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** Credentials of one JSMS app. */
export interface AppCredentials {
    appKey: string;
    masterSecret: string;
}

/** Everything the provider reads from stack config, as plain values. */
export interface ConfiguredSettings {
    appKey?: string;
    masterSecret?: string;
    /** Named profiles from `jsms:apps`, for the `app` input. */
    apps?: Record<string, Partial<AppCredentials>>;
    /** Set when `jsms:apps` is present but is not a JSON object of profiles; reported on first use. */
    appsError?: string;
    devKey?: string;
    devSecret?: string;
    endpoint?: string;
    maxRetries?: string;
    requestTimeoutMs?: string;
    maxConcurrency?: string;
    maxTemplateLength?: string;
}

/** Tuning values with their documented defaults. */
export interface Tuning {
    endpoint: string;
    maxRetries: number;
    requestTimeoutMs: number;
    maxConcurrency: number;
    maxTemplateLength: number;
}

/** The documented defaults of DESIGN.md §3. */
export const DEFAULTS: Tuning = {
    endpoint: DEFAULT_ENDPOINT,
    maxRetries: CLIENT_DEFAULTS.maxRetries,
    requestTimeoutMs: CLIENT_DEFAULTS.requestTimeoutMs,
    maxConcurrency: CLIENT_DEFAULTS.maxConcurrency,
    // 350 as in the seed page; the live page says 500, and 350 is the limit that is safe under both.
    maxTemplateLength: 350,
};

const TUNING_KEYS = ["maxRetries", "requestTimeoutMs", "maxConcurrency", "maxTemplateLength"] as const;

let configured: ConfiguredSettings = {};

/**
 * Reads `jsms:*` from the engine's config synchronously: the engine caches the provider before awaiting
 * `configure`, so anything asynchronous here would race with the first concurrent calls.
 */
export function configureFrom(config: ConfigSource): void {
    configured = readSettings(config);
}

/** Reads every `jsms:*` key from a config source into plain settings (also used by the balance functions). */
export function readSettings(config: ConfigSource): ConfiguredSettings {
    const get = (key: string) => emptyToUndefined(config.get(`jsms:${key}`));
    const next: ConfiguredSettings = {
        appKey: get("appKey"),
        masterSecret: get("masterSecret"),
        devKey: get("devKey"),
        devSecret: get("devSecret"),
        endpoint: get("endpoint"),
    };
    for (const key of TUNING_KEYS) {
        next[key] = get(key);
    }
    const apps = get("apps");
    if (apps !== undefined) {
        const parsed = parseProfiles(apps);
        if (typeof parsed === "string") {
            next.appsError = parsed;
        } else {
            next.apps = parsed;
        }
    }
    return next;
}

/** The stack config seen by the last `configure` (empty before it). */
export function configuredSettings(): ConfiguredSettings {
    return configured;
}

/** Forgets the stack config; for tests that configure several times in one process. */
export function resetConfiguredSettings(): void {
    configured = {};
}

/** Resolves the tuning values: stack config, then `JSMS_*` variables, then the defaults. */
export function tuning(settings: ConfiguredSettings = configured, env: NodeJS.ProcessEnv = process.env): Tuning {
    const endpoint = settings.endpoint ?? emptyToUndefined(env.JSMS_ENDPOINT) ?? DEFAULTS.endpoint;
    const result: Tuning = { ...DEFAULTS, endpoint: endpoint.replace(/\/+$/, "") };
    for (const key of TUNING_KEYS) {
        const envName = `JSMS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
        const raw = settings[key] ?? emptyToUndefined(env[envName]);
        if (raw === undefined) {
            continue;
        }
        const value = Number(raw);
        if (!Number.isInteger(value) || value < (key === "maxRetries" ? 0 : 1)) {
            throw new Error(`jsms:${key} (or ${envName}) must be a whole number${key === "maxRetries" ? "" : " above 0"}; got "${raw}"`);
        }
        result[key] = value;
    }
    return result;
}

/** Parses `jsms:apps`; returns an error text instead of throwing so `configure` itself never fails. */
export function parseProfiles(text: string): Record<string, Partial<AppCredentials>> | string {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        // The text itself holds secrets: never quote it.
        return "jsms:apps is not valid JSON; it must look like {\"<name>\": {\"appKey\": \"…\", \"masterSecret\": \"…\"}}";
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return "jsms:apps must be a JSON object of named profiles {\"<name>\": {\"appKey\": \"…\", \"masterSecret\": \"…\"}}";
    }
    const profiles: Record<string, Partial<AppCredentials>> = {};
    for (const [name, profile] of Object.entries(value as Record<string, unknown>)) {
        const p = (profile ?? {}) as Record<string, unknown>;
        profiles[name] = {
            appKey: typeof p.appKey === "string" ? p.appKey : undefined,
            masterSecret: typeof p.masterSecret === "string" ? p.masterSecret : undefined,
        };
    }
    return profiles;
}

function emptyToUndefined(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}
