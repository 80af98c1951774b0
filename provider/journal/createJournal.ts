/**
 * The create journal: what a `pulumi up` was about to create at JSMS and what became of it, so the next run can
 * record an object a killed run created instead of creating it again (JSMS has no list API to find it otherwise).
 * Two stores implement {@link CreateJournal}: a local file per stack, and the review hook's `/v1/journal` API.
 */
import { createHash } from "node:crypto";
import type { ReviewKind } from "../schema/resourceTable";

/** The kinds of object a create intent is about, as the review hook names them (the table's review kind). */
export type JournalKind = ReviewKind;

/** The longest failure message an intent keeps; a longer one is cut by the writer. */
export const MAX_ERROR_LENGTH = 1000;

/** Where an intent stands: sent with no answer yet, answered with an id, or refused. */
export type IntentState = "open" | "answered" | "failed";

/** One create the provider sent (or was about to send), and what became of it. Holds no secret and no copy. */
export interface CreateIntent {
    /** Random id made by the writer (a UUID). */
    intentId: string;
    /** The stack, as `project/stack` (the URN's; the plugin is never told the organization). */
    stack: string;
    /** The resource's stable key: its URN through the plugin, the hidden journal key of a dynamic resource. */
    key: string;
    /** The app key the object belongs to (an identifier, not a credential). */
    appKey: string;
    /** Template or signature. */
    kind: JournalKind;
    /** sha256 (hex) of exactly what the create request carries (file bytes by their digests). */
    digest: string;
    /** {@link contentDigest} of the object as JSMS's read would show it: how the hook pairs an orphan by content. */
    contentDigest: string;
    /** Identifies the run (one provider process) that wrote the intent. */
    runId: string;
    /** When the intent was written, epoch ms. */
    createdAt: number;
    /** Where it stands. */
    state: IntentState;
    /** The id JSMS answered, once answered (or once the hook paired an orphan with it). */
    objectId?: number;
    /** Why the create failed, once failed: a message safe to show. */
    error?: string;
    /** When a later operation showed the object to be in the stack, epoch ms: from then on it is never adopted. */
    heldAt?: number;
}

/** A journal store: durable before it resolves, so a kill right after a call loses nothing it acknowledged. */
export interface CreateJournal {
    /** Where the journal is, safe to show (no token). */
    readonly description: string;
    /** Records an intent in state `open`, just before its request leaves. */
    begin(intent: CreateIntent): Promise<void>;
    /** Records the id JSMS answered for an intent. */
    answer(stack: string, intentId: string, objectId: number): Promise<void>;
    /** Records that the create failed (JSMS refused it, or it certainly never arrived). */
    fail(stack: string, intentId: string, message: string): Promise<void>;
    /** Answered intents of `key` whose id no operation has shown to be in the stack, newest first. */
    adoptable(stack: string, key: string): Promise<CreateIntent[]>;
    /** Records that the stack holds these objects (seen in a read, diff, update, delete or adoption). */
    markHeld(stack: string, appKey: string, kind: JournalKind, objectIds: readonly number[]): Promise<void>;
    /** Intents still open (sent, never answered), oldest first: the candidates for orphans. */
    open(stack: string): Promise<CreateIntent[]>;
    /** Drops held and failed intents older than `before` (epoch ms); returns how many went. */
    prune(stack: string, before: number): Promise<number>;
}

/** The fields of an object that JSMS's read answers with: all a store can compare without holding the copy. */
export type ReadableContent =
    | { kind: "template"; template: string; type: number; ttl?: number; remark?: string }
    | { kind: "sign"; sign: string };

/**
 * sha256 (hex) of what JSMS's read shows of an object. Written with each intent from what is sent, and computed
 * again from a read, so an object can be matched to its intent by content. JSMS reads an unset ttl as 0 and an
 * unset remark as "", so both sides fold those the same way.
 */
export function contentDigest(content: ReadableContent): string {
    const parts =
        content.kind === "template"
            ? ["template", content.template, content.type, content.ttl ?? 0, content.remark ?? ""]
            : ["sign", content.sign];
    return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}
