import type { ReviewMode } from "./options";
import type { ReviewStatus } from "./store";

/** The part of a template or signature that its review changes. */
export interface Reviewable {
    status: ReviewStatus;
    autoReviewAt: number | null;
}

/**
 * Plays the vendor's reviewers. With "manual", a submission waits for `/_sim`; with "approve" or "reject" it is
 * decided after the configured delay. Decisions are applied lazily, at the start of the next request, which no
 * client can tell from a timer and which leaves nothing to cancel when the simulator closes.
 */
export class ReviewDesk {
    constructor(
        private readonly mode: ReviewMode,
        private readonly delayMs: number,
    ) {}

    /** Puts a created or modified object into review (status 0), or decides it at once when there is no delay. */
    submit(record: Reviewable, now: number): void {
        record.status = 0;
        record.autoReviewAt = null;
        if (this.mode === "manual") {
            return;
        }
        if (this.delayMs === 0) {
            record.status = this.decision();
        } else {
            record.autoReviewAt = now + this.delayMs;
        }
    }

    /** Decides every pending object whose automatic review is due; returns whether any changed. */
    settle(records: Iterable<Reviewable>, now: number): boolean {
        let changed = false;
        for (const record of records) {
            if (record.status === 0 && record.autoReviewAt !== null && record.autoReviewAt <= now) {
                record.status = this.decision();
                record.autoReviewAt = null;
                changed = true;
            }
        }
        return changed;
    }

    private decision(): ReviewStatus {
        return this.mode === "reject" ? 2 : 1;
    }
}
