import * as fs from "node:fs";
import * as path from "node:path";
import { Database, type Statement } from "node-sqlite3-wasm";
import type { ReviewKind } from "./callbackForm";
import {
    type Delivery,
    type DeliveryOutcome,
    REVIEW_COLUMNS,
    type ReviewStore,
    reviewRow,
    type StoredReview,
} from "./reviewStore";
import { JOURNAL_SCHEMA, JournalStore, type JournalExecutor } from "./journalStore";
import {
    claimDatabase,
    DatabaseInUseError,
    unexplainedLockAdvice,
    type ClaimOptions,
    type DatabaseClaim,
} from "./databaseOwner";
import { DEFAULT_SQLITE_LEASE_MS } from "./options";

/** The schema versions, oldest first; a database records the last it has in `PRAGMA user_version`. */
const MIGRATIONS: readonly string[] = [
    // 1: the first schema. IF NOT EXISTS because files made before versioning already hold it at user_version 0.
    `
CREATE TABLE IF NOT EXISTS deliveries (
    app_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (app_key, nonce)
);
CREATE INDEX IF NOT EXISTS deliveries_by_time ON deliveries (timestamp);
CREATE TABLE IF NOT EXISTS reviews (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    app_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('template', 'sign')),
    object_id INTEGER NOT NULL,
    status INTEGER NOT NULL CHECK (status IN (1, 2)),
    refuse_reason TEXT,
    reviewed_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    nonce TEXT NOT NULL,
    UNIQUE (app_key, nonce)
);
CREATE INDEX IF NOT EXISTS reviews_by_object ON reviews (app_key, kind, object_id, reviewed_at, seq);
`,
    // 2: the create journal.
    JOURNAL_SCHEMA,
];

/**
 * The SQLite store, for one hook: every review result ever received, per app and object, and the nonces of recent
 * deliveries. Its calls run synchronously and each delivery is one transaction, so concurrent callbacks are
 * serialised by the event loop and none can overwrite another; a write-ahead log synced on every commit makes each
 * one survive a crash.
 */
export class SqliteReviewStore implements ReviewStore {
    readonly kind = "sqlite";
    readonly description: string;
    private readonly db: Database;
    private readonly statements: Statement[] = [];
    private readonly findDelivery: Statement;
    private readonly insertDelivery: Statement;
    private readonly insertReview: Statement;
    private readonly forgetDeliveries: Statement;
    private readonly historyOf: Statement;
    private readonly probe: Statement;
    private closed = false;
    /** The tail of the journal's transactions: each waits for the one before, as they share one connection. */
    private journalQueue: Promise<unknown> = Promise.resolve();
    /** The create journal, in the same file. */
    readonly journal: JournalStore;
    /** The owner record this store holds; it tells whether a crashed hook's lock had to be cleared. */
    readonly claim: DatabaseClaim;

