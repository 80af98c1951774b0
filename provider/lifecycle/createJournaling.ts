/**
 * The lifecycle core's side of the create journal (docs/create-journal.md): which stack and resource an operation
 * is about, the intent written as a create request leaves and what became of it, what the stack shows it holds, the
 * answered creates of an interrupted run that the next create may adopt, and the orphans the journal knows of. A
 * store that fails never blocks a create silently: it warns that healing is off for that create, or, with
 * `jsms:journal` required, fails the create before anything is sent.
 */
import { createHash, randomUUID } from "node:crypto";
import type { CreateHooks } from "../client/types";
import { ProviderError, messageOf } from "../errors";
import type { CreateIntent, CreateJournal, JournalKind, ReadableContent } from "../journal/createJournal";
import { contentDigest } from "../journal/createJournal";
import type { Settings } from "../settings";
import type { JournalScope } from "../journal/journalKey";
import type { Notices } from "./lifecycle";

/**
 * sha256 (hex) of what a create request carries: its fields as JSON, each file by the sha256 of its bytes (a
 * multipart body's boundary is random, so the bytes of the body itself would never compare).
 */
export function requestDigest(fields: unknown): string {
    const text = JSON.stringify(fields, (_key, value: unknown) => {
        const bytes = value as { type?: unknown; data?: unknown };
        if (bytes !== null && typeof bytes === "object" && bytes.type === "Buffer" && Array.isArray(bytes.data)) {
            return {
                sha256: createHash("sha256")
                    .update(Buffer.from(bytes.data as number[]))
                    .digest("hex"),
            };
        }
        return value;
    });
    return createHash("sha256").update(text).digest("hex");
}

/** What one create is journaled as: run `hooks` with the request; then say how it ended. */
export interface CreateRecord {
    /** Writes the intent as the request leaves (once, however many attempts). */
    hooks: CreateHooks;
    /** JSMS answered with this id. */
    answered(objectId: number): Promise<void>;
    /** The create failed; `certain` when the request certainly did not create anything. */
    failed(error: unknown, certain: boolean): Promise<void>;
}

/** The journal as one provider process (one run) uses it, shared by every kind of one configuration. */
export class CreateJournaling {
    /** Identifies this run (this provider process) in the intents it writes. */
    readonly runId = randomUUID();
    /** Work done once per stack in a process: pruning, and the open intents of earlier runs. */
    private readonly visits = new Map<string, Promise<CreateIntent[]>>();

    constructor(
        private readonly journal: CreateJournal | undefined,
        private readonly settings: Settings,
        private readonly notices: Notices,
    ) {}

    /** Whether creates are journaled at all. */
    get enabled(): boolean {
        return this.journal !== undefined;
    }

    /**
     * Prunes the stack's journal and reads its open intents, once per stack in this process; returns the open intents
     * of earlier runs. A store that cannot be read returns none (with a warning).
     */
    visit(scope: JournalScope): Promise<CreateIntent[]> {
        const journal = this.journal;
        if (!journal) {
            return Promise.resolve([]);
        }
        let visit = this.visits.get(scope.stack);
        if (!visit) {
            visit = (async () => {
                try {
                    const before = Date.now() - this.settings.journalRetentionDays * 86_400_000;
                    await journal.prune(scope.stack, before);
                    return (await journal.open(scope.stack)).filter((i) => i.runId !== this.runId);
                } catch (error) {
                    this.notices.warn(`${journal.description} cannot be read (${messageOf(error)})`);
                    return [];
                }
            })();
            this.visits.set(scope.stack, visit);
        }
        return visit;
    }

    /**
     * The answered creates of this resource from earlier runs that no operation has shown in the stack, newest first.
     * With a required journal a store that cannot be read fails the create (it might create a duplicate).
     */
    async candidates(scope: JournalScope, appKey: string, kind: JournalKind): Promise<CreateIntent[]> {
        const journal = this.journal;
        if (!journal) {
            return [];
        }
        try {
            const intents = await journal.adoptable(scope.stack, scope.key);
            return intents.filter((i) => i.appKey === appKey && i.kind === kind && i.runId !== this.runId);
        } catch (error) {
            this.storeFailed(scope, error, "read");
            return [];
        }
    }

