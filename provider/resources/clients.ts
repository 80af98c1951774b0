/**
 * One JSMS client per app and endpoint for the life of the provider process: every dynamic resource of a stack
 * runs in that one process, so sharing the client shares its connection pool and its concurrency bound.
 */
import { JsmsClient } from "../client/jsmsClient";
import { appCredentials } from "./credentials";
import { configuredSettings, tuning } from "./settings";

const clients = new Map<string, JsmsClient>();

/** The client for the default app, or for the `jsms:apps` profile named by `app`. */
export function clientFor(app: string | undefined): JsmsClient {
    const settings = configuredSettings();
    const t = tuning(settings);
    const { appKey, masterSecret } = appCredentials(app, settings);
    // The secret is part of the key so a rotated secret gets a fresh client; the map never leaves this module.
    const key = JSON.stringify([t, appKey, masterSecret]);
    let client = clients.get(key);
    if (!client) {
        client = new JsmsClient({
            endpoint: t.endpoint,
            appKey,
            masterSecret,
            maxRetries: t.maxRetries,
            requestTimeoutMs: t.requestTimeoutMs,
            maxConcurrency: t.maxConcurrency,
        });
        clients.set(key, client);
    }
    return client;
}

/** Closes every cached client; for tests, so their servers can shut down. */
export async function closeClients(): Promise<void> {
    const all = [...clients.values()];
    clients.clear();
    await Promise.all(all.map((c) => c.close()));
}
