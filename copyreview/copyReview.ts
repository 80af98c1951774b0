/**
 * The copy review from start to end: get a preview (run it, or read a saved `pulumi preview --json`), plan the
 * review, write copy-review.md and copy-review.html, and say whether the pipeline should fail.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderHtml } from "./htmlRenderer";
import { renderMarkdown } from "./markdownRenderer";
import type { PolicyFinding } from "./policyFindings";
import { parsePreviewDocument, type PreviewDocument } from "./previewDocument";
import { runPreview } from "./previewRunner";
import { CopyReviewError } from "./reviewErrors";
import { combineReviews, planCopyReview, type CopyReview } from "./reviewPlan";

/** Which policy findings make the review fail: mandatory ones, advisory ones too, or none. */
export type FailOn = "mandatory" | "advisory" | "never";

/** Options of {@link runCopyReview}; the command's flags of the same names. */
export interface CopyReviewOptions {
    /** The Pulumi project's directory (default: the current one). */
    cwd?: string;
    /** The stack, or several stacks reviewed together (default: the selected one). */
    stack?: string | string[];
    /** Saved `pulumi preview --json` documents to read instead of running the preview (`-` for stdin), one per stack. */
    previewJson?: string | string[];
    /** Where to write copy-review.md and copy-review.html (default: the current directory). */
    out?: string;
    /** The price of one SMS, for the cost per 10,000 sends; no costs without it. */
    pricePerSms?: number;
    /** The currency label printed with costs, e.g. CNY. */
    currency?: string;
    /** A policy pack directory for the preview. */
    policyPack?: string;
    /** The pack's config file. */
    policyPackConfig?: string;
    /** Which findings fail the review (default mandatory). */
    failOn?: FailOn;
    /** Where the full HTML review can be found, for the line of a cut comment (default copy-review.html). */
    htmlLocation?: string;
    /** The Pulumi CLI to run (default `pulumi` from PATH). */
    pulumi?: string;
    /** The environment of the CLI (default this process's). */
    env?: NodeJS.ProcessEnv;
}

/** What a review produced. */
export interface CopyReviewResult {
    review: CopyReview;
    markdown: string;
    html: string;
    /** The files written. */
    files: { markdown: string; html: string };
    /** The findings at or above `failOn`; non-empty means the review fails. */
    failing: PolicyFinding[];
}

/** The file names the review writes. */
export const MARKDOWN_FILE = "copy-review.md";
export const HTML_FILE = "copy-review.html";

/** Runs the review and writes its two files. Throws {@link CopyReviewError} for anything the person must fix. */
export async function runCopyReview(options: CopyReviewOptions = {}): Promise<CopyReviewResult> {
    if (
        options.previewJson !== undefined &&
        (options.policyPack !== undefined || options.policyPackConfig !== undefined)
    ) {
        throw new CopyReviewError(
            "--policy-pack and --policy-pack-config apply to a preview this command runs, not to --preview-json",
        );
    }
    if (options.policyPackConfig !== undefined && options.policyPack === undefined) {
        throw new CopyReviewError("--policy-pack-config needs --policy-pack");
    }
    if (options.pricePerSms !== undefined && !(Number.isFinite(options.pricePerSms) && options.pricePerSms >= 0)) {
        throw new CopyReviewError(`the price per SMS must be a number of 0 or more, not ${options.pricePerSms}`);
    }
    const plan = (document: PreviewDocument, findings: PolicyFinding[] | undefined) =>
        planCopyReview(document, { pricePerSms: options.pricePerSms, currency: options.currency, findings });
    const reviews: CopyReview[] = [];
    if (options.previewJson !== undefined) {
        for (const file of listOf(options.previewJson)) {
            reviews.push(plan(readSavedPreview(file), undefined));
        }
    } else {
        // One preview at a time: each runs the program and the provider, and a pipeline machine is usually small.
        for (const stack of options.stack === undefined ? [undefined] : listOf(options.stack)) {
            const run = await runPreview({ ...options, stack });
            reviews.push(plan(run.document, run.findings));
        }
    }
    const review = combineReviews(reviews);
    const markdown = renderMarkdown(review, { htmlLocation: options.htmlLocation });
    const html = renderHtml(review);
    const out = path.resolve(options.out ?? ".");
    try {
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, MARKDOWN_FILE), markdown);
        fs.writeFileSync(path.join(out, HTML_FILE), html);
    } catch (error) {
        throw new CopyReviewError(`cannot write the review to ${out}: ${(error as Error).message}`);
    }
    const failing = failingFindings(review, options.failOn ?? "mandatory");
    return {
        review,
        markdown,
        html,
        files: { markdown: path.join(out, MARKDOWN_FILE), html: path.join(out, HTML_FILE) },
        failing,
    };
}

/** The findings that fail the review at `failOn`: mandatory ones, advisory ones too, or none. */
export function failingFindings(review: CopyReview, failOn: FailOn): PolicyFinding[] {
    const all = [...review.otherFindings, ...review.groups.flatMap((g) => g.changes.flatMap((c) => c.findings))];
    return failOn === "never"
        ? []
        : all.filter((f) => f.level === "mandatory" || (failOn === "advisory" && f.level === "advisory"));
}

function listOf(value: string | string[]): string[] {
    const list = typeof value === "string" ? [value] : value;
    if (list.length === 0) {
        throw new CopyReviewError("an empty list of stacks or preview files");
    }
    return list;
}

function readSavedPreview(file: string): PreviewDocument {
    let text: string;
    try {
        text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new CopyReviewError(
            `cannot read --preview-json ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
    }
    return parsePreviewDocument(text, file === "-" ? "standard input" : file);
}
