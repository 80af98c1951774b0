import { z } from "zod";
import { DEFAULT_ENDPOINT } from "pulumi-jsms/client/clientDefaults";
import { type SettingTable, optionShape } from "pulumi-jsms/commandline/settingTable";
import { isLoopbackHostname } from "pulumi-jsms/httpserver/loopbackHost";

/** The address the hook binds by default: loopback, so that nothing is exposed until a deployment says so. */
export const DEFAULT_HOOK_HOST = "127.0.0.1";
/** The largest callback body accepted; a JSMS review callback is a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
/** How far a callback's `timestamp` may be from the hook's clock, either way, before it is refused as stale. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How long a graceful shutdown waits for requests in flight before dropping their connections. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10 * 1000;
/** How long a client may take to send a request's headers before its connection is closed. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10 * 1000;
/** How long a client may take to send a whole request (headers and body) before its connection is closed. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30 * 1000;
/** How many connections the hook holds open at once; further ones are closed as they arrive. */
export const DEFAULT_MAX_CONNECTIONS = 512;
/** How many connections one hook holds to PostgreSQL at most; every replica's pool must fit in `max_connections`. */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;
/** How long the PostgreSQL server lets one of the hook's statements run before cancelling it (`statement_timeout`). */
export const DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS = 5 * 1000;
/** How long one of the hook's statements waits for a lock before the server gives up on it (`lock_timeout`). */
export const DEFAULT_POSTGRES_LOCK_TIMEOUT_MS = 2 * 1000;
/** How long the server lets a hook's transaction sit idle before ending it and its locks (`idle_in_transaction_session_timeout`). */
export const DEFAULT_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10 * 1000;
/** How long a SQLite owner record's lease lasts unless its hook renews it (every third of it). */
export const DEFAULT_SQLITE_LEASE_MS = 15 * 1000;
/** The shortest bearer token accepted, so that a placeholder like "secret" cannot guard the results. */
export const MIN_TOKEN_LENGTH = 16;

/** One JSMS app whose callbacks the hook accepts: its appKey and the master secret that signs them. */
export interface HookApp {
    appKey: string;
    masterSecret: string;
}

/** A hook that is listening. */
export interface RunningReviewHook {
    /** Base URL, e.g. `http://127.0.0.1:40123`. */
    url: string;
    /** The port it listens on. */
    port: number;
    /** Stops accepting, lets requests in flight finish (within the grace period), closes the database. */
    close(): Promise<void>;
}

/**
 * The review hook's tunable settings, each once: its rule and default in `startReviewHook`'s options, and, where it
 * has one, its `jsms-review-hook` flag, its environment variable and its config file key (hookConfig.ts derives the
 * command line, the environment, the file's schema and --help from these entries). A new setting is one entry here.
 */
export const HOOK_SETTINGS = {
    host: {
        description: "interface to bind; 0.0.0.0 in a container behind a proxy",
        schema: z.string().min(1),
        default: DEFAULT_HOOK_HOST,
        flag: "host",
        placeholder: "HOST",
        env: "JSMS_REVIEW_HOOK_HOST",
        file: true,
    },
    port: {
        description: "TCP port (jsms-review-hook: default 8080; the API: 0 picks a free one)",
        schema: z.number().int().min(0).max(65535),
        default: 0,
        text: "integer",
        flag: "port",
        placeholder: "N",
        env: "JSMS_REVIEW_HOOK_PORT",
        file: true,
    },
    breakLock: {
        description:
            "take a SQLite file over from an owner that cannot be checked (another host): only when it is gone for good",
        schema: z.boolean(),
        default: false,
        text: "boolean",
        flag: "break-lock",
        file: true,
    },
    maxBodyBytes: {
        description: "callback bodies larger than this are refused with 413",
        schema: z.number().int().positive(),
        default: DEFAULT_MAX_BODY_BYTES,
        file: true,
    },
    maxClockSkewMs: {
        description: "callbacks whose timestamp is further than this from now are refused",
        schema: z.number().int().positive(),
        default: DEFAULT_MAX_CLOCK_SKEW_MS,
        file: true,
    },
    headersTimeoutMs: {
        description: "a request whose headers take longer, in ms, is cut",
        schema: z.number().int().positive(),
        default: DEFAULT_HEADERS_TIMEOUT_MS,
        text: "integer",
        flag: "headers-timeout-ms",
        placeholder: "N",
        file: true,
    },
    requestTimeoutMs: {
        description: "a request that takes longer to arrive in full, in ms, is answered 408 and cut",
        schema: z.number().int().positive(),
        default: DEFAULT_REQUEST_TIMEOUT_MS,
        text: "integer",
        flag: "request-timeout-ms",
        placeholder: "N",
        file: true,
    },
    maxConnections: {
        description: "connections beyond this many are closed on arrival",
        schema: z.number().int().positive(),
        default: DEFAULT_MAX_CONNECTIONS,
        text: "integer",
        flag: "max-connections",
        placeholder: "N",
        file: true,
    },
    sqliteLeaseMs: {
        description:
            "the SQLite owner's lease, in ms, renewed every third of it; another hook takes the file over only once it has expired",
        schema: z.number().int().min(100),
        default: DEFAULT_SQLITE_LEASE_MS,
        text: "integer",
        flag: "sqlite-lease-ms",
        placeholder: "N",
        file: true,
    },
    postgresPoolSize: {
        description: "connections (server backends) one hook holds to PostgreSQL at most",
        schema: z.number().int().positive(),
        default: DEFAULT_POSTGRES_POOL_SIZE,
        text: "integer",
        flag: "postgres-pool-size",
        placeholder: "N",
        file: true,
    },
    postgresStatementTimeoutMs: {
        description: "the server cancels a statement that runs longer, in ms (statement_timeout)",
        schema: z.number().int().positive(),
        default: DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS,
        text: "integer",
        flag: "postgres-statement-timeout-ms",
        placeholder: "N",
        file: true,
    },
    postgresLockTimeoutMs: {
        description: "the server gives up a statement that waits longer for a lock, in ms (lock_timeout)",
        schema: z.number().int().positive(),
        default: DEFAULT_POSTGRES_LOCK_TIMEOUT_MS,
        text: "integer",
        flag: "postgres-lock-timeout-ms",
        placeholder: "N",
        file: true,
    },
    postgresIdleInTransactionTimeoutMs: {
        description: "the server ends a transaction left idle longer, in ms, and frees its locks",
        schema: z.number().int().positive(),
        default: DEFAULT_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        text: "integer",
        flag: "postgres-idle-in-transaction-timeout-ms",
        placeholder: "N",
        file: true,
    },
    jsmsEndpoint: {
        description:
            "where orphans are read at JSMS to pair them with the create journal; http:// only to 127.0.0.1 or localhost",
        schema: z
            .string()
            .refine(
                isJsmsEndpoint,
                "must be an https:// URL without credentials (http:// only to 127.0.0.1 or localhost)",
            ),
        default: DEFAULT_ENDPOINT,
        flag: "jsms-endpoint",
        placeholder: "URL",
        env: "JSMS_ENDPOINT",
        file: true,
    },
    shutdownGraceMs: {
        description: "how long a shutdown waits for requests in flight, in ms",
        schema: z.number().int().nonnegative(),
        default: DEFAULT_SHUTDOWN_GRACE_MS,
        file: true,
    },
} as const satisfies SettingTable;

