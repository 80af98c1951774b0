import type { CreateIntent, JournalKind } from "../provider/journal/createJournal";
import type { BeginRequest, OrphanIntent } from "../provider/journal/intentSchema";

/**
 * The `journal_intents` table, as both stores create it (SQLite reads BIGINT as INTEGER). One row per create intent;
 * `paired_at` marks an open intent whose `object_id` the hook paired from a review callback (an orphan).
 */
export const JOURNAL_SCHEMA = `
CREATE TABLE journal_intents (
    stack TEXT NOT NULL,
    intent_id TEXT NOT NULL,
    resource_key TEXT NOT NULL,
    app_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('template', 'sign')),
    digest TEXT NOT NULL,
    content_digest TEXT NOT NULL,
    run_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'answered', 'failed')),
    object_id BIGINT,
    error TEXT,
    held_at BIGINT,
    paired_at BIGINT,
    PRIMARY KEY (stack, intent_id)
);
CREATE INDEX journal_by_key ON journal_intents (stack, resource_key, created_at);
CREATE INDEX journal_by_object ON journal_intents (app_key, kind, object_id);
CREATE INDEX journal_by_state ON journal_intents (stack, state, created_at);
CREATE INDEX journal_unpaired ON journal_intents (app_key, kind, content_digest, created_at)
    WHERE state = 'open' AND object_id IS NULL;
`;

/** A row as a driver returns it: PostgreSQL gives BIGINT as a string, so every number goes through Number(). */
type Row = Record<string, unknown>;

/** What runs SQL for the journal: `?` placeholders, and transactions that commit before they resolve. */
export interface JournalExecutor {
    /** Runs `work` in one transaction, committed before the promise resolves. */
    transaction<T>(work: (sql: JournalSql) => Promise<T>): Promise<T>;
    /** A read outside any transaction. */
    all(sql: string, values: unknown[]): Promise<Row[]>;
}

/** SQL inside a transaction. */
export interface JournalSql {
    all(sql: string, values: unknown[]): Promise<Row[]>;
    /** Runs a write; resolves to the number of rows it changed. */
    run(sql: string, values: unknown[]): Promise<number>;
    /**
     * Waits for, then holds until the transaction ends, the lock named `key`: transactions holding the same key run
     * one at a time (across replicas on PostgreSQL; on SQLite every transaction already does).
     */
    lock(key: string): Promise<void>;
}

/** What a write did: done, the same call seen before, no such intent, or refused as conflicting (with why). */
export type JournalOutcome = "stored" | "answered" | "failed" | "duplicate" | "unknown" | { conflict: string };

const COLUMNS =
    "stack, intent_id, resource_key, app_key, kind, digest, content_digest, run_id, created_at, state, object_id, error, held_at, paired_at";

/**
 * The create journal's storage, the same SQL on both stores. Every write is one transaction, acknowledged only after
 * it commits; writes that move an object id between intents hold a per-app-and-kind lock, so that pairing an orphan
 * and answering a create never interleave.
 */
export class JournalStore {
    constructor(private readonly db: JournalExecutor) {}

    /** Records an intent in state `open`; the same intent again is a duplicate, other content under its id a conflict. */
    async begin(intent: BeginRequest): Promise<JournalOutcome> {
        return this.db.transaction(async (sql) => {
            // The insert claims the id, waiting for another replica's uncommitted claim of it (as callbacks' nonces do).
            const inserted = await sql.run(
                `INSERT INTO journal_intents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, NULL, NULL, NULL)
                 ON CONFLICT (stack, intent_id) DO NOTHING`,
                [
                    intent.stack,
                    intent.intentId,
                    intent.key,
                    intent.appKey,
                    intent.kind,
                    intent.digest,
                    intent.contentDigest,
                    intent.runId,
                    intent.createdAt,
                ],
            );
            if (inserted > 0) {
                return "stored";
            }
            const [seen] = await sql.all(`SELECT ${COLUMNS} FROM journal_intents WHERE stack = ? AND intent_id = ?`, [
                intent.stack,
                intent.intentId,
            ]);
            const stored = toIntent(seen);
            const same = (Object.keys(intent) as (keyof BeginRequest)[]).every(
                (field) => stored[field] === intent[field],
            );
            return same ? "duplicate" : { conflict: `intent ${intent.intentId} was begun with other content` };
        });
    }

