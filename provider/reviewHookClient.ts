/**
 * Reads review results (the rejection reason JSMS's query API never gives) from a `jsms-review-hook` server. It
 * never throws: a hook that is down, slow, misconfigured or answering nonsense yields a {@link ReviewHookUnavailable}
 * whose message the caller shows once as a warning, keeping its outputs as last known.
 */
import { kindBy, type ReviewKind } from "./schema/resourceTable";
import { redactUrl } from "./urlRedaction";
import { checkShape } from "./shapes/shapeCheck";

/** How long one read may take before the hook counts as unavailable. */
export const DEFAULT_REVIEW_HOOK_TIMEOUT_MS = 5000;

/** Where the hook is and how to authenticate: the values of `jsms:reviewHookUrl` and `jsms:reviewHookToken`. */
export interface ReviewHookSettings {
    /** Base URL of the hook, e.g. `https://hook.example.com` (a path prefix is kept). */
    url: string;
    /** The hook's bearer token; never put into a message. */
    token: string;
    /** Per-read limit in ms; default {@link DEFAULT_REVIEW_HOOK_TIMEOUT_MS}. */
    timeoutMs?: number;
}

/** The latest review result the hook received for an object. */
export interface ReviewResult {
    /** The outcome JSMS reported. */
    status: "approved" | "rejected";
    /** The reviewer's reason when rejected; empty when approved or when JSMS gave none. */
    rejectReason: string;
    /** When JSMS sent the result, ISO 8601. */
    reviewedAt: string;
}

/** The hook could not be read; `message` says why and is safe to show (no token). */
export interface ReviewHookUnavailable {
    unavailable: true;
    message: string;
}

/** A result, `undefined` when the hook has none for the object yet, or why the hook could not be read. */
export type ReviewReading = ReviewResult | undefined | ReviewHookUnavailable;

/** Whether a reading is the hook being unavailable rather than a result or no result. */
export function isReviewHookUnavailable(reading: ReviewReading): reading is ReviewHookUnavailable {
    return reading !== undefined && "unavailable" in reading;
}

/** A reader bound to one hook's settings. */
export class ReviewHookClient {
    private readonly timeoutMs: number;

    constructor(private readonly settings: ReviewHookSettings) {
        this.timeoutMs = settings.timeoutMs ?? DEFAULT_REVIEW_HOOK_TIMEOUT_MS;
    }

    /** Reads the latest review result of a template or signature of `appKey`; never throws. */
    async readReview(kind: ReviewKind, appKey: string, id: number | string): Promise<ReviewReading> {
        let base: URL;
        try {
            base = new URL(this.settings.url);
            if (base.protocol !== "http:" && base.protocol !== "https:") {
                throw new TypeError("not http(s)");
            }
        } catch {
            return unavailable("its URL (jsms:reviewHookUrl) is not an http(s) URL");
        }
        const where = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
        const target = `${where}/v1/apps/${encodeURIComponent(appKey)}/${kindBy("reviewKind", kind)!.hookPath}/${encodeURIComponent(String(id))}`;
        const fail = (reason: string) =>
            unavailable(`the review hook at ${redactUrl(where)} is unavailable: ${reason}`);
        let response: Response;
        try {
            response = await fetch(target, {
                headers: { Authorization: `Bearer ${this.settings.token}`, Accept: "application/json" },
                // The hook never redirects; whatever answers a redirect's target is not the hook the stack names.
                redirect: "error",
                signal: AbortSignal.timeout(this.timeoutMs),
            });
        } catch (error) {
            return fail(describeFetchError(error, this.timeoutMs));
        }
        let text: string | undefined;
        try {
            text = await readLimited(response);
        } catch (error) {
            return fail(describeFetchError(error, this.timeoutMs));
        }
        if (text === undefined) {
            return fail(
                `its answer is larger than 1 MiB (${MAX_ANSWER_BYTES} bytes), far more than a review result; reading stopped there`,
            );
        }
        if (response.status === 404) {
            return undefined;
        }
        if (response.status === 401) {
            return fail("it refused the token (check jsms:reviewHookToken)");
        }
        if (response.status !== 200) {
            return fail(`it answered HTTP ${response.status}`);
        }
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        const checked = checkShape("hookReview", json);
        if (!checked.ok) {
            return fail("its answer is not a review result (is the URL a jsms-review-hook?)");
        }
        const { status, rejectReason, reviewedAt } = checked.value.latest;
        return { status, rejectReason: status === "rejected" ? (rejectReason ?? "") : "", reviewedAt };
    }
}

/** The most of an answer that is read: a review result is a few hundred bytes (the journal's reads share it). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The body as UTF-8, or undefined once it exceeds {@link MAX_ANSWER_BYTES} (the rest is never read). */
export async function readLimited(response: Response): Promise<string | undefined> {
    if (!response.body) {
        return "";
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
        await response.body.cancel();
        return undefined;
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > MAX_ANSWER_BYTES) {
            await reader.cancel();
            return undefined;
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks, size).toString("utf8");
}

function unavailable(message: string): ReviewHookUnavailable {
    return { unavailable: true, message };
}

/** A short reason from a failed fetch: a redirect, the cause's code (ECONNREFUSED…) or the timeout, never request headers. */
export function describeFetchError(error: unknown, timeoutMs: number): string {
    const name = (error as Error | undefined)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
        return `no answer within ${timeoutMs} ms`;
    }
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    if (cause?.message === "unexpected redirect") {
        return "it answered with a redirect, which is not followed: set jsms:reviewHookUrl to the hook's own address";
    }
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    return code ? `cannot connect (${code})` : "the request failed";
}
