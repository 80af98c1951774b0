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
    const store = new SqliteReviewStore(options.databasePath!, {
        breakLock: options.breakLock,
        leaseMs: options.sqliteLeaseMs,
        onLost: (reason) =>
            log.error("this hook no longer holds the database and refuses to write to it; restart it", {
                database: options.databasePath,
                reason,
            }),
    });
    const displaced = store.claim.displaced;
    if (displaced && !displaced.expired) {
        log.warn("--break-lock: took the database over from the owner it named", {
            database: store.description,
            previousOwner: displaced.owner,
        });
    } else if (displaced) {
        log.warn("took the database over from a hook whose lease had expired", {
            database: store.description,
            previousOwner: displaced.owner,
            removedStaleLock: store.claim.removedStaleLock,
        });
    }
    return store;
}
