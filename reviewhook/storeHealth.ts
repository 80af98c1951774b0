/**
 * Whether the store's last write failed. Once one has, the hook reports itself unhealthy (so an orchestrator stops
 * sending it callbacks it would drop with 500) until a write succeeds again: a callback's, or the health check's probe.
 */
export class StoreHealth {
    private failure: { at: string; error: string } | undefined;

    /** Notes a failed write (the error's name and message are kept for /healthz, never a value written). */
    writeFailed(error: unknown): void {
        this.failure = {
            at: new Date().toISOString(),
            error: error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error",
        };
    }

    /** Notes a write that committed. */
    writeSucceeded(): void {
        this.failure = undefined;
    }

    /** The last failed write when no write has succeeded since, else undefined. */
    get lastFailure(): { at: string; error: string } | undefined {
        return this.failure;
    }
}

/** What a 503 asks the sender to wait, in seconds, before trying again (JSMS keeps its own retry schedule). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * PostgreSQL SQLSTATE classes after which the same statement can succeed later with no change on our side: 08
 * connection exception, 53 insufficient resources (too many connections, disk full), 55 object not in prerequisite
 * state (a lock not available in time, a database not accepting connections), 57 operator intervention (statement
 * timeout, server shutting down or starting), 58 system error (I/O); and a serialization failure or deadlock.
 */
const TRANSIENT_SQLSTATE = /^(?:08|53|55|57|58)[0-9A-Z]{3}$|^40001$|^40P01$/;

/** SQLite's messages for a file it cannot write now: a full disk (or file size limit), an I/O error, a lock. */
const TRANSIENT_SQLITE = /disk is full|disk I\/O error|database is locked|unable to open database file/i;

/**
 * Whether a store call failed because the database is unavailable for now (down, unreachable, locked, overloaded,
 * out of disk) rather than because of a bug: such a request is answered 503 with a Retry-After, never 500.
 * PostgreSQL's own errors carry a SQLSTATE; a socket error carries a Node system code (ECONNREFUSED, ETIMEDOUT…);
 * the PostgreSQL driver reports a lost connection or a pool that cannot connect in time as a plain Error, as the
 * stores do a closed store or a lost SQLite lease; SQLite's errors carry only a message.
 */
export function isStoreUnavailable(error: unknown): boolean {
    if (!(error instanceof Error)) {
        return false;
    }
    if (error.name === "SQLite3Error") {
        return TRANSIENT_SQLITE.test(error.message);
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) {
        return TRANSIENT_SQLSTATE.test(code);
    }
    if (typeof code === "string" && /^E[A-Z]+$/.test(code) && "syscall" in error) {
        return true;
    }
    return Object.getPrototypeOf(error) === Error.prototype && code === undefined;
}
