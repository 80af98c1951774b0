import { randomBytes, randomUUID } from "node:crypto";
import { kindBy, type ReviewKind } from "pulumi-jsms/schema/resourceTable";
import type { EndedReviewCode } from "pulumi-jsms/schema/reviewStatus";
import { callbackSignature } from "pulumi-jsms/client/callbackSignature";

/** When JSMS retries a callback that was not answered 200: 3 minutes, 1 hour and 12 hours after the failure before. */
export const JSMS_CALLBACK_RETRY_DELAYS_MS: readonly number[] = [3 * 60_000, 60 * 60_000, 12 * 60 * 60_000];
/** How long one delivery attempt (or the URL verification) may take before it counts as failed. */
export const CALLBACK_ATTEMPT_TIMEOUT_MS = 10_000;
/** The reason sent with a rejection made by `review: "reject"` rather than by a test. */
export const AUTOMATIC_REJECT_REASON = "模拟审核未通过（自动）";
/** How many delivery attempts the simulator remembers for `GET /_sim/callbacks`. */
const MAX_REMEMBERED_ATTEMPTS = 1000;

/** A review that ended, as JSMS reports it to the app's callback URL. */
export interface ReviewEnded {
    app: string;
    kind: ReviewKind;
    id: number;
    /** Approved or rejected. */
    status: EndedReviewCode;
    /** The reviewer's reason, null when none. */
    reason: string | null;
}

/** One delivery attempt, as `GET /_sim/callbacks` lists it. */
export interface DeliveryAttempt {
    app: string;
    type: string;
    id: number;
    /** 1 for the first delivery, then 2, 3, … for the retries. */
    attempt: number;
    outcome: "delivered" | "failed";
    /** The receiver's HTTP status, when it answered. */
    httpStatus?: number;
    /** Why it failed, when it did. */
    error?: string;
    /** When the next attempt is due (ms from this one), or null when none will be made. */
    nextRetryInMs?: number | null;
}

/** A callback URL that did not answer the echostr check; refused like the vendor console refuses it. */
export class CallbackVerificationError extends Error {}

/**
 * Plays JSMS's callback service: a URL per app, verified with a GET carrying `echostr` when set, then a signed form
 * POST for every template or signature review that ends, retried after the configured delays until one is answered
 * 200 or the delays run out. Timers and requests in flight stop when the simulator closes.
 */
export class CallbackSender {
    private readonly urls = new Map<string, string>();
    private readonly attempts: DeliveryAttempt[] = [];
    private readonly timers = new Set<NodeJS.Timeout>();
    private readonly stopped = new AbortController();

    constructor(
        private readonly apps: ReadonlyArray<{ appKey: string; masterSecret: string }>,
        private readonly retryDelaysMs: readonly number[],
    ) {}

    /** Sets (after verifying it) or removes (null) an app's callback URL. */
    async setUrl(appKey: string, url: string | null): Promise<void> {
        if (!this.apps.some((app) => app.appKey === appKey)) {
            throw new CallbackVerificationError(`no app with appKey ${appKey}`);
        }
        if (url === null) {
            this.urls.delete(appKey);
            return;
        }
        await this.verify(url);
        this.urls.set(appKey, url);
    }

    /** The callback URL of every app that has one. */
    currentUrls(): Record<string, string> {
        return Object.fromEntries(this.urls);
    }

    /** Every delivery attempt remembered, oldest first. */
    deliveries(): DeliveryAttempt[] {
        return [...this.attempts];
    }

    /** Forgets the delivery attempts (URLs stay). */
    clearDeliveries(): void {
        this.attempts.length = 0;
    }

    /** Reports a review that ended to the app's callback URL, if it has one; returns at once. */
    reviewEnded(event: ReviewEnded): void {
        void this.deliver(event, 1);
    }

    /** Stops every retry timer and aborts the requests in flight. */
    close(): void {
        this.stopped.abort();
        for (const timer of this.timers) {
            clearTimeout(timer);
        }
        this.timers.clear();
    }

    /** The GET JSMS makes when a URL is saved: the URL must answer the random `echostr` back as its body. */
    private async verify(url: string): Promise<void> {
        let target: URL;
        try {
            target = new URL(url);
        } catch {
            throw new CallbackVerificationError(`${url} is not a URL`);
        }
        if (target.protocol !== "http:" && target.protocol !== "https:") {
            throw new CallbackVerificationError(`${url} is not an http(s) URL`);
        }
        const echostr = randomBytes(12).toString("hex");
        target.searchParams.set("echostr", echostr);
        let body: string;
        try {
            const response = await fetch(target, { signal: this.attemptSignal() });
            body = await response.text();
            if (response.status !== 200) {
                throw new CallbackVerificationError(`${url} answered the verification with HTTP ${response.status}`);
            }
        } catch (error) {
            if (error instanceof CallbackVerificationError) {
                throw error;
            }
            throw new CallbackVerificationError(`${url} could not be verified: ${(error as Error).message}`);
        }
        if (body !== echostr) {
            throw new CallbackVerificationError(`${url} did not answer the verification with the echostr`);
        }
    }

    /**
     * One attempt to the app's current URL (none: nothing is sent); a failure schedules the next while delays
     * remain. Each attempt is signed afresh, with a new nonce and timestamp.
     */
    private async deliver(event: ReviewEnded, attempt: number): Promise<void> {
        const url = this.urls.get(event.app);
        if (this.stopped.signal.aborted || url === undefined) {
            return;
        }
        const app = this.apps.find((candidate) => candidate.appKey === event.app)!;
        const { callbackType: type, idField } = kindBy("reviewKind", event.kind)!;
        const nonce = randomUUID();
        const timestamp = String(Date.now());
        const form = new URLSearchParams({
            nonce,
            timestamp,
            signature: callbackSignature({ appKey: app.appKey, masterSecret: app.masterSecret, nonce, timestamp }),
            type,
            data: JSON.stringify({ [idField]: event.id, status: event.status, refuseReason: event.reason }),
        });
        const record: DeliveryAttempt = { app: event.app, type, id: event.id, attempt, outcome: "failed" };
        try {
            const response = await fetch(url, { method: "POST", body: form, signal: this.attemptSignal() });
            await response.arrayBuffer();
            record.httpStatus = response.status;
            if (response.status === 200) {
                record.outcome = "delivered";
            } else {
                record.error = `HTTP ${response.status}`;
            }
        } catch (error) {
            if (this.stopped.signal.aborted) {
                return;
            }
            const cause = (error as { cause?: { code?: string } }).cause;
            record.error = cause?.code ?? (error as Error).message;
        }
        if (record.outcome === "failed") {
            const delay = this.retryDelaysMs[attempt - 1];
            record.nextRetryInMs = delay ?? null;
            if (delay !== undefined) {
                const timer = setTimeout(() => {
                    this.timers.delete(timer);
                    void this.deliver(event, attempt + 1);
                }, delay);
                // A pending retry must not keep a process alive that has nothing else to do.
                timer.unref();
                this.timers.add(timer);
            }
        }
        this.remember(record);
    }

    private remember(record: DeliveryAttempt): void {
        this.attempts.push(record);
        if (this.attempts.length > MAX_REMEMBERED_ATTEMPTS) {
            this.attempts.splice(0, this.attempts.length - MAX_REMEMBERED_ATTEMPTS);
        }
    }

    private attemptSignal(): AbortSignal {
        return AbortSignal.any([this.stopped.signal, AbortSignal.timeout(CALLBACK_ATTEMPT_TIMEOUT_MS)]);
    }
}
