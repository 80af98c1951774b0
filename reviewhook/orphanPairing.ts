import { JsmsClient } from "../provider/client/jsmsClient";
import { JsmsError } from "../provider/client/jsmsError";
import { contentDigest, type JournalKind } from "../provider/journal/createJournal";
import type { OrphanIntent } from "../provider/journal/intentSchema";
import type { JsonLog } from "./jsonLog";
import type { JournalStore } from "./journalStore";
import type { HookApp } from "./options";

/** Review callbacks waiting for a pairing at most; beyond it one is dropped (and logged), never the callback. */
export const MAX_PENDING_PAIRINGS = 1000;
/** JSMS's "this app has no such object" codes, as the lifecycle core's kinds name them (`goneCode`). */
const GONE_CODES: Record<JournalKind, number> = { template: 50013, sign: 50102 };
/** How long one read at JSMS may take, per attempt. */
const READ_TIMEOUT_MS = 5_000;

/** What the hook needs to pair orphans: the apps' secrets, JSMS's address, the journal and the log. */
export interface PairingOptions {
    apps: HookApp[];
    jsmsEndpoint: string;
    journal: JournalStore;
    log: JsonLog;
}

/**
 * Pairs objects that review callbacks name and no journal intent holds with the open intent of the same content:
 * the creates a killed `pulumi up` sent and never heard back from. It works after the callback was acknowledged, one
 * object at a time, with a bounded queue; a failure is logged and never reaches JSMS's callback.
 */
export class OrphanPairing {
    private readonly clients = new Map<string, JsmsClient>();
    private readonly queue: { appKey: string; kind: JournalKind; objectId: number }[] = [];
    private readonly stop = new AbortController();
    private running: Promise<void> | undefined;

    constructor(private readonly options: PairingOptions) {}

    /** Queues an object a review callback named; returns at once. */
    notice(appKey: string, kind: JournalKind, objectId: number): void {
        if (this.stop.signal.aborted) {
            return;
        }
        if (this.queue.length >= MAX_PENDING_PAIRINGS) {
            this.options.log.warn("orphan pairing skipped: too many callbacks waiting", {
                app: appKey,
                kind,
                objectId,
            });
            return;
        }
        this.queue.push({ appKey, kind, objectId });
        this.running ??= this.drain().finally(() => {
            this.running = undefined;
        });
    }

    /**
     * The orphans whose objects still exist at JSMS: one deleted since (in the console, as the orphans command says
     * to) is given up, so that it is listed no more. One that cannot be read now is kept.
     */
    async confirmOrphans(orphans: OrphanIntent[]): Promise<OrphanIntent[]> {
        const kept: OrphanIntent[] = [];
        // An app whose read failed for another reason (JSMS down, the app no longer configured) is not read again
        // in this listing: its orphans are kept, and the listing does not wait out a timeout for each.
        const unreadable = new Set<string>();
        for (const orphan of orphans) {
            const objectId = orphan.objectId!;
            let gone = false;
            if (!unreadable.has(orphan.appKey)) {
                try {
                    await this.read(orphan.appKey, orphan.kind, objectId);
                } catch (error) {
                    gone = error instanceof JsmsError && error.code === GONE_CODES[orphan.kind];
                    if (!gone) {
                        unreadable.add(orphan.appKey);
                        this.options.log.warn("cannot check orphans at JSMS; they are listed as they are", {
                            app: orphan.appKey,
                            error: error instanceof Error ? error.message : "unexpected error",
                        });
                    }
                }
            }
            if (
                gone &&
                (await this.options.journal.resolveOrphan(
                    orphan.stack,
                    orphan.intentId,
                    objectId,
                    `its orphan ${objectId} was deleted at JSMS`,
                ))
            ) {
                this.options.log.info("an orphan was deleted at JSMS", {
                    stack: orphan.stack,
                    app: orphan.appKey,
                    kind: orphan.kind,
                    objectId,
                });
                continue;
            }
            kept.push(orphan);
        }
        return kept;
    }

    /**
     * Stops: queued objects are dropped and no further request is sent; a read already in flight is left to its
     * timeout (at most 5 s), so that the store is closed only once nothing uses it.
     */
    async close(): Promise<void> {
        this.stop.abort(new Error("the review hook is shutting down"));
        this.queue.length = 0;
        await this.running;
        await Promise.all([...this.clients.values()].map((client) => client.close()));
    }

    private async drain(): Promise<void> {
        for (let next = this.queue.shift(); next; next = this.queue.shift()) {
            try {
                await this.pairOne(next.appKey, next.kind, next.objectId);
            } catch (error) {
                if (!this.stop.signal.aborted) {
                    this.options.log.warn("orphan pairing failed", {
                        app: next.appKey,
                        kind: next.kind,
                        objectId: next.objectId,
                        error: error instanceof Error ? error.message : "unexpected error",
                    });
                }
            }
        }
    }

    private async pairOne(appKey: string, kind: JournalKind, objectId: number): Promise<void> {
        const { journal, log } = this.options;
        // Most callbacks name an object a journal holds, or come when no create is open: no read at JSMS then.
        if ((await journal.holds(appKey, kind, objectId)) || !(await journal.awaitsPairing(appKey, kind))) {
            return;
        }
        const digest = await this.read(appKey, kind, objectId);
        const intent = await journal.pair(appKey, kind, objectId, digest, Date.now());
        if (intent) {
            log.warn("paired an orphan: an object JSMS created for a create that was never answered", {
                stack: intent.stack,
                app: appKey,
                kind,
                objectId,
                intentId: intent.intentId,
            });
        }
    }

    /** Reads an object at JSMS; resolves to the {@link contentDigest} of what it shows. */
    private async read(appKey: string, kind: JournalKind, objectId: number): Promise<string> {
        const client = this.client(appKey);
        if (kind === "template") {
            const template = await client.getTemplate(objectId);
            return contentDigest({
                kind,
                template: template.template,
                type: template.type,
                ttl: template.ttl,
                remark: template.remark,
            });
        }
        return contentDigest({ kind, sign: (await client.getSignature(objectId)).sign });
    }

    private client(appKey: string): JsmsClient {
        let client = this.clients.get(appKey);
        if (!client) {
            const app = this.options.apps.find((candidate) => candidate.appKey === appKey);
            if (!app) {
                throw new Error(`no app ${appKey} is configured on this hook`);
            }
            client = new JsmsClient({
                endpoint: this.options.jsmsEndpoint,
                appKey: app.appKey,
                masterSecret: app.masterSecret,
                maxRetries: 2,
                requestTimeoutMs: READ_TIMEOUT_MS,
                retryBudgetMs: 3 * READ_TIMEOUT_MS,
                maxConcurrency: 2,
                signal: this.stop.signal,
            });
            this.clients.set(appKey, client);
        }
        return client;
    }
}
