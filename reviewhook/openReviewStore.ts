import type { JsonLog } from "./jsonLog";
import type { ResolvedHookOptions } from "./options";
import { PostgresReviewStore } from "./postgresReviewStore";
import type { ReviewStore } from "./reviewStore";
import { SqliteReviewStore } from "./sqliteReviewStore";

/** Opens the store the options name: PostgreSQL for `databaseUrl`, else the SQLite file; logs what start-up did. */
export async function openReviewStore(options: ResolvedHookOptions, log: JsonLog): Promise<ReviewStore> {
    if (options.databaseUrl !== undefined) {
        const limits = {
            poolSize: options.postgresPoolSize,
            statementTimeoutMs: options.postgresStatementTimeoutMs,
            lockTimeoutMs: options.postgresLockTimeoutMs,
            idleInTransactionTimeoutMs: options.postgresIdleInTransactionTimeoutMs,
        };
        const store = await PostgresReviewStore.open(options.databaseUrl, limits, (error) =>
            log.warn("a PostgreSQL connection failed while idle", { error: error.message }),
        );
        if (store.appliedMigrations.length > 0) {
            log.info("migrated the database schema", {
                database: store.description,
                versions: store.appliedMigrations,
            });
        }
        return store;
    }
    const store = new SqliteReviewStore(options.databasePath!, options.breakLock);
    if (store.claim.brokeLockOf) {
        log.warn("--break-lock: took the database over from the owner it named", {
            database: store.description,
            previousOwner: store.claim.brokeLockOf,
        });
    } else if (store.claim.removedStaleLock) {
        log.warn("removed a database lock left by a hook that did not shut down", { database: store.description });
    }
    return store;
}