    /**
     * Records the id JSMS answered. An orphan pairing of that id elsewhere was wrong (this create made it) and is
     * undone; an id this intent had been paired with moves to another open intent of the same content, if any.
     */
    async answer(stack: string, intentId: string, objectId: number, at: number): Promise<JournalOutcome> {
        return this.settle(stack, intentId, async (sql, intent) => {
            if (intent.state === "answered") {
                return intent.objectId === objectId
                    ? "duplicate"
                    : { conflict: `intent ${intentId} was answered with ${intent.objectId}, not ${objectId}` };
            }
            if (intent.state === "failed") {
                return { conflict: `intent ${intentId} failed already` };
            }
            await sql.run(
                `UPDATE journal_intents SET object_id = NULL, paired_at = NULL
                 WHERE app_key = ? AND kind = ? AND object_id = ? AND state = 'open' AND NOT (stack = ? AND intent_id = ?)`,
                [intent.appKey, intent.kind, objectId, stack, intentId],
            );
            await sql.run(
                "UPDATE journal_intents SET state = 'answered', object_id = ?, paired_at = NULL WHERE stack = ? AND intent_id = ?",
                [objectId, stack, intentId],
            );
            if (intent.objectId !== undefined && intent.objectId !== objectId) {
                // The object another create of the same content made, if any open one is left.
                await pairIn(sql, intent, intent.objectId, at, intent.intentId);
            }
            return "answered";
        });
    }

    /**
     * Records that a create failed, or that the object of an orphan is gone (how the provider closes one): a paired
     * object id stays on the intent, so that the object is never paired again.
     */
    async fail(stack: string, intentId: string, message: string): Promise<JournalOutcome> {
        return this.settle(stack, intentId, async (sql, intent) => {
            if (intent.state === "failed") {
                return "duplicate";
            }
            if (intent.state === "answered") {
                return { conflict: `intent ${intentId} was answered with ${intent.objectId} already` };
            }
            await sql.run("UPDATE journal_intents SET state = 'failed', error = ? WHERE stack = ? AND intent_id = ?", [
                message,
                stack,
                intentId,
            ]);
            return "failed";
        });
    }

    /** Answered intents of a key whose object no operation has shown to be in the stack, newest first. */
    async adoptable(stack: string, key: string): Promise<CreateIntent[]> {
        const rows = await this.db.all(
            `SELECT ${COLUMNS} FROM journal_intents
             WHERE stack = ? AND resource_key = ? AND state = 'answered' AND held_at IS NULL
             ORDER BY created_at DESC, intent_id DESC`,
            [stack, key],
        );
        return rows.map(toIntent);
    }

    /** Marks the intents of these objects as held by the stack; resolves to how many changed. */
    async markHeld(stack: string, appKey: string, kind: JournalKind, objectIds: readonly number[], at: number) {
        if (objectIds.length === 0) {
            return 0;
        }
        return this.db.transaction((sql) =>
            sql.run(
                `UPDATE journal_intents SET held_at = ?
                 WHERE stack = ? AND app_key = ? AND kind = ? AND held_at IS NULL
                 AND object_id IN (${objectIds.map(() => "?").join(", ")})`,
                [at, stack, appKey, kind, ...objectIds],
            ),
        );
    }

    /** Intents never answered nor failed, oldest first, except those whose paired object the stack holds. */
    async open(stack: string): Promise<CreateIntent[]> {
        const rows = await this.db.all(
            `SELECT ${COLUMNS} FROM journal_intents WHERE stack = ? AND state = 'open' AND held_at IS NULL
             ORDER BY created_at, intent_id`,
            [stack],
        );
        return rows.map(toIntent);
    }

    /** Drops held and failed intents created before `before`; resolves to how many went. */
    async prune(stack: string, before: number): Promise<number> {
        return this.db.transaction((sql) =>
            sql.run(
                `DELETE FROM journal_intents
                 WHERE stack = ? AND created_at < ? AND (held_at IS NOT NULL OR state = 'failed')`,
                [stack, before],
            ),
        );
    }

    /** Open intents paired with an object (the orphans), of one stack or of all, oldest first. */
    async orphans(stack: string | undefined): Promise<OrphanIntent[]> {
        const rows = await this.db.all(
            `SELECT ${COLUMNS} FROM journal_intents
             WHERE state = 'open' AND object_id IS NOT NULL AND held_at IS NULL ${stack === undefined ? "" : "AND stack = ?"}
             ORDER BY created_at, intent_id`,
            stack === undefined ? [] : [stack],
        );
        return rows.map((row) => ({ ...toIntent(row), pairedAt: Number(row.paired_at) }));
    }

    /** Whether pairing an object of this app and kind could find an intent: some is open with no object yet. */
    async awaitsPairing(appKey: string, kind: JournalKind): Promise<boolean> {
        const rows = await this.db.all(
            `SELECT 1 AS found FROM journal_intents
             WHERE app_key = ? AND kind = ? AND state = 'open' AND object_id IS NULL LIMIT 1`,
            [appKey, kind],
        );
        return rows.length > 0;
    }

