import { z } from "zod";
import { DEFAULT_ENDPOINT } from "../provider/client/clientDefaults";
import { isLoopbackHostname } from "../provider/loopbackHost";

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

/** How to start a review hook: where it listens, its database, the apps it trusts and the token it serves with. */
export interface ReviewHookOptions {
    /** Interface to bind; default 127.0.0.1. Use 0.0.0.0 in a container behind a proxy. */
    host?: string;
    /** TCP port; 0 (the default) picks a free one. */
    port?: number;
    /** The SQLite file that keeps every review result; created with its folder when missing. One hook per file. */
    databasePath?: string;
    /**
     * A PostgreSQL URL (`postgres://user@host:5432/db`) instead of a SQLite file: any number of hooks may share it.
     * Give this or `databasePath`, not both. The password may come from `PGPASSWORD` rather than the URL.
     */
    databaseUrl?: string;
    /**
     * Take a SQLite database over even when its owner record names another host or cannot be read: for an operator
     * who knows that hook is gone. Default false.
     */
    breakLock?: boolean;
    /**
     * How long a SQLite owner record's lease lasts; the running hook renews it every third of that. Another hook takes
     * the file over only once the lease has expired. Default {@link DEFAULT_SQLITE_LEASE_MS}.
     */
    sqliteLeaseMs?: number;
    /** Connections the hook holds to PostgreSQL at most; default {@link DEFAULT_POSTGRES_POOL_SIZE}. */
    postgresPoolSize?: number;
    /** The server cancels a statement that runs longer; default {@link DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS}. */
    postgresStatementTimeoutMs?: number;
    /** The server gives up a statement that waits longer for a lock; default {@link DEFAULT_POSTGRES_LOCK_TIMEOUT_MS}. */
    postgresLockTimeoutMs?: number;
    /** The server ends a transaction idle for longer; default {@link DEFAULT_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS}. */
    postgresIdleInTransactionTimeoutMs?: number;
    /** The apps whose callbacks are accepted (at least one). */
    apps: HookApp[];
    /** The bearer token the provider must send to read results and use the journal (at least 16 characters). */
    token: string;
    /**
     * Where the hook reads objects at JSMS to pair orphans with the journal; default `https://api.sms.jpush.cn`.
     * Plain `http://` only to this machine (a local simulator).
     */
    jsmsEndpoint?: string;
    /** Callback and journal bodies larger than this are refused with 413; default {@link DEFAULT_MAX_BODY_BYTES}. */
    maxBodyBytes?: number;
    /** Callbacks whose timestamp is further than this from now are refused; default {@link DEFAULT_MAX_CLOCK_SKEW_MS}. */
    maxClockSkewMs?: number;
    /** A request whose headers take longer is cut; default {@link DEFAULT_HEADERS_TIMEOUT_MS}. */
    headersTimeoutMs?: number;
    /** A request that takes longer to arrive in full is answered 408 and cut; default {@link DEFAULT_REQUEST_TIMEOUT_MS}. */
    requestTimeoutMs?: number;
    /** Connections beyond this many are closed on arrival; default {@link DEFAULT_MAX_CONNECTIONS}. */
    maxConnections?: number;
    /** How long close() waits for requests in flight; default {@link DEFAULT_SHUTDOWN_GRACE_MS}. */
    shutdownGraceMs?: number;
    /** Receives each structured log line (JSON, no newline); default: written to stdout. */
    log?: (line: string) => void;
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

const fieldsSchema = z.object({
    host: z.string().min(1).default(DEFAULT_HOOK_HOST),
    port: z.number().int().min(0).max(65535).default(0),
    databasePath: z
        .string()
        .min(1)
        // A mistyped URL would otherwise become a file name, printed with any password it holds.
        .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value), "a URL must be postgres:// or postgresql://")
        .optional(),
    databaseUrl: z
        .string()
        .regex(/^postgres(?:ql)?:\/\//i, "must be a postgres:// or postgresql:// URL")
        .optional(),
    breakLock: z.boolean().default(false),
    sqliteLeaseMs: z.number().int().min(100).default(DEFAULT_SQLITE_LEASE_MS),
    postgresPoolSize: z.number().int().positive().default(DEFAULT_POSTGRES_POOL_SIZE),
    postgresStatementTimeoutMs: z.number().int().positive().default(DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS),
    postgresLockTimeoutMs: z.number().int().positive().default(DEFAULT_POSTGRES_LOCK_TIMEOUT_MS),
    postgresIdleInTransactionTimeoutMs: z
        .number()
        .int()
        .positive()
        .default(DEFAULT_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS),
    apps: z
        .array(z.object({ appKey: z.string().min(1), masterSecret: z.string().min(1) }))
        .min(1, "at least one app is required")
        .refine((apps) => new Set(apps.map((app) => app.appKey)).size === apps.length, "appKeys must be unique"),
    token: z.string().min(MIN_TOKEN_LENGTH, `the token must have at least ${MIN_TOKEN_LENGTH} characters`),
    jsmsEndpoint: z
        .string()
        .default(DEFAULT_ENDPOINT)
        .refine(isJsmsEndpoint, "must be an https:// URL without credentials (http:// only to 127.0.0.1 or localhost)"),
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
    maxClockSkewMs: z.number().int().positive().default(DEFAULT_MAX_CLOCK_SKEW_MS),
    headersTimeoutMs: z.number().int().positive().default(DEFAULT_HEADERS_TIMEOUT_MS),
    requestTimeoutMs: z.number().int().positive().default(DEFAULT_REQUEST_TIMEOUT_MS),
    maxConnections: z.number().int().positive().default(DEFAULT_MAX_CONNECTIONS),
    shutdownGraceMs: z.number().int().nonnegative().default(DEFAULT_SHUTDOWN_GRACE_MS),
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
