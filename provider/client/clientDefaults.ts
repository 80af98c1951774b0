/** The client's documented defaults, without the client: the settings read them in the program, which sends nothing. */

/** The documented production endpoint. */
export const DEFAULT_ENDPOINT = "https://api.sms.jpush.cn";

/** The defaults of the tuning options, as documented on `ClientOptions`. */
export const CLIENT_DEFAULTS = Object.freeze({
    maxRetries: 4,
    requestTimeoutMs: 30_000,
    maxConcurrency: 8,
    retryBudgetMs: 60_000,
    retryBaseDelayMs: 500,
    /** Cap on a single backoff delay. */
    retryMaxDelayMs: 10_000,
    /**
     * No maximum: JSMS documents no rate for these APIs, and any fixed cap slows every stack where the vendor allows
     * more (at 20 req/s, 300 templates would need 30 s of requests alone). Nothing is lost by starting unpaced: at most
     * `maxConcurrency` requests are in flight when the first 50009 comes back, and from then on the budget paces
     * (measured at a 10 req/s limit: 19 refusals over 100 calls unpaced at first, 7 starting at 20 req/s, same time).
     */
    maxRequestsPerSecond: Number.POSITIVE_INFINITY,
    /**
     * A refused call goes first in line at the learned pace, so at a 10 req/s limit it is sent again within a fraction
     * of a second (bench/rateLimit.ts: 200 templates in one `pulumi up`, a few dozen refusals, none failing). 300 s
     * leaves a wide margin for other programs sharing the app, and still ends a run against an app JSMS refuses
     * outright within five minutes (with progress notices meanwhile).
     */
    rateLimitWaitSeconds: 300,
    /** "A few seconds": long enough that ordinary pacing stays quiet, short enough that a wait never looks like a hang. */
    waitNoticeMs: 5_000,
});
