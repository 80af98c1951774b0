import * as os from "node:os";
import { Pool, type PoolClient } from "pg";
import type { ReviewKind } from "./callbackForm";
import { JournalStore, type JournalSql } from "./journalStore";
import { migratePostgres } from "./postgresSchema";
import {
    type Delivery,
    type DeliveryOutcome,
    REVIEW_COLUMNS,
    type ReviewStore,
    reviewRow,
    type StoredReview,
} from "./reviewStore";

/** How long a connection attempt (or a wait for a free connection of the pool) may take before it counts as a failure. */
const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
/**
 * How much longer than the server's statement timeout the client waits for an answer. The server cancels first and
 * the connection stays usable; this only ends a wait on a server or network that answers nothing at all.
 */
const CLIENT_TIMEOUT_MARGIN_MS = 2_000;
/** The name the hook's connections carry in `pg_stat_activity`, so that an operator can count and find them. */
const POSTGRES_APPLICATION_NAME = "jsms-review-hook";
/** Expired nonces are deleted at most this often per replica (sooner for a short retention), outside the callbacks' transactions. */
const PRUNE_INTERVAL_MS = 10_000;
/** SQLSTATEs after which a transaction is simply tried again: serialization failure, deadlock. */
const RETRYABLE = new Set(["40001", "40P01"]);

/** What one hook may hold and wait for on the PostgreSQL server (see the `postgres…` hook options). */
export interface PostgresLimits {
    poolSize: number;
    statementTimeoutMs: number;
    lockTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
}

/**
 * The PostgreSQL store, for several replicas on one database. Each delivery is one transaction; a nonce is claimed
 * with an insert that waits for any other replica's uncommitted claim of it, so a replay is refused across replicas
 * and a duplicate stored once. PostgreSQL's commit flushes its write-ahead log, so a resolved `record` is durable.
 */
export class PostgresReviewStore implements ReviewStore {
    readonly kind = "postgres";
    private lastPrune = 0;
    private closed = false;
    /** The create journal, in the same database. */
    readonly journal: JournalStore;