const fieldsSchema = z.object({
    ...optionShape(HOOK_SETTINGS),
    /** The SQLite file that keeps every review result; created with its folder when missing. One hook per file. */
    databasePath: z
        .string()
        .min(1)
        // A mistyped URL would otherwise become a file name, printed with any password it holds.
        .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value), "a URL must be postgres:// or postgresql://")
        .optional(),
    /**
     * A PostgreSQL URL (`postgres://user@host:5432/db`) instead of a SQLite file: any number of hooks may share it.
     * Give this or `databasePath`, not both. The password may come from `PGPASSWORD` rather than the URL.
     */
    databaseUrl: z
        .string()
        .regex(/^postgres(?:ql)?:\/\//i, "must be a postgres:// or postgresql:// URL")
        .optional(),
    /** The apps whose callbacks are accepted (at least one). */
    apps: z
        .array(z.object({ appKey: z.string().min(1), masterSecret: z.string().min(1) }))
        .min(1, "at least one app is required")
        .refine((apps) => new Set(apps.map((app) => app.appKey)).size === apps.length, "appKeys must be unique"),
    /** The bearer token the provider must send to read results and use the journal. */
    token: z.string().min(MIN_TOKEN_LENGTH, `the token must have at least ${MIN_TOKEN_LENGTH} characters`),
    /** Receives each structured log line (JSON, no newline); default: written to stdout. */
    log: z.custom<(line: string) => void>((value) => typeof value === "function").optional(),
});

const optionsSchema = fieldsSchema
    .refine((options) => (options.databasePath === undefined) !== (options.databaseUrl === undefined), {
        message: "give databasePath (SQLite) or databaseUrl (PostgreSQL), exactly one",
        path: ["databasePath"],
    })
    .refine((options) => options.headersTimeoutMs <= options.requestTimeoutMs, {
        message: "headersTimeoutMs cannot exceed requestTimeoutMs",
        path: ["headersTimeoutMs"],
    })
    .refine((options) => options.postgresLockTimeoutMs <= options.postgresStatementTimeoutMs, {
        message: "postgresLockTimeoutMs cannot exceed postgresStatementTimeoutMs",
        path: ["postgresLockTimeoutMs"],
    });

/** Whether a JSMS endpoint is usable: https, or http to loopback (the master secrets travel in its requests). */
function isJsmsEndpoint(value: string): boolean {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return false;
    }
    if (url.username !== "" || url.password !== "") {
        return false;
    }
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHostname(url.hostname));
}

/**
 * How to start a review hook: where it listens, its database, the apps it trusts, the token it serves with, and the
 * settings of {@link HOOK_SETTINGS}.
 */
export type ReviewHookOptions = z.input<typeof optionsSchema>;

/** Hook options with every default filled in. */
export type ResolvedHookOptions = z.output<typeof optionsSchema>;

/**
 * Checks the options and fills in the defaults; throws a TypeError listing every bad option. The message names
 * options and rules only, never a value, since the values include the master secrets and the token.
 */
export function resolveHookOptions(options: ReviewHookOptions): ResolvedHookOptions {
    const parsed = optionsSchema.safeParse(options, { reportInput: false });
    if (!parsed.success) {
        const problems = parsed.error.issues.map(
            (issue) => `  ${issue.path.join(".") || "(options)"}: ${issue.message}`,
        );
        throw new TypeError(`invalid review hook options:\n${problems.join("\n")}`);
    }
    return parsed.data;
}
