/**
 * The one error type of the JSMS client, modeled on Octokit's `RequestError`: it says what was asked, what JSMS
 * answered and what to do, and never carries credentials, request headers or request bodies.
 */
import { describeReturnCode, describeUnknownCode, isRetryableResponse } from "./returnCodes";
import type { ResourceKind } from "../schema/resourceTable";

/**
 * How a call failed: JSMS answered with an error (`response`), the connection could not be opened so nothing was
 * sent (`connect`), the connection broke after it was open (`network`), no answer came in time (`timeout`), a
 * success answer did not have the documented shape (`malformed`), or the request was dropped before it was sent
 * because the caller's signal aborted, e.g. the Pulumi engine went away (`aborted`).
 */
export type JsmsFailure = "response" | "connect" | "network" | "timeout" | "malformed" | "aborted";

/** Everything a JsmsError is built from; none of it may hold a credential or a request body. */
export interface JsmsErrorDetails {
    /** How the call failed. */
    failure: JsmsFailure;
    /** Method and path, e.g. `PUT /v1/templates/10001`. */
    operation: string;
    /** The object concerned, e.g. `template "otp"`. */
    subject?: string;
    /** The HTTP status of the answer, if there was one. */
    httpStatus?: number;
    /** The JSMS 5xxxx code from the error body, if there was one. */
    code?: number;
    /** The vendor's `error.message`, if there was one. */
    vendorMessage?: string;
    /** For connection failures and malformed bodies: what exactly went wrong. */
    reason?: string;
    /** `host:port` of the endpoint, for connection failures and timeouts. */
    host?: string;
    /** The timeout that expired, for `timeout` failures. */
    timeoutMs?: number;
    /** How many requests were made in total (1 = no retry). */
    attempts?: number;
    /** Time spent on all attempts, in ms. */
    elapsedMs?: number;
    /** Overrides the retryable classification, e.g. false for a certificate error that retrying cannot fix. */
    retryable?: boolean;
    /** Set when a create may have taken effect at JSMS although it failed here. */
    mayHaveCreated?: ResourceKind;
    /** Set when the call gave up after JSMS kept refusing it for rate this long (ms). */
    rateLimitWaitMs?: number;
    /** The low-level error, kept for debugging (not enumerable). */
    cause?: unknown;
}

/** A failed JSMS call: the HTTP status, the JSMS code, what was asked and what it means, never the credentials. */
export class JsmsError extends Error {
    /** HTTP status of JSMS's answer; undefined when no answer came (connection failure or timeout). */
    readonly httpStatus: number | undefined;
    /** The JSMS 5xxxx return code, when the answer carried one. */
    readonly code: number | undefined;
    /** The vendor's short English `error.message`, when the answer carried one. */
    readonly vendorMessage: string | undefined;
    /** Whether the same call may succeed if made again later. */
    readonly retryable: boolean;
    /** Method and path of the call, e.g. `PUT /v1/templates/10001`. */
    readonly operation: string;
    /** The object concerned, e.g. `template "otp"`, when known. */
    readonly subject?: string;
    /** How the call failed (see `JsmsFailure`). */
    readonly failure: JsmsFailure;
    /** How many requests were made before giving up (1 = no retry). */
    readonly attempts: number;
    /** Kept so that `withAttempts`/`asPossiblyCreated` can rebuild the message; not enumerable. */
    private readonly details!: JsmsErrorDetails;

    /** Builds the error and its one-sentence message from the details. */
    constructor(details: JsmsErrorDetails) {
        super(buildMessage(details));
        this.name = "JsmsError";
        this.httpStatus = details.httpStatus;
        this.code = details.code;
        this.vendorMessage = details.vendorMessage;
        this.operation = details.operation;
        if (details.subject !== undefined) this.subject = details.subject;
        this.failure = details.failure;
        this.attempts = details.attempts ?? 1;
        this.retryable = computeRetryable(details);
        // Non-enumerable, so JSON.stringify and assertion diffs show only the public fields.
        Object.defineProperty(this, "details", { value: { ...details, cause: undefined }, enumerable: false });
        if (details.cause !== undefined) {
            Object.defineProperty(this, "cause", {
                value: details.cause,
                enumerable: false,
                configurable: true,
                writable: true,
            });
        }
        Object.setPrototypeOf(this, new.target.prototype);
    }

    /** A copy that says how many attempts were made in how long, for the error that ends a retry loop. */
    withAttempts(attempts: number, elapsedMs: number): JsmsError {
        return new JsmsError({ ...this.details, attempts, elapsedMs, cause: (this as { cause?: unknown }).cause });
    }

