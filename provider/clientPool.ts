/**
 * One JSMS client per app for one settings value, for the life of a provider process: every resource of a stack
 * runs in that one process, so sharing the client shares its connection pool and its concurrency bound.
 */
import type { JsmsClient } from "./client/jsmsClient";
import { ClientProcessOptions, clientOptions } from "./clientOptions";
import { ReviewHookClient } from "./reviewHookClient";
import type { AppCredentials, DevCredentials, Settings } from "./settings";

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
        return this.client(this.settings.appCredentials(app));
    }

    /** The client for the account (dev key), for the account balance; throws when its credentials are missing. */
    forAccount(): JsmsClient {
        this.settings.assertUsable();
        return this.client(this.settings.devCredentials());
    }

    private client(credentials: AppCredentials | DevCredentials): JsmsClient {
        // The secret is part of the key so a rotated secret gets a fresh client; the map never leaves this object.
        const key = JSON.stringify(Object.entries(credentials));
        let client = this.clients.get(key);
        if (!client) {
            // Loaded on the first request, not with the runtime: a preview's check and diff send none
            // (docs/performance.md).
            const { JsmsClient } = require("./client/jsmsClient") as typeof import("./client/jsmsClient");
            client = new JsmsClient(clientOptions(this.settings, credentials, this.processOptions));
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
