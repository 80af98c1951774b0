/**
 * The retry policy of the JSMS client, with one budget per kind of failure:
 * - a refusal for rate (50009, HTTP 429) is not a fault: the request waits for the shared rate limiter, which has
 *   just slowed down, and is sent again, for as long as `rateLimitWaitMs` allows;
 * - real faults (50019, other 5xx, broken or refused connections, timeouts) are retried with exponential backoff and
 *   full jitter, bounded in attempts and time;
 * - a create is never retried once it may have reached JSMS (there is no list API to find a duplicate afterwards).
 */
import { backOff } from "exponential-backoff";
import { performance } from "perf_hooks";
import { RateWaitExpired } from "./adaptiveRateLimiter";
import { JsmsError } from "./jsmsError";
import type { ResourceKind } from "../schema/resourceTable";
import { JsmsCode } from "./returnCodes";

/** How hard to try. */
export interface RetryPolicy {
    /** Retries after the first attempt, for faults (rate refusals do not count). */
    maxRetries: number;
    /** No fault retry starts whose backoff could end later than this many ms after the first fault. */
    retryBudgetMs: number;
    /** Backoff before the first fault retry, doubled for each further retry (before jitter). */
    baseDelayMs: number;
    /** Cap on one backoff delay (before jitter). */
    maxDelayMs: number;
    /** How long one call keeps being sent again after its first refusal for rate, in ms. */
    rateLimitWaitMs: number;
}

/** What the retry loop needs from the caller besides the request itself. */
export interface RetryControls {
    /** Once aborted, nothing is retried. */
    signal?: AbortSignal;
}

/**
 * Sends one request. `afterRefusal`: the previous request of this call was refused for rate, so this one goes first in
 * line; `giveUpAt` (performance.now() ms): reject with `RateWaitExpired` instead of sending after that time.
 */
export type SendOnce<T> = (afterRefusal: boolean, giveUpAt: number | undefined) => Promise<T>;

/** Whether JSMS refused the request for rate: 50009 (out of freq) or HTTP 429. Such a request was not processed. */
export function isRateLimitRefusal(error: unknown): error is JsmsError {
    return (
        error instanceof JsmsError &&
        error.failure === "response" &&
        (error.code === JsmsCode.OutOfFreq || error.httpStatus === 429)
    );
}

/**
 * Whether a failed call may be made again after a backoff: any retryable JsmsError, except that a create is retried
 * only when JSMS evidently did not create anything (it answered 50009, 429 or 503) or the request never left this
 * machine (connection refused, DNS failure, connect timeout).
 */
export function shouldRetry(error: unknown, creates: ResourceKind | undefined): boolean {
    if (!(error instanceof JsmsError) || !error.retryable) return false;
    if (creates === undefined) return true;
    switch (error.failure) {
        case "connect":
            return true;
        case "response":
            return refusedWithoutEffect(error);
        default:
            return false;
    }
}

/**
 * Whether a failed create may nevertheless have created the object: the connection broke or timed out after the
 * request was sent, a 5xx came from something other than JSMS itself, or a 2xx came with a body we cannot read.
 */
export function mayHaveTakenEffect(error: unknown): boolean {
    if (!(error instanceof JsmsError)) return false;
    switch (error.failure) {
        case "network":
        case "timeout":
        case "malformed":
            return true;
        case "response":
            return (error.httpStatus ?? 0) >= 500 && !refusedWithoutEffect(error);
        case "connect":
        case "aborted":
            return false;
    }
}

/**
 * A JSMS error body means JSMS handled and refused the request, except 50019 (server error), which can come after
 * the insert was made; 429 and 503 mean it was not processed.
 */
function refusedWithoutEffect(error: JsmsError): boolean {
    return (
        (error.code !== undefined && error.code !== JsmsCode.ServerError) ||
        error.httpStatus === 429 ||
        error.httpStatus === 503
    );
}

/**
 * Runs `send` until it succeeds or a budget runs out, then throws the last error, annotated with the number of
 * requests and, for a create that may have taken effect, how to find the object. `send(afterRefusal)` makes one
 * request; `afterRefusal` is true when the previous one was refused for rate (it then goes first in line).
 */
export async function withRetries<T>(
    policy: RetryPolicy,
    send: SendOnce<T>,
    creates?: ResourceKind,
    controls: RetryControls = {},
): Promise<T> {
    const started = Date.now();
    let requests = 0;
    let firstRefusalAt: number | undefined;
    let firstFaultAt: number | undefined;
    const exhausted = new WeakSet<object>();

    // One fault attempt: as many requests as rate refusals need, within the rate-limit budget.
    const sendThroughRefusals = async (): Promise<T> => {
        let lastRefusal: JsmsError | undefined;
        for (;;) {
            const giveUpAt = firstRefusalAt === undefined ? undefined : firstRefusalAt + policy.rateLimitWaitMs;
            try {
                requests++;
                return await send(lastRefusal !== undefined, giveUpAt);
            } catch (error) {
                if ((error instanceof JsmsError && error.failure === "aborted") || error instanceof RateWaitExpired)
                    requests--;
                if (error instanceof RateWaitExpired && lastRefusal) throw giveUp(lastRefusal);
                if (!isRateLimitRefusal(error)) throw error;
                firstRefusalAt ??= performance.now();
                lastRefusal = error;
                if (performance.now() - firstRefusalAt >= policy.rateLimitWaitMs) throw giveUp(error);
            }
        }
    };
    const giveUp = (refusal: JsmsError): JsmsError => {
        const final = refusal.asRateLimitExhausted(performance.now() - (firstRefusalAt ?? performance.now()));
        exhausted.add(final);
        return final;
    };

    try {
        return await backOff(sendThroughRefusals, {
            numOfAttempts: policy.maxRetries + 1,
            startingDelay: policy.baseDelayMs,
            timeMultiple: 2,
            maxDelay: policy.maxDelayMs,
            jitter: "full",
            delayFirstAttempt: false,
            retry: (error: unknown, nextAttempt: number) => {
                if (exhausted.has(error as object) || controls.signal?.aborted || !shouldRetry(error, creates))
                    return false;
                const now = Date.now();
                firstFaultAt ??= now;
                // exponential-backoff waits up to base * 2^(n-1) before attempt n+1 (its SkipFirstDelay counts from 0);
                // stop now rather than start a wait that could end past the budget.
                const longestWait = Math.min(policy.baseDelayMs * 2 ** (nextAttempt - 1), policy.maxDelayMs);
                return now - firstFaultAt + longestWait <= policy.retryBudgetMs;
            },
        });
    } catch (error) {
        throw annotate(error, requests, Date.now() - started, creates);
    }
}

/** Adds the retry history and the duplicate warning to the error that ends the loop. */
function annotate(error: unknown, requests: number, elapsedMs: number, creates: ResourceKind | undefined): unknown {
    if (!(error instanceof JsmsError)) return error;
    let result = error;
    if (creates !== undefined && mayHaveTakenEffect(error)) result = result.asPossiblyCreated(creates);
    if (requests > 1) result = result.withAttempts(requests, elapsedMs);
    return result;
}
