import type { ReviewDecision, ReviewKind } from "./callbackForm";
import type { JournalStore } from "./journalStore";

/** One stored review result of a template or signature. */
export interface StoredReview {
    /** 1 approved, 2 rejected. */
    status: 1 | 2;
    /** The reviewer's reason, null when none was given. */
    refuseReason: string | null;
    /** When JSMS sent the result (the callback's timestamp), epoch ms. */
    reviewedAt: number;
    /** When the hook stored it, epoch ms. */
    receivedAt: number;
}

/** A delivery to record: its nonce, a digest of what it carried and the decision, if it carries one. */
export interface Delivery {
    appKey: string;
    nonce: string;
    timestamp: number;
    /** Identifies the delivery's content, so that the same request sent twice is told from a replay with new data. */
    digest: string;
    decision?: ReviewDecision;
}

/** The `reviews` table's columns, as both stores create it, in the order of {@link reviewRow}. */
export const REVIEW_COLUMNS = "app_key, kind, object_id, status, refuse_reason, reviewed_at, received_at, nonce";

/** The values of one `reviews` row for a delivery's decision, in the order of {@link REVIEW_COLUMNS}. */
export function reviewRow(
    delivery: Delivery,
    decision: ReviewDecision,
    receivedAt: number,
): [string, ReviewKind, number, 1 | 2, string | null, number, number, string] {
    return [
        delivery.appKey,
        decision.kind,
        decision.objectId,
        decision.status,
        decision.refuseReason,
        delivery.timestamp,
        receivedAt,
        delivery.nonce,
    ];
}

/** What recording a delivery did: stored it, recognised it as sent before, or refused a reused nonce. */
export type DeliveryOutcome = "stored" | "acknowledged" | "duplicate" | "replayed";

/**
 * Where the hook keeps results and recent nonces: a SQLite file (one hook) or PostgreSQL (any number of replicas).
 * Both behave the same; a promise from `record` resolves only once the delivery is durably committed.
 */
export interface ReviewStore {
    /** "sqlite" or "postgres", for the log. */
    readonly kind: "sqlite" | "postgres";
    /** Where it is, safe to log (a URL without its password). */
    readonly description: string;
    /** The create journal, in the same database. */
    readonly journal: JournalStore;
    /**
     * Records a delivery in one transaction. A nonce seen before with the same content is a duplicate (nothing
     * changes); with other content it is a replay (refused). Nonces older than `forgetBefore` are dropped: the
     * clock-skew check refuses those deliveries anyway.
     */
    record(delivery: Delivery, receivedAt: number, forgetBefore: number): Promise<DeliveryOutcome>;
    /** Every result for one object, oldest first (empty when none arrived). */
    history(appKey: string, kind: ReviewKind, objectId: number): Promise<StoredReview[]>;
    /** Writes (and commits) a marker row that no callback can collide with: the health check's proof that writes work. */
    probeWrite(at: number): Promise<void>;
    /** Counts stored results; the health check's proof that the database answers. */
    reviewCount(): Promise<number>;
    /** Closes the store; later calls are refused. */
    close(): Promise<void>;
}
