/** Options the resource classes share: waiting for the JSMS review. */

/** How long to wait for a review, and how often to look; `waitForReview: true` means 600 s, every 10 s at first. */
export interface WaitForReviewArgs {
    /** Give up after this many seconds; the run fails and the next `pulumi up` re-checks. */
    timeoutSeconds?: number;
    /** Seconds before the first poll; the interval grows by half each poll, up to a minute. */
    pollIntervalSeconds?: number;
}