    /** Whether any intent, of any stack, holds this object. */
    async holds(appKey: string, kind: JournalKind, objectId: number): Promise<boolean> {
        const rows = await this.db.all(
            "SELECT 1 AS found FROM journal_intents WHERE app_key = ? AND kind = ? AND object_id = ? LIMIT 1",
            [appKey, kind, objectId],
        );
        return rows.length > 0;
    }

    /**
     * Pairs an object no intent holds with the oldest open intent of its app, kind and content: the create a killed
     * run sent and never heard back from. Resolves to that intent, or undefined when none fits (or an intent holds the
     * object by now).
     */
    async pair(
        appKey: string,
        kind: JournalKind,
        objectId: number,
        contentDigest: string,
        at: number,
    ): Promise<CreateIntent | undefined> {
        return this.db.transaction(async (sql) => {
            await sql.lock(lockKeyOf(appKey, kind));
            const held = await sql.all(
                "SELECT 1 AS found FROM journal_intents WHERE app_key = ? AND kind = ? AND object_id = ? LIMIT 1",
                [appKey, kind, objectId],
            );
            if (held.length > 0) {
                return undefined;
            }
            const intent = await pairIn(sql, { appKey, kind, contentDigest }, objectId, at, undefined);
            return intent && { ...intent, objectId };
        });
    }

    /**
     * Gives an orphan up once its object is gone at JSMS (deleted in the console): the intent fails with `message`, so
     * that it is no longer listed and is pruned like any failure. Only while it is still paired with that object.
     */
    async resolveOrphan(stack: string, intentId: string, objectId: number, message: string): Promise<boolean> {
        const changed = await this.db.transaction((sql) =>
            sql.run(
                `UPDATE journal_intents SET state = 'failed', error = ?
                 WHERE stack = ? AND intent_id = ? AND state = 'open' AND object_id = ?`,
                [message, stack, intentId, objectId],
            ),
        );
        return changed > 0;
    }

    /** Reads an intent under the lock of its app and kind, then lets `work` settle it, in one transaction. */
    private async settle(
        stack: string,
        intentId: string,
        work: (sql: JournalSql, intent: CreateIntent) => Promise<JournalOutcome>,
    ): Promise<JournalOutcome> {
        return this.db.transaction(async (sql) => {
            const where = [stack, intentId];
            // An intent's app and kind never change: they name the lock, and the rest of the row is read under it.
            const [first] = await sql.all(
                "SELECT app_key, kind FROM journal_intents WHERE stack = ? AND intent_id = ?",
                where,
            );
            if (!first) {
                return "unknown";
            }
            await sql.lock(lockKeyOf(String(first.app_key), String(first.kind)));
            const [row] = await sql.all(
                `SELECT ${COLUMNS} FROM journal_intents WHERE stack = ? AND intent_id = ?`,
                where,
            );
            return row ? work(sql, toIntent(row)) : "unknown";
        });
    }
}

/** Pairs an object with the oldest open, unpaired intent of the same app, kind and content (other than one). */
async function pairIn(
    sql: JournalSql,
    content: { appKey: string; kind: JournalKind; contentDigest: string },
    objectId: number,
    at: number,
    exceptIntentId: string | undefined,
): Promise<CreateIntent | undefined> {
    const [candidate] = await sql.all(
        `SELECT ${COLUMNS} FROM journal_intents
         WHERE app_key = ? AND kind = ? AND content_digest = ? AND state = 'open' AND object_id IS NULL
         AND intent_id <> ? ORDER BY created_at, intent_id LIMIT 1`,
        [content.appKey, content.kind, content.contentDigest, exceptIntentId ?? ""],
    );
    if (!candidate) {
        return undefined;
    }
    await sql.run("UPDATE journal_intents SET object_id = ?, paired_at = ? WHERE stack = ? AND intent_id = ?", [
        objectId,
        at,
        candidate.stack,
        candidate.intent_id,
    ]);
    return toIntent(candidate);
}

/** The lock that serialises moving object ids between intents of one app and kind. */
function lockKeyOf(appKey: string, kind: string): string {
    return `jsms-journal:${appKey}:${kind}`;
}

function toIntent(row: Row): CreateIntent {
    const intent: CreateIntent = {
        intentId: String(row.intent_id),
        stack: String(row.stack),
        key: String(row.resource_key),
        appKey: String(row.app_key),
        kind: String(row.kind) as JournalKind,
        digest: String(row.digest),
        contentDigest: String(row.content_digest),
        runId: String(row.run_id),
        createdAt: Number(row.created_at),
        state: String(row.state) as CreateIntent["state"],
    };
    if (row.object_id !== null && row.object_id !== undefined) intent.objectId = Number(row.object_id);
    if (row.error !== null && row.error !== undefined) intent.error = String(row.error);
    if (row.held_at !== null && row.held_at !== undefined) intent.heldAt = Number(row.held_at);
    return intent;
}
