/**
 * One JSMS client per app for one settings value, for the life of a provider process: every resource of a stack
 * runs in that one process, so sharing the client shares its connection pool and its concurrency bound.
 */
import { JsmsClient } from "./client/jsmsClient";
import { ReviewHookClient } from "./reviewHookClient";
import type { Settings } from "./settings";

/** What the provider process adds to every client: where progress goes, and the signal that its engine is gone. */
export interface ClientProcessOptions {
    /** Told about calls waiting for the app's request budget (e.g. "waiting for the JSMS rate limit …"). */
    onWait?: (message: string) => void;
    /** Aborts once the engine is gone: nothing more is sent. */
    signal?: AbortSignal;
}

/** The clients of one provider configuration, created on first use and closed together. */
export class ClientPool {
    private readonly clients = new Map<string, JsmsClient>();
    /** The review hook's reader, when `jsms:reviewHookUrl` is set. */
    readonly reviewHook: ReviewHookClient | undefined;

    constructor(
        readonly settings: Settings,
        private readonly processOptions: ClientProcessOptions = {},
    ) {
        const hook = settings.reviewHook();
        this.reviewHook = hook && new ReviewHookClient(hook);
    }

    /** The client for the default app, or for the `jsms:apps` profile named by `app`; throws when credentials are missing. */
    forApp(app: string | undefined): JsmsClient {
        this.settings.assertUsable();
        const { appKey, masterSecret } = this.settings.appCredentials(app);
        // The secret is part of the key so a rotated secret gets a fresh client; the map never leaves this object.
        const key = JSON.stringify([appKey, masterSecret]);
        let client = this.clients.get(key);
        if (!client) {
            client = new JsmsClient({
                endpoint: this.settings.endpoint,
                appKey,
                masterSecret,
                maxRetries: this.settings.maxRetries,
                requestTimeoutMs: this.settings.requestTimeoutMs,
                maxConcurrency: this.settings.maxConcurrency,
                maxRequestsPerSecond: this.settings.maxRequestsPerSecond || Number.POSITIVE_INFINITY,
                rateLimitWaitSeconds: this.settings.rateLimitWaitSeconds,
                onWait: this.processOptions.onWait,
                signal: this.processOptions.signal,
            });
            this.clients.set(key, client);
        }
        return client;
    }

    /** Closes every client (their connections); later calls open new ones. */
    async close(): Promise<void> {
        const all = [...this.clients.values()];
        this.clients.clear();
        await Promise.all(all.map((c) => c.close()));
    }
}
