/** The copy review's one error type: a problem the person must fix, printed as one line without a stack. */

/** Something stops the review (no stack, the preview failed, a file that is not a preview); its message is one line. */
export class CopyReviewError extends Error {
    override name = "CopyReviewError";
}