    /** A copy that warns the object may exist at JSMS, for a create that failed after it may have reached the server. */
    asPossiblyCreated(kind: ResourceKind): JsmsError {
        return new JsmsError({ ...this.details, mayHaveCreated: kind, cause: (this as { cause?: unknown }).cause });
    }

    /** A copy that says JSMS kept refusing the call for rate for `waitedMs`, for the error that ends the waiting. */
    asRateLimitExhausted(waitedMs: number): JsmsError {
        return new JsmsError({
            ...this.details,
            rateLimitWaitMs: waitedMs,
            cause: (this as { cause?: unknown }).cause,
        });
    }

    /** The public fields only, for logs and JSON. */
    toJSON(): Record<string, unknown> {
        return {
            name: this.name,
            message: this.message,
            httpStatus: this.httpStatus,
            code: this.code,
            vendorMessage: this.vendorMessage,
            retryable: this.retryable,
            operation: this.operation,
            subject: this.subject,
            failure: this.failure,
            attempts: this.attempts,
        };
    }
}

/** Transient failures are retryable, except a create that may already have taken effect. */
function computeRetryable(d: JsmsErrorDetails): boolean {
    if (d.mayHaveCreated) return false;
    if (d.retryable !== undefined) return d.retryable;
    switch (d.failure) {
        case "response":
            return isRetryableResponse(d.httpStatus, d.code);
        case "connect":
        case "network":
        case "timeout":
            return true;
        case "malformed":
        case "aborted":
            return false;
    }
}

/** One sentence: what failed, on which call and object, what it means, and the retry/duplicate context. */
function buildMessage(d: JsmsErrorDetails): string {
    const on = `${d.operation}${d.subject ? ` for ${d.subject}` : ""}`;
    let text: string;
    switch (d.failure) {
        case "response": {
            const status = d.httpStatus ?? 0;
            const info = d.code !== undefined ? describeReturnCode(d.code) : undefined;
            if (d.code !== undefined) {
                const label = info?.message ?? d.vendorMessage ?? "undocumented code";
                text = `JSMS ${d.code} (${label}) on ${on}: ${info?.meaning ?? describeUnknownCode(status, d.code)}`;
            } else {
                text = `JSMS HTTP ${status} on ${on}: ${describeUnknownCode(status, undefined)}`;
            }
            break;
        }
        case "connect":
            text = `JSMS request ${on} failed: could not reach JSMS at ${d.host ?? "the endpoint"}: ${d.reason ?? "connection failed"}; check jsms:endpoint and the network`;
            break;
        case "network":
            text = `JSMS request ${on} failed: the connection to JSMS at ${d.host ?? "the endpoint"} broke: ${d.reason ?? "connection lost"}`;
            break;
        case "timeout":
            text = `JSMS request ${on} failed: JSMS at ${d.host ?? "the endpoint"} timed out after ${d.timeoutMs ?? "?"} ms; raise jsms:requestTimeoutMs if JSMS is just slow`;
            break;
        case "aborted":
            text = `JSMS request ${on} was not sent: ${d.reason ?? "the call was cancelled"}`;
            break;
        case "malformed":
            text = `JSMS answered ${on} with HTTP ${d.httpStatus ?? 200} but an unexpected body: ${d.reason ?? "it does not match the documented shape"}; the client does not trust it, please report it`;
            break;
    }
    text = text.replace(/\.$/, "");
    if (d.attempts !== undefined && d.attempts > 1) {
        text += ` (gave up after ${d.attempts} attempts in ${formatMs(d.elapsedMs ?? 0)})`;
    }
    if (d.rateLimitWaitMs !== undefined) {
        text +=
            `; JSMS kept refusing it for rate for ${formatMs(d.rateLimitWaitMs)}, longer than jsms:rateLimitWaitSeconds allows: ` +
            `set jsms:maxRequestsPerSecond below the rate JSMS accepts for this app (other programs using the same app count too), ` +
            `or raise jsms:rateLimitWaitSeconds, then run the command again (objects already done are kept)`;
    }
    if (d.mayHaveCreated) {
        text +=
            `; the ${d.mayHaveCreated} may have been created at JSMS, so the request was not retried to avoid a duplicate: ` +
            `look for it in the JSMS console by its copy (there is no list API) and, if it is there, set adoptId to its id before running pulumi up again ` +
            "(Operations in the pulumi-jsms README)";
    }
    return `${text}.`;
}

/** Milliseconds as a short human duration. */
function formatMs(ms: number): string {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