    /** Records that the stack holds an object; never fails the operation that learned it. */
    async held(scope: JournalScope | undefined, appKey: string, kind: JournalKind, objectId: number): Promise<void> {
        const journal = this.journal;
        if (!journal || !scope) {
            return;
        }
        try {
            await journal.markHeld(scope.stack, appKey, kind, [objectId]);
        } catch (error) {
            this.notices.warn(
                `${journal.description} could not record that the stack holds ${kind} ${objectId} (${messageOf(error)}); ` +
                    "a later run could take it for one an interrupted run created",
            );
        }
    }

    /** Closes an intent whose object is gone at JSMS (an orphan someone removed): it is not reported again. */
    async closeOrphan(intent: CreateIntent, why: string): Promise<void> {
        await this.journal?.fail(intent.stack, intent.intentId, why).catch(() => undefined);
    }

    /** The record of one create about to be sent, or undefined when journaling is off. */
    record(
        scope: JournalScope,
        appKey: string,
        kind: JournalKind,
        fields: unknown,
        content: ReadableContent,
    ): CreateRecord | undefined {
        const journal = this.journal;
        if (!journal) {
            return undefined;
        }
        const intent: CreateIntent = {
            intentId: randomUUID(),
            stack: scope.stack,
            key: scope.key,
            appKey,
            kind,
            digest: requestDigest(fields),
            contentDigest: contentDigest(content),
            runId: this.runId,
            createdAt: Date.now(),
            state: "open",
        };
        let begun: Promise<boolean> | undefined;
        const begin = async (): Promise<boolean> => {
            try {
                intent.createdAt = Date.now();
                await journal.begin(intent);
                return true;
            } catch (error) {
                this.storeFailed(scope, error, "write");
                return false;
            }
        };
        return {
            hooks: {
                beforeSend: async () => {
                    begun ??= begin();
                    await begun;
                },
            },
            answered: async (objectId) => {
                if (!(await begun?.catch(() => false))) return;
                await journal.answer(scope.stack, intent.intentId, objectId).catch((error) => {
                    this.notices.warn(
                        `${journal.description} could not record that ${scope.name} was created as ${kind} ${objectId} ` +
                            `(${messageOf(error)}); if this run is interrupted before the stack records it, the next run cannot adopt it`,
                        scope.key,
                    );
                });
            },
            failed: async (error, certain) => {
                // A request that may have reached JSMS stays open: its object, if any, is a possible orphan.
                if (!certain || !(await begun?.catch(() => false))) return;
                await journal.fail(scope.stack, intent.intentId, messageOf(error)).catch(() => undefined);
            },
        };
    }

    /** A store failure: with `jsms:journal` required, a clear error (nothing is sent); else a warning, and on. */
    private storeFailed(scope: JournalScope, error: unknown, what: "read" | "write"): void {
        const description = this.journal?.description ?? "the create journal";
        if (this.settings.journal === "required") {
            throw new ProviderError(
                `${description} could not be ${what === "read" ? "read" : "written"} for ${scope.name} (${messageOf(error)}), ` +
                    "and jsms:journal is required, so nothing was sent to JSMS: fix the journal (its folder, jsms:journalDir, or " +
                    "the review hook), or set jsms:journal to on to create without it",
            );
        }
        this.notices.warn(
            `${description} could not be ${what === "read" ? "read" : "written"} for ${scope.name} (${messageOf(error)}): ` +
                `the create goes on, but healing is off for it (if this run is interrupted, the next one ${
                    what === "read" ? "could not adopt what an interrupted run created" : "may create it again"
                })`,
            scope.key,
        );
    }
}
