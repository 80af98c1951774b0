/**
 * JSMS's review status: the vendor's code of each status name the resources record. The one place 0, 1 and 2 are
 * mapped; signatures document only 1 and 2, and anything else reads as pending.
 */
import type { ReviewOutputs } from "./generated/kindTypes";

/** A template's or signature's review status as the resources record it (the table's `status` values). */
export type ReviewStatus = ReviewOutputs["status"];

/** The vendor's code of each review status. */
export const ReviewCode = { pending: 0, approved: 1, rejected: 2 } as const satisfies Record<ReviewStatus, number>;

/** One of the vendor's review status codes. */
export type ReviewCodeValue = (typeof ReviewCode)[ReviewStatus];

/** The code of a review that ended, as JSMS's review callbacks carry it. */
export type EndedReviewCode = typeof ReviewCode.approved | typeof ReviewCode.rejected;

/** The status name of a vendor code. */
export function reviewStatus(code: number): ReviewStatus {
    return code === ReviewCode.approved ? "approved" : code === ReviewCode.rejected ? "rejected" : "pending";
}

/** True once the review has ended, approved or rejected. */
export function reviewEnded(code: number): boolean {
    return code === ReviewCode.approved || code === ReviewCode.rejected;
}

/** True when JSMS rejected the object. */
export function isRejected(code: number): boolean {
    return code === ReviewCode.rejected;
}

/** Every review status name, for validators of names. */
export const REVIEW_STATUSES = Object.keys(ReviewCode) as [ReviewStatus, ...ReviewStatus[]];
