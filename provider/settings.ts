/**
 * The provider's settings: `jsms:*` stack config (or an explicit provider's arguments) first, then `JSMS_*`
 * environment variables, then the defaults below, read once into one immutable value that is passed explicitly to
 * the lifecycle core and the clients. Nothing here is ever serialized into state; credentials are kept
 * non-enumerable so no printer or serializer walks into them.
 */
import { CLIENT_DEFAULTS, DEFAULT_ENDPOINT } from "./client/clientDefaults";
import { ProviderError } from "./errors";
import { isLoopbackHostname } from "./loopbackHost";
import { DEFAULT_MAX_TEMPLATE_LENGTH, DEFAULT_OPT_OUT_SUFFIX } from "./validation/smsCounting";

/** Where settings are read from: the engine's config object, or any `get(key)` over `jsms:*` keys. */
export interface ConfigSource {
    get(key: string): unknown;
}

/** Credentials of one JSMS app. */
export interface AppCredentials {
    appKey: string;
    masterSecret: string;
}

/** Credentials of the JSMS account (dev key), used only for the account balance. */
export interface DevCredentials {
    devKey: string;
    devSecret: string;
}

/** One tuning setting: its default, its smallest allowed value and what it means (for docs and the schema). */
export interface TuningSetting {
    default: number;
    min: number;
    description: string;
}

/** The whole-number tuning settings, each with its one default. */
export const TUNING_SETTINGS = {
    maxRetries: {
        default: CLIENT_DEFAULTS.maxRetries,
        min: 0,
        description: "Retries of a failed call after the first attempt (rate limits, 5xx, connection failures).",
    },
    requestTimeoutMs: {
        default: CLIENT_DEFAULTS.requestTimeoutMs,
        min: 1,
        description: "Limit for one request to JSMS, in milliseconds.",
    },
    maxConcurrency: {
        default: CLIENT_DEFAULTS.maxConcurrency,
        min: 1,
        description: "Requests in flight to JSMS at once, per app.",
    },
    rateLimitWaitSeconds: {
        default: CLIENT_DEFAULTS.rateLimitWaitSeconds,
        min: 1,
        description:
            "How long one call keeps being sent again at the learned rate after JSMS refused it for rate (50009/429), in seconds.",
    },
    maxTemplateLength: {
        default: DEFAULT_MAX_TEMPLATE_LENGTH,
        min: 1,
        description: "The longest template copy `check` accepts, in characters.",
    },
    journalRetentionDays: {
        default: 30,
        min: 0,
        description:
            "Days the create journal keeps an intent once the stack has shown its object or the create failed, before pruning it.",
    },
} as const satisfies Record<string, TuningSetting>;

/** The name of a tuning setting. */
export type TuningKey = keyof typeof TUNING_SETTINGS;

/** A setting whose value cannot be used, e.g. `jsms:maxRetries = "many"`. */
export interface SettingProblem {
    /** The stack config key, e.g. `jsms:maxRetries`. */
    key: string;
    /** What is wrong and what to set instead; never quotes a secret. */
    message: string;
}