    private constructor(
        private readonly pool: Pool,
        readonly description: string,
        /** The schema versions this start applied (empty when another replica had already). */
        readonly appliedMigrations: number[],
    ) {
        this.journal = new JournalStore({
            all: async (text, values) => {
                this.assertOpen();
                return (await this.pool.query(numbered(text), values)).rows;
            },
            transaction: async (work) => {
                this.assertOpen();
                for (let attempt = 1; ; attempt += 1) {
                    try {
                        return await this.transaction(async (client) => {
                            const sql: JournalSql = {
                                all: async (text, values) => (await client.query(numbered(text), values)).rows,
                                run: async (text, values) => (await client.query(numbered(text), values)).rowCount ?? 0,
                                lock: async (key) => {
                                    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [key]);
                                },
                            };
                            return work(sql);
                        });
                    } catch (error) {
                        if (attempt >= 3 || !RETRYABLE.has((error as { code?: string }).code ?? "")) {
                            throw error;
                        }
                    }
                }
            },
        });
    }

    /**
     * Connects (failing within a few seconds when the server does not answer) and migrates the schema. Every
     * connection carries the limits as startup parameters, so the server itself cancels a statement that runs or
     * waits for a lock too long, and ends an idle transaction: a blocked backend is freed before its connection
     * returns to the pool, and the hook never holds more backends than its pool size.
     */
    static async open(
        url: string,
        limits: PostgresLimits,
        onIdleError: (error: Error) => void,
    ): Promise<PostgresReviewStore> {
        const pool = new Pool({
            connectionString: url,
            max: limits.poolSize,
            connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
            statement_timeout: limits.statementTimeoutMs,
            lock_timeout: limits.lockTimeoutMs,
            idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
            query_timeout: limits.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
            application_name: POSTGRES_APPLICATION_NAME,
        });
        // An idle connection dropped by the server emits here; unhandled, it would end the process.
        pool.on("error", onIdleError);
        try {
            const client = await pool.connect();
            try {
                const applied = await migratePostgres(client, `${os.hostname()} pid ${process.pid}`);
                return new PostgresReviewStore(pool, describePostgresUrl(url), applied);
            } finally {
                client.release();
            }
        } catch (error) {
            await pool.end().catch(() => undefined);
            throw error;
        }
    }

    async record(delivery: Delivery, receivedAt: number, forgetBefore: number): Promise<DeliveryOutcome> {
        this.assertOpen();
        if (receivedAt - this.lastPrune >= Math.min(PRUNE_INTERVAL_MS, (receivedAt - forgetBefore) / 2)) {
            this.lastPrune = receivedAt;
            await this.pool.query("DELETE FROM deliveries WHERE timestamp < $1", [forgetBefore]);
        }
        for (let attempt = 1; ; attempt += 1) {
            try {
                return await this.transaction((client) => recordIn(client, delivery, receivedAt));
            } catch (error) {
                if (attempt >= 3 || !RETRYABLE.has((error as { code?: string }).code ?? "")) {
                    throw error;
                }
            }
        }
    }

    async history(appKey: string, kind: ReviewKind, objectId: number): Promise<StoredReview[]> {
        this.assertOpen();
        const result = await this.pool.query(
            `SELECT status, refuse_reason, reviewed_at, received_at FROM reviews
             WHERE app_key = $1 AND kind = $2 AND object_id = $3 ORDER BY reviewed_at, seq`,
            [appKey, kind, objectId],
        );
        return result.rows.map((row) => ({
            status: Number(row.status) as 1 | 2,
            refuseReason: row.refuse_reason === null ? null : String(row.refuse_reason),
            reviewedAt: Number(row.reviewed_at),
            receivedAt: Number(row.received_at),
        }));
    }

    async probeWrite(at: number): Promise<void> {
        this.assertOpen();
        await this.pool.query(
            `INSERT INTO deliveries (app_key, nonce, timestamp, digest) VALUES ('', 'healthz', $1, '')
             ON CONFLICT (app_key, nonce) DO UPDATE SET timestamp = EXCLUDED.timestamp`,
            [at],
        );
    }

    async reviewCount(): Promise<number> {
        this.assertOpen();
        return Number((await this.pool.query("SELECT count(*) AS n FROM reviews")).rows[0].n);
    }

    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        await this.pool.end();
    }

    private assertOpen(): void {
        if (this.closed) {
            throw new Error("the review store is closed");
        }
    }

    private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
        const client = await this.pool.connect();
        let broken = false;
        try {
            await client.query("BEGIN");
            const result = await work(client);
            await client.query("COMMIT");
            return result;
        } catch (error) {
            await client.query("ROLLBACK").catch(() => {
                broken = true;
            });
            throw error;
        } finally {
            // A connection whose rollback failed is in an unknown state: drop it rather than reuse it.
            client.release(broken);
        }
    }
}

/** One delivery inside its transaction: claim the nonce, or tell a duplicate from a replay by the digest. */
async function recordIn(client: PoolClient, delivery: Delivery, receivedAt: number): Promise<DeliveryOutcome> {
    const claimed = await client.query(
        `INSERT INTO deliveries (app_key, nonce, timestamp, digest) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_key, nonce) DO NOTHING`,
        [delivery.appKey, delivery.nonce, delivery.timestamp, delivery.digest],
    );
    if (claimed.rowCount === 0) {
        // The conflicting row is committed by now (the insert waited for it), so this read sees it.
        const seen = await client.query("SELECT digest FROM deliveries WHERE app_key = $1 AND nonce = $2", [
            delivery.appKey,
            delivery.nonce,
        ]);
        if (seen.rowCount === 0) {
            throw new Error("a nonce's delivery vanished while it was checked");
        }
        return seen.rows[0].digest === delivery.digest ? "duplicate" : "replayed";
    }
    const decision = delivery.decision;
    if (!decision) {
        return "acknowledged";
    }
    await client.query(
        `INSERT INTO reviews (${REVIEW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        reviewRow(delivery, decision, receivedAt),
    );
    return "stored";
}

/** SQL written with `?` placeholders (the journal's, shared with SQLite) in PostgreSQL's `$1, $2, …`. */
function numbered(text: string): string {
    let index = 0;
    return text.replace(/\?/g, () => `$${++index}`);
}

/** Whether a database setting names PostgreSQL rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
    return /^postgres(?:ql)?:\/\//i.test(value);
}

/** The URL without its password or query (which may hold one), for logs and errors. */
export function describePostgresUrl(url: string): string {
    try {
        const parsed = new URL(url);
        const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : "";
        return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
    } catch {
        return "postgres://(unparseable URL)";
    }
}
