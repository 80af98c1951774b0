/** `pulumi-jsms-copy-review`: the copy review of a stack's preview, for people who read SMS, not diffs. */
export { failingFindings, runCopyReview, HTML_FILE, MARKDOWN_FILE } from "./copyReview";
export type { CopyReviewOptions, CopyReviewResult, FailOn } from "./copyReview";
export { CopyReviewError } from "./reviewErrors";
export { NotAPreviewError, parsePreviewDocument } from "./previewDocument";
export type { PreviewDocument, PreviewState, PreviewStep } from "./previewDocument";
export { combineReviews, planCopyReview } from "./reviewPlan";
export type {
    CopyAction,
    CopyChange,
    CopyReview,
    CopyReviewGroup,
    CopyVersion,
    PlanOptions,
} from "./reviewPlan";
export type { ResourceKind } from "pulumi-jsms/schema/resourceTable";
export type { PolicyFinding } from "./policyFindings";
export { renderMarkdown, COMMENT_LIMIT, COMMENT_MARKER } from "./markdownRenderer";
export { renderHtml } from "./htmlRenderer";