/** The environment variable read when a `jsms:<key>` is not set, e.g. `JSMS_MAX_RETRIES`. */
export function envName(key: string): string {
    return `JSMS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** How creates are journaled (docs/create-journal.md): kept, not kept, or kept or the create fails. */
export type JournalMode = "on" | "off" | "required";

/** The journal modes, for the setting's check and its docs. */
export const JOURNAL_MODES: readonly JournalMode[] = ["on", "off", "required"];

/** The folder of the local create journal when `jsms:journalDir` is not set, relative to the Pulumi project folder. */
export const DEFAULT_JOURNAL_DIR = ".jsms-journal";

/** The non-secret settings: the tuning numbers, the endpoint, the opt-out text and whether plain http may leave the machine. */
type Tuning = Record<TuningKey, number> & {
    endpoint: string;
    optOutSuffix: string;
    maxRequestsPerSecond: number;
    allowInsecureHttp: boolean;
    journal: JournalMode;
    journalDir: string;
};

/** Where the review hook (`jsms-review-hook`) serves review results, and its bearer token. */
export interface ReviewHookLocation {
    url: string;
    token: string;
}

interface Credentials {
    /** The review hook, when `jsms:reviewHookUrl` is set (its token is a secret). */
    reviewHook?: ReviewHookLocation;
    app?: Partial<AppCredentials>;
    dev?: Partial<DevCredentials>;
    profiles?: Record<string, Partial<AppCredentials>>;
    /** Why `jsms:apps` cannot be used; reported when a resource names a profile. */
    profilesError?: string;
}

/** The provider's settings, validated; build them with `readSettings`. */
export class Settings {
    /** API base URL without a trailing slash. */
    readonly endpoint: string;
    readonly maxRetries: number;
    readonly requestTimeoutMs: number;
    readonly maxConcurrency: number;
    readonly maxTemplateLength: number;
    readonly rateLimitWaitSeconds: number;
    /** The starting and highest request rate per app, in requests per second; 0: no maximum (learned from refusals). */
    readonly maxRequestsPerSecond: number;
    /** The opt-out text JSMS appends to marketing templates, counted in their length (`jsms:optOutSuffix`). */
    readonly optOutSuffix: string;
    /** Whether `http://` endpoints and hook URLs may name another host than this one (`jsms:allowInsecureHttp`). */
    readonly allowInsecureHttp: boolean;
    /** Whether creates are journaled so that the next run can heal an interrupted one (`jsms:journal`). */
    readonly journal: JournalMode;
    /** The local journal's folder (`jsms:journalDir`), relative to the Pulumi project folder unless absolute. */
    readonly journalDir: string;
    /** Days before held or failed intents are pruned (`jsms:journalRetentionDays`). */
    readonly journalRetentionDays: number;
    /** Settings that could not be used; `check` reports them, every other call refuses to run with them. */
    readonly problems: readonly SettingProblem[];
    private readonly credentials!: Credentials;
    /** Equal for equal settings and credentials; never printed or serialized. */
    declare readonly cacheKey: string;

    /** Use `readSettings`; this only assembles already-validated parts. */
    constructor(tuning: Tuning, problems: SettingProblem[], credentials: Credentials) {
        this.endpoint = tuning.endpoint;
        this.maxRetries = tuning.maxRetries;
        this.requestTimeoutMs = tuning.requestTimeoutMs;
        this.maxConcurrency = tuning.maxConcurrency;
        this.maxTemplateLength = tuning.maxTemplateLength;
        this.rateLimitWaitSeconds = tuning.rateLimitWaitSeconds;
        this.maxRequestsPerSecond = tuning.maxRequestsPerSecond;
        this.optOutSuffix = tuning.optOutSuffix;
        this.allowInsecureHttp = tuning.allowInsecureHttp;
        this.journal = tuning.journal;
        this.journalDir = tuning.journalDir;
        this.journalRetentionDays = tuning.journalRetentionDays;
        this.problems = Object.freeze([...problems]);
        Object.defineProperty(this, "credentials", { value: credentials, enumerable: false });
        // In memory only: lets a provider process reuse one runtime for the same settings, credentials included.
        Object.defineProperty(this, "cacheKey", {
            value: JSON.stringify([tuning, problems, credentials]),
            enumerable: false,
        });
        Object.freeze(this);
    }

    /** Throws the settings problems as one error a person can act on; for every call but `check`. */
    assertUsable(): void {
        if (this.problems.length > 0) {
            throw new ProviderError(this.problems.map((p) => p.message).join("; "));
        }
    }

    /** The credentials of the default app (no `app` input) or of a named `jsms:apps` profile. */
    appCredentials(app?: string): AppCredentials {
        if (app !== undefined) {
            return this.profile(app);
        }
        const { appKey, masterSecret } = this.credentials.app ?? {};
        if (!appKey || !masterSecret) {
            throw new ProviderError(
                "JSMS app credentials are missing: set the stack config jsms:appKey and jsms:masterSecret " +
                    "(pulumi config set jsms:appKey …; pulumi config set --secret jsms:masterSecret …) " +
                    "or the environment variables JSMS_APP_KEY and JSMS_MASTER_SECRET",
            );
        }
        return { appKey, masterSecret };
    }

    /** The account (dev) credentials, used only for the account balance. */
    devCredentials(): DevCredentials {
        const { devKey, devSecret } = this.credentials.dev ?? {};
        if (!devKey || !devSecret) {
            throw new ProviderError(
                "JSMS account credentials are missing: set the stack config jsms:devKey and jsms:devSecret " +
                    "(pulumi config set jsms:devKey …; pulumi config set --secret jsms:devSecret …) " +
                    "or the environment variables JSMS_DEV_KEY and JSMS_DEV_SECRET",
            );
        }
        return { devKey, devSecret };
    }

    /**
     * Which app the credentials of `appKey` belong to: `{ app: undefined }` for the default app, `{ app: name }` for a
     * `jsms:apps` profile, undefined when none of the configured credentials has that key.
     */
    appOfKey(appKey: string): { app: string | undefined } | undefined {
        if (this.credentials.app?.appKey === appKey) {
            return { app: undefined };
        }
        const named = Object.entries(this.credentials.profiles ?? {}).find(([, p]) => p.appKey === appKey);
        return named && { app: named[0] };
    }

    /** The review hook to read rejection reasons from, or undefined when `jsms:reviewHookUrl` is not set. */
    reviewHook(): ReviewHookLocation | undefined {
        return this.credentials.reviewHook;
    }

    /** What `JSON.stringify` and `util.inspect` show: the settings without any credential (those are not enumerable). */
    toJSON(): Record<string, unknown> {
        return Object.fromEntries(Object.entries(this));
    }

    private profile(app: string): AppCredentials {
        const { profiles, profilesError } = this.credentials;
        if (profilesError) {
            throw new ProviderError(profilesError);
        }
        const profile = profiles?.[app];
        if (!profile) {
            const known = Object.keys(profiles ?? {});
            throw new ProviderError(
                `app profile "${app}" is not defined: add it to the stack config jsms:apps ` +
                    `(pulumi config set --secret jsms:apps '{"${app}": {"appKey": "…", "masterSecret": "…"}}')` +
                    (known.length ? `; defined profiles: ${known.join(", ")}` : "; jsms:apps is not set"),
            );
        }
        if (!profile.appKey || !profile.masterSecret) {
            throw new ProviderError(`app profile "${app}" in jsms:apps needs both "appKey" and "masterSecret"`);
        }
        return { appKey: profile.appKey, masterSecret: profile.masterSecret };
    }
}