    /**
     * Opens (or creates) the database, refusing one whose owner's lease still runs; `breakLock` overrides that owner
     * (or an unreadable record). The lease is renewed while the store is open and checked before every statement.
     */
    constructor(databasePath: string, claimOptions: Partial<ClaimOptions> = {}) {
        this.description = databasePath;
        fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
        this.claim = claimDatabase(databasePath, {
            breakLock: claimOptions.breakLock ?? false,
            leaseMs: claimOptions.leaseMs ?? DEFAULT_SQLITE_LEASE_MS,
            onLost: claimOptions.onLost ?? (() => undefined),
        });
        try {
            this.db = new Database(databasePath);
        } catch (error) {
            this.claim.release();
            throw error;
        }
        try {
            // Exclusive locking before WAL: this SQLite build has no shared memory, and WAL needs none when one
            // connection holds the file. WAL with full sync costs one fsync per commit (measured: 0.5–2.6 ms per
            // transaction here, against 9–10 ms with a rollback journal).
            this.db.get("PRAGMA locking_mode = EXCLUSIVE");
            let mode;
            try {
                mode = this.db.get("PRAGMA journal_mode = WAL");
            } catch (error) {
                // The first statement takes the lock: busy here means a `.lock` folder no owner record explains.
                throw /database is locked/i.test((error as Error).message)
                    ? new DatabaseInUseError(unexplainedLockAdvice(databasePath))
                    : error;
            }
            if (mode?.journal_mode !== "wal") {
                throw new Error(`cannot put ${databasePath} in WAL mode`);
            }
            this.db.exec("PRAGMA synchronous = FULL;");
            this.migrate();
        } catch (error) {
            this.db.close();
            this.claim.release();
            throw error;
        }
        this.findDelivery = this.prepare("SELECT digest FROM deliveries WHERE app_key = ? AND nonce = ?");
        this.insertDelivery = this.prepare(
            "INSERT INTO deliveries (app_key, nonce, timestamp, digest) VALUES (?, ?, ?, ?)",
        );
        this.insertReview = this.prepare(`INSERT INTO reviews (${REVIEW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
        this.forgetDeliveries = this.prepare("DELETE FROM deliveries WHERE timestamp < ?");
        this.probe = this.prepare(
            "INSERT OR REPLACE INTO deliveries (app_key, nonce, timestamp, digest) VALUES ('', 'healthz', ?, '')",
        );
        this.historyOf = this.prepare(
            `SELECT status, refuse_reason, reviewed_at, received_at FROM reviews
             WHERE app_key = ? AND kind = ? AND object_id = ? ORDER BY reviewed_at, seq`,
        );
        this.journal = new JournalStore(this.journalExecutor());
    }

    /** See {@link ReviewStore.record}; nonces older than `forgetBefore` are dropped in the same transaction. */
    async record(delivery: Delivery, receivedAt: number, forgetBefore: number): Promise<DeliveryOutcome> {
        return this.transaction(() => {
            this.forgetDeliveries.run([forgetBefore]);
            const seen = this.findDelivery.get([delivery.appKey, delivery.nonce]);
            if (seen) {
                return seen.digest === delivery.digest ? "duplicate" : "replayed";
            }
            this.insertDelivery.run([delivery.appKey, delivery.nonce, delivery.timestamp, delivery.digest]);
            const decision = delivery.decision;
            if (!decision) {
                return "acknowledged";
            }
            this.insertReview.run(reviewRow(delivery, decision, receivedAt));
            return "stored";
        });
    }

    /** Every result for one object, oldest first (empty when none arrived). */
    async history(appKey: string, kind: ReviewKind, objectId: number): Promise<StoredReview[]> {
        this.claim.assertHeld();
        return this.historyOf.all([appKey, kind, objectId]).map((row) => ({
            status: Number(row.status) as 1 | 2,
            refuseReason: row.refuse_reason === null ? null : String(row.refuse_reason),
            reviewedAt: Number(row.reviewed_at),
            receivedAt: Number(row.received_at),
        }));
    }

    /** See {@link ReviewStore.probeWrite}: an empty appKey, which no configured app has, and a pruned timestamp. */
    async probeWrite(at: number): Promise<void> {
        this.transaction(() => this.probe.run([at]));
    }

    /** Counts stored results, for the health check. */
    async reviewCount(): Promise<number> {
        this.claim.assertHeld();
        return Number(this.db.get("SELECT COUNT(*) AS n FROM reviews")?.n ?? 0);
    }

    /** Closes the database and gives up the claim on it; later calls are refused. */
    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (this.claim.lost !== undefined) {
            // Another hook may own the file now: closing would fold this hook's write-ahead log into it.
            return;
        }
        for (const statement of this.statements) {
            statement.finalize();
        }
        this.db.close();
        this.claim.release();
    }

    /**
     * The journal's SQL on this connection. Its transactions are chained one after another: their statements run
     * synchronously, but a transaction's work is a promise, and another must not BEGIN in between.
     */
    private journalExecutor(): JournalExecutor {
        const sql = {
            all: async (text: string, values: unknown[]) =>
                this.db.all(text, bind(values)) as Record<string, unknown>[],
            run: async (text: string, values: unknown[]) => this.db.run(text, bind(values)).changes,
            // One connection whose transactions are chained: each already runs alone.
            lock: async (_key: string) => undefined,
        };
        return {
            all: (text, values) => {
                this.assertOpen();
                return sql.all(text, values);
            },
            transaction: <T>(work: (inner: typeof sql) => Promise<T>) => {
                const next = this.journalQueue.then(async () => {
                    this.assertOpen();
                    this.db.exec("BEGIN IMMEDIATE");
                    try {
                        const result = await work(sql);
                        this.db.exec("COMMIT");
                        return result;
                    } catch (error) {
                        if (this.db.inTransaction) {
                            this.db.exec("ROLLBACK");
                        }
                        throw error;
                    }
                });
                this.journalQueue = next.catch(() => undefined);
                return next;
            },
        };
    }

    private assertOpen(): void {
        if (this.closed) {
            throw new Error("the review store is closed");
        }
    }

    /** Brings the schema to the latest version, each step in its own transaction; refuses a newer database. */
    private migrate(): void {
        const current = Number(this.db.get("PRAGMA user_version")?.user_version ?? 0);
        if (current > MIGRATIONS.length) {
            throw new Error(
                `the database schema is version ${current}, newer than this hook knows (${MIGRATIONS.length}): upgrade the hook`,
            );
        }
        for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
            this.transaction(() => {
                this.db.exec(MIGRATIONS[version - 1]);
                this.db.exec(`PRAGMA user_version = ${version}`);
            });
        }
        if (current < MIGRATIONS.length) {
            // The new tables' pages go into the file now, rather than filling the write-ahead log callbacks start on.
            this.db.get("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private prepare(sql: string): Statement {
        const statement = this.db.prepare(sql);
        this.statements.push(statement);
        return statement;
    }

    private transaction<T>(work: () => T): T {
        this.claim.assertHeld();
        this.db.exec("BEGIN IMMEDIATE");
        try {
            const result = work();
            this.db.exec("COMMIT");
            return result;
        } catch (error) {
            if (this.db.inTransaction) {
                this.db.exec("ROLLBACK");
            }
            throw error;
        }
    }
}

/** Values as SQLite binds them: numbers, strings and null. */
function bind(values: unknown[]): (number | string | null)[] {
    return values.map((value) => (value === undefined ? null : (value as number | string | null)));
}
