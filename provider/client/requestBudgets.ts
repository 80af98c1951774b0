/**
 * The request budgets of the process: one adaptive rate limiter per JSMS endpoint and set of credentials, shared by
 * every client that uses them, because JSMS limits the app (or the account), not a connection. Every resource of a
 * stack runs in one provider process, so templates, signatures, reads and writes all draw on the same budget.
 */
import * as crypto from "crypto";
import { AdaptiveRateLimiter, AdaptiveRateOptions } from "./adaptiveRateLimiter";

/** How the budgets adapt; exported so docs, tests and benchmarks name the same numbers. */
export const RATE_ADAPTATION = Object.freeze({
    /** A refusal cuts the rate to 85 % of what JSMS accepted in the last second: close under the limit, few refusals. */
    decreaseFactor: 0.85,
    /** +1 request per second for each second of paced successes: back to the limit within about 1.5 s at 10 req/s. */
    increasePerSecond: 1,
    /** One request every 5 s at worst, so a call still makes progress while JSMS refuses almost everything. */
    minPerSecond: 0.2,
});

/** Keys are an HMAC of endpoint and key under a random per-process secret: nothing printable leads to a credential. */
const keySecret = crypto.randomBytes(32);
const budgets = new Map<string, AdaptiveRateLimiter>();

/**
 * The budget for `endpoint` and `key` (an appKey or a devKey), created at `maxPerSecond` on first use. A client asking
 * with a lower maximum lowers the shared one; a higher one does not raise it.
 */
export function requestBudgetFor(endpoint: string, key: string, maxPerSecond: number): AdaptiveRateLimiter {
    const id = crypto.createHmac("sha256", keySecret).update(endpoint).update("\0").update(key).digest("base64");
    let budget = budgets.get(id);
    if (!budget) {
        const options: AdaptiveRateOptions = { maxPerSecond, ...RATE_ADAPTATION };
        budget = new AdaptiveRateLimiter(options);
        budgets.set(id, budget);
    } else {
        budget.capAt(maxPerSecond);
    }
    return budget;
}
