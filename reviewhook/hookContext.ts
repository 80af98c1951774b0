import type { JsonLog } from "./jsonLog";
import type { ResolvedHookOptions } from "./options";
import type { OrphanPairing } from "./orphanPairing";
import type { ReviewStore } from "./reviewStore";
import type { StoreHealth } from "./storeHealth";

/** Everything a running hook's handlers share. */
export interface HookContext {
    options: ResolvedHookOptions;
    store: ReviewStore;
    /** Whether the last write failed, for /healthz. */
    health: StoreHealth;
    log: JsonLog;
    /** Pairs objects that callbacks name with the journal's open intents, after the callback is answered. */
    pairing: OrphanPairing;
    /** Set once close() starts: connections are then closed as soon as their response is sent. */
    draining: boolean;
}

/** What a handler adds to its request's log line (never a secret, a signature or a token). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** A refused request: its HTTP status and a message safe to send and log. */
export class HookError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}