/**
 * Reads every `jsms:*` key, falling back to `JSMS_*` variables and then to the defaults. Never throws: a value that
 * cannot be used becomes a problem naming its key (`configure` must not fail, or the engine keeps an unconfigured
 * provider), and the value falls back to its default so that the rest stays readable.
 */
export function readSettings(config: ConfigSource, env: NodeJS.ProcessEnv = process.env): Settings {
    const problems: SettingProblem[] = [];
    const fromConfig = (key: string) => text(config.get(`jsms:${key}`));
    const read = (key: string) => fromConfig(key) ?? text(env[envName(key)]);

    const tuning = {
        endpoint: DEFAULT_ENDPOINT,
        optOutSuffix: read("optOutSuffix") ?? DEFAULT_OPT_OUT_SUFFIX,
        maxRequestsPerSecond: 0,
        allowInsecureHttp: false,
        journal: "on",
        journalDir: read("journalDir") ?? DEFAULT_JOURNAL_DIR,
    } as Tuning;
    const journal = read("journal");
    if (journal !== undefined) {
        const mode = journal.toLowerCase() as JournalMode;
        if (JOURNAL_MODES.includes(mode)) {
            tuning.journal = mode;
        } else {
            problems.push({
                key: "jsms:journal",
                message: `jsms:journal (or JSMS_JOURNAL) must be one of ${JOURNAL_MODES.join(", ")}; got "${journal}"`,
            });
        }
    }
    const insecure = read("allowInsecureHttp");
    if (insecure !== undefined) {
        if (/^(true|false)$/i.test(insecure)) {
            tuning.allowInsecureHttp = insecure.toLowerCase() === "true";
        } else {
            problems.push({
                key: "jsms:allowInsecureHttp",
                message: `jsms:allowInsecureHttp (or JSMS_ALLOW_INSECURE_HTTP) must be true or false; got "${insecure}"`,
            });
        }
    }
    /** A problem when `url` is plain http to another host and that was not allowed; the secret it would carry is named. */
    const refuseCleartext = (key: string, url: string, carries: string): boolean => {
        const host = cleartextHost(url);
        if (host === undefined || tuning.allowInsecureHttp) {
            return false;
        }
        problems.push({
            key: `jsms:${key}`,
            message:
                `jsms:${key} (or ${envName(key)}) is http:// to ${host}, which is not this machine: ${carries} would cross the network ` +
                "in clear text; use https://, or set jsms:allowInsecureHttp (or JSMS_ALLOW_INSECURE_HTTP) to true if the network is trusted",
        });
        return true;
    };
    const rate = read("maxRequestsPerSecond");
    if (rate !== undefined) {
        const value = Number(rate);
        if (!Number.isFinite(value) || value < 0) {
            problems.push({
                key: "jsms:maxRequestsPerSecond",
                message: `jsms:maxRequestsPerSecond (or JSMS_MAX_REQUESTS_PER_SECOND) must be a number of requests per second, 0 for no maximum; got "${rate}"`,
            });
        } else {
            tuning.maxRequestsPerSecond = value;
        }
    }
    const endpoint = read("endpoint");
    if (endpoint !== undefined) {
        const problem = endpointProblem(endpoint);
        if (problem === undefined) {
            if (!refuseCleartext("endpoint", endpoint, "the app's Basic credentials")) {
                tuning.endpoint = endpoint.replace(/\/+$/, "");
            }
        } else {
            problems.push({ key: "jsms:endpoint", message: problem });
        }
    }
    for (const [key, setting] of Object.entries(TUNING_SETTINGS) as [TuningKey, TuningSetting][]) {
        tuning[key] = setting.default;
        const raw = read(key);
        if (raw === undefined) {
            continue;
        }
        const value = Number(raw);
        if (!Number.isInteger(value) || value < setting.min) {
            problems.push({
                key: `jsms:${key}`,
                message: `jsms:${key} (or ${envName(key)}) must be a whole number${setting.min === 0 ? "" : " above 0"}; got "${raw}"`,
            });
        } else {
            tuning[key] = value;
        }
    }

    const credentials: Credentials = {
        app: { appKey: read("appKey"), masterSecret: read("masterSecret") },
        dev: { devKey: read("devKey"), devSecret: read("devSecret") },
    };
    const hookUrl = read("reviewHookUrl");
    const token = read("reviewHookToken");
    if (hookUrl !== undefined) {
        if (!/^https?:\/\/[^\s/]+/i.test(hookUrl)) {
            problems.push({
                key: "jsms:reviewHookUrl",
                message: `jsms:reviewHookUrl (or JSMS_REVIEW_HOOK_URL) must be the http(s) URL of jsms-review-hook; got "${hookUrl}"`,
            });
        } else if (refuseCleartext("reviewHookUrl", hookUrl, "the hook's bearer token")) {
            // Reported; the hook stays unread.
        } else if (token === undefined) {
            problems.push({
                key: "jsms:reviewHookToken",
                message:
                    "jsms:reviewHookUrl is set but its token is not: pulumi config set --secret jsms:reviewHookToken … (or JSMS_REVIEW_HOOK_TOKEN)",
            });
        } else {
            credentials.reviewHook = { url: hookUrl.replace(/\/+$/, ""), token };
        }
    }
    const apps = fromConfig("apps");
    if (apps !== undefined) {
        const parsed = parseProfiles(apps);
        if (typeof parsed === "string") {
            credentials.profilesError = parsed;
        } else {
            credentials.profiles = parsed;
        }
    }
    return new Settings(tuning, problems, credentials);
}

