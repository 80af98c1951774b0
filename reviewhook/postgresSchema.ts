import type { PoolClient } from "pg";
import { JOURNAL_SCHEMA } from "./journalStore";

/** One step of the PostgreSQL schema; applied once, in order, and recorded in `schema_migrations`. */
interface Migration {
    version: number;
    name: string;
    sql: string;
}

/** The schema versions, oldest first. The tables match the SQLite store's, column for column. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: "deliveries and reviews",
        sql: `
CREATE TABLE deliveries (
    app_key TEXT NOT NULL,
    nonce TEXT NOT NULL,
    timestamp BIGINT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (app_key, nonce)
);
CREATE INDEX deliveries_by_time ON deliveries (timestamp);
CREATE TABLE reviews (
    seq BIGSERIAL PRIMARY KEY,
    app_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('template', 'sign')),
    object_id BIGINT NOT NULL,
    status SMALLINT NOT NULL CHECK (status IN (1, 2)),
    refuse_reason TEXT,
    reviewed_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    nonce TEXT NOT NULL,
    UNIQUE (app_key, nonce)
);
CREATE INDEX reviews_by_object ON reviews (app_key, kind, object_id, reviewed_at, seq);
`,
    },
    { version: 2, name: "create journal", sql: JOURNAL_SCHEMA },
];

/** The advisory lock key the migrations hold ("jsmshook" in ASCII), so that replicas starting at once take turns. */
const MIGRATION_LOCK_KEY = "7668513119117880683";

/**
 * Brings the database to the latest schema in one transaction under a transaction-scoped advisory lock: a replica
 * that starts while another migrates waits, then finds the work done. Refuses a database whose schema is newer than
 * this hook knows (an older hook left running during an upgrade must not write to it). Returns the versions applied.
 */
export async function migratePostgres(client: PoolClient, appliedBy: string): Promise<number[]> {
    await client.query("BEGIN");
    try {
        // A replica waits for another's migration as long as a statement may run, not just the (shorter) lock timeout.
        await client.query("SET LOCAL lock_timeout = 0");
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            applied_by TEXT NOT NULL
        )`);
        const rows = (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows;
        const done = new Set(rows.map((row) => Number(row.version)));
        const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;
        const newest = Math.max(0, ...done);
        if (newest > latest) {
            throw new Error(
                `the database schema is version ${newest}, newer than this hook knows (${latest}): upgrade the hook`,
            );
        }
        const applied: number[] = [];
        for (const migration of POSTGRES_MIGRATIONS) {
            if (done.has(migration.version)) {
                continue;
            }
            await client.query(migration.sql);
            await client.query("INSERT INTO schema_migrations (version, name, applied_by) VALUES ($1, $2, $3)", [
                migration.version,
                migration.name,
                appliedBy,
            ]);
            applied.push(migration.version);
        }
        await client.query("COMMIT");
        return applied;
    } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
    }
}
