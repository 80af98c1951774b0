/**
 * The retry policy of the JSMS client: transient failures are retried with exponential backoff and full jitter,
 * bounded in attempts and time, and a create is never retried once it may have reached JSMS (there is no list API
 * to find a duplicate afterwards, reference §8).
 */
import { backOff } from "exponential-backoff";
import { CreatedObjectKind, JsmsError } from "./jsmsError";

/** How hard to try. */
export interface RetryPolicy {
    /** Retries after the first attempt. */
    maxRetries: number;
    /** No retry starts whose backoff could end later than this many ms after the first attempt began. */
    retryBudgetMs: number;
    /** Backoff before the first retry, doubled for each further retry (before jitter). */
    baseDelayMs: number;
    /** Cap on one backoff delay (before jitter). */
    maxDelayMs: number;
}

/**
 * Whether a failed call may be made again: any retryable JsmsError, except that a create is retried only when
 * JSMS evidently did not create anything (it answered 50009, 429 or 503) or the request never left this machine
 * (connection refused, DNS failure, connect timeout).
 */
export function shouldRetry(error: unknown, creates: CreatedObjectKind | undefined): boolean {
    if (!(error instanceof JsmsError) || !error.retryable) return false;
    if (creates === undefined) return true;
    switch (error.failure) {
        case "connect": return true;
        case "response": return refusedWithoutEffect(error);
        default: return false;
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
        case "malformed": return true;
        case "response": return (error.httpStatus ?? 0) >= 500 && !refusedWithoutEffect(error);
        case "connect": return false;
    }
}

/**
 * A JSMS error body means JSMS handled and refused the request, except 50019 (server error), which can come after
 * the insert was made; 429 and 503 mean it was not processed.
 */
function refusedWithoutEffect(error: JsmsError): boolean {
    return (error.code !== undefined && error.code !== 50019) || error.httpStatus === 429 || error.httpStatus === 503;
}

/**
 * Runs `call` until it succeeds or the policy gives up, then throws the last error, annotated with the number of
 * attempts and, for a create that may have taken effect, how to find the object.
 */
export async function withRetries<T>(
    policy: RetryPolicy,
    call: () => Promise<T>,
    creates?: CreatedObjectKind,
): Promise<T> {
    const started = Date.now();
    let attempts = 0;
    try {
        return await backOff(
            () => {
                attempts++;
                return call();
            },
            {
                numOfAttempts: policy.maxRetries + 1,
                startingDelay: policy.baseDelayMs,
                timeMultiple: 2,
                maxDelay: policy.maxDelayMs,
                jitter: "full",
                delayFirstAttempt: false,
                retry: (error: unknown, nextAttempt: number) => {
                    if (!shouldRetry(error, creates)) return false;
                    // exponential-backoff waits up to base * 2^(n-1) before attempt n+1 (its SkipFirstDelay counts from 0);
                    // stop now rather than start a wait that could end past the budget.
                    const longestWait = Math.min(policy.baseDelayMs * 2 ** (nextAttempt - 1), policy.maxDelayMs);
                    return Date.now() - started + longestWait <= policy.retryBudgetMs;
                },
            },
        );
    } catch (error) {
        throw annotate(error, attempts, Date.now() - started, creates);
    }
}

/** Adds the retry history and the duplicate warning to the error that ends the loop. */
function annotate(error: unknown, attempts: number, elapsedMs: number, creates: CreatedObjectKind | undefined): unknown {
    if (!(error instanceof JsmsError)) return error;
    let result = error;
    if (creates !== undefined && mayHaveTakenEffect(error)) result = result.asPossiblyCreated(creates);
    if (attempts > 1) result = result.withAttempts(attempts, elapsedMs);
    return result;
}