/**
 * The host of a plain `http://` URL that is not loopback (127.0.0.0/8, ::1, localhost), or undefined for https,
 * loopback or a URL that does not parse (reported elsewhere). The URL parser normalizes the host first, so numeric
 * spellings of an address (`http://2130706433`) are judged by the address they name.
 */
function cleartextHost(url: string): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return undefined;
    }
    if (parsed.protocol !== "http:") {
        return undefined;
    }
    return isLoopbackHostname(parsed.hostname) ? undefined : parsed.host;
}

/** Why an endpoint cannot be used, or undefined: an http(s) URL without credentials (they would reach logs). */
function endpointProblem(endpoint: string): string | undefined {
    let url: URL | undefined;
    try {
        url = new URL(endpoint);
    } catch {
        url = undefined;
    }
    // The URL parser forgives leading spaces and odd hosts; the text itself must start like an http(s) URL too.
    if (url === undefined || !/^https?:\/\/[^\s/]+/i.test(endpoint) || !url.host) {
        return `jsms:endpoint (or JSMS_ENDPOINT) must be an http(s) URL such as ${DEFAULT_ENDPOINT}; got "${endpoint}"`;
    }
    if (url.username || url.password) {
        // Never quoted: the text holds a credential. They belong in jsms:appKey and jsms:masterSecret.
        return "jsms:endpoint (or JSMS_ENDPOINT) must not contain credentials; set them with jsms:appKey and jsms:masterSecret";
    }
    return undefined;
}

/** Parses `jsms:apps`; returns an error text instead of throwing, and never quotes the text (it holds secrets). */
function parseProfiles(json: string): Record<string, Partial<AppCredentials>> | string {
    let value: unknown;
    try {
        value = JSON.parse(json);
    } catch {
        return 'jsms:apps is not valid JSON; it must look like {"<name>": {"appKey": "…", "masterSecret": "…"}}';
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return 'jsms:apps must be a JSON object of named profiles {"<name>": {"appKey": "…", "masterSecret": "…"}}';
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

/**
 * A config value as text: stack config arrives as strings, an explicit provider's arguments as their own types
 * (numbers, objects), which are written back as JSON. Empty means unset.
 */
function text(value: unknown): string | undefined {
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}
