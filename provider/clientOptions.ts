/**
 * Settings turned into a JSMS client's options: the one translation every client of the provider is built with (the
 * resources' clients, the balance functions in the program, the plugin's invokes), so they all draw on the same
 * request budget with the same maximum rate, wait and abort signal.
 */
import type { ClientOptions } from "./client/types";
import type { AppCredentials, DevCredentials, Settings } from "./settings";

/** What the provider process adds to every client: where progress goes, and the signal that its engine is gone. */
export interface ClientProcessOptions {
    /** Told about calls waiting for the app's request budget (e.g. "waiting for the JSMS rate limit …"). */
    onWait?: (message: string) => void;
    /** Aborts once the engine is gone: nothing more is sent. */
    signal?: AbortSignal;
}

/** The options of a client for `credentials` (an app's or the account's) under `settings`. */
export function clientOptions(
    settings: Settings,
    credentials: AppCredentials | DevCredentials,
    process: ClientProcessOptions = {},
): ClientOptions {
    return {
        ...credentials,
        endpoint: settings.endpoint,
        maxRetries: settings.maxRetries,
        requestTimeoutMs: settings.requestTimeoutMs,
        maxConcurrency: settings.maxConcurrency,
        // 0 in the settings is "no maximum", which the client spells Infinity.
        maxRequestsPerSecond: settings.maxRequestsPerSecond || Number.POSITIVE_INFINITY,
        rateLimitWaitSeconds: settings.rateLimitWaitSeconds,
        onWait: process.onWait,
        signal: process.signal,
    };
}
