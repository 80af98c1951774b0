/**
 * Waiting for a JSMS review to end (`waitForReview`); the status codes and names are in schema/reviewStatus.ts.
 */
import type { WaitForReview } from "../schema/generated/kindTypes";
import { reviewEnded } from "../schema/reviewStatus";

/** How long `waitForReview` polls, and how often: the resource option with every value settled. */
export type WaitForReviewOptions = Required<WaitForReview>;

/** What `waitForReview: true` means. Reviews usually end within hours, so pipelines should set their own bound. */
export const DEFAULT_WAIT: WaitForReviewOptions = { timeoutSeconds: 600, pollIntervalSeconds: 10 };

const MAX_POLL_INTERVAL_MS = 60_000;

/** The polling options of a `waitForReview` input, or undefined when it is off. */
export function waitOptions(input: unknown): WaitForReviewOptions | undefined {
    if (input === undefined || input === false || input === null) {
        return undefined;
    }
    if (input === true) {
        return DEFAULT_WAIT;
    }
    const o = input as Partial<WaitForReviewOptions>;
    return {
        timeoutSeconds: o.timeoutSeconds ?? DEFAULT_WAIT.timeoutSeconds,
        pollIntervalSeconds: o.pollIntervalSeconds ?? DEFAULT_WAIT.pollIntervalSeconds,
    };
}

/** Why a `waitForReview` input is malformed, or undefined when it is fine. */
export function waitForReviewProblem(input: unknown): string | undefined {
    if (input === undefined || input === null || typeof input === "boolean") {
        return undefined;
    }
    if (typeof input !== "object" || Array.isArray(input)) {
        return "waitForReview must be true, false, or { timeoutSeconds, pollIntervalSeconds }";
    }
    for (const [key, value] of Object.entries(input)) {
        if (key !== "timeoutSeconds" && key !== "pollIntervalSeconds") {
            return `waitForReview has no setting "${key}"; use timeoutSeconds and pollIntervalSeconds`;
        }
        if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
            return `waitForReview.${key} must be a number of seconds above 0`;
        }
    }
    return undefined;
}

/**
 * Polls `readStatus` until the review ends or the time is up, starting from a status already known (so the first
 * look waits one interval instead of reading twice back to back), and returns the last status code seen. The
 * interval grows so that a long wait costs few calls.
 */
export async function pollReview(
    known: number,
    readStatus: () => Promise<number>,
    options: WaitForReviewOptions,
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<number> {
    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let interval = options.pollIntervalSeconds * 1000;
    let status = known;
    while (!reviewEnded(status)) {
        const left = deadline - Date.now();
        if (left <= 0) {
            break;
        }
        await sleep(Math.min(interval, left));
        interval = Math.min(interval * 1.5, MAX_POLL_INTERVAL_MS);
        status = await readStatus();
    }
    return status;
}
