import { type EndedReviewCode, ReviewCode } from "pulumi-jsms/schema/reviewStatus";
import type { ReviewMode } from "./options";
import type { SignRecord, TemplateRecord } from "./store";

/** A template or signature, the objects that go through review. */
export type Reviewable = TemplateRecord | SignRecord;

/** Told of every automatic decision, so that it can be reported to a callback URL. */
export type DecisionListener = (record: Reviewable) => void;

/**
 * Plays the vendor's reviewers. With "manual", a submission waits for `/_sim`; with "approve" or "reject" it is
 * decided after the configured delay. Decisions are applied lazily, at the start of the next request, which no
 * client can tell from a timer and which leaves nothing to cancel when the simulator closes.
 */
export class ReviewDesk {
    constructor(
        private readonly mode: ReviewMode,
        private readonly delayMs: number,
        private readonly onDecided: DecisionListener = () => undefined,
    ) {}

    /** Puts a created or modified object into review (status 0), or decides it at once when there is no delay. */
    submit(record: Reviewable, now: number): void {
        record.status = ReviewCode.pending;
        record.autoReviewAt = null;
        if (this.mode === "manual") {
            return;
        }
        if (this.delayMs === 0) {
            record.status = this.decision();
            this.onDecided(record);
        } else {
            record.autoReviewAt = now + this.delayMs;
        }
    }

    /** Decides every pending object whose automatic review is due; returns whether any changed. */
    settle(records: Iterable<Reviewable>, now: number): boolean {
        let changed = false;
        for (const record of records) {
            if (record.status === ReviewCode.pending && record.autoReviewAt !== null && record.autoReviewAt <= now) {
                record.status = this.decision();
                record.autoReviewAt = null;
                changed = true;
                this.onDecided(record);
            }
        }
        return changed;
    }

    private decision(): EndedReviewCode {
        return this.mode === "reject" ? ReviewCode.rejected : ReviewCode.approved;
    }
}
