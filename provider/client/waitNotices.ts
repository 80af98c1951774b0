/**
 * Progress while calls wait to be sent: a long wait on the rate limit must not look like a hung `pulumi up`. One
 * ticker per notice sink looks at the calls waiting now and reports the longest wait, at most once per interval, so
 * 200 queued templates give one line every few seconds rather than 200.
 */
import { performance } from "perf_hooks";

/** When to speak up. */
export interface WaitNoticeTiming {
    /** A call must have waited this long (ms) before it is reported. */
    afterMs: number;
    /** At most one notice per this many ms. */
    everyMs: number;
}

/** What a notice needs to know about the budget a call waits on. */
export interface WaitContext {
    /** The rate currently allowed, in requests per second. */
    readonly learnedPerSecond: number;
}

/** One call's waits, as seen by the notices. */
export interface WaitWatch {
    /** The call is waiting to be sent (again). */
    waiting(): void;
    /** The call was sent, or ended. */
    stopped(): void;
}

interface Watched {
    subject: string;
    context: WaitContext;
    /** When the call started waiting for the first time (it keeps its place in line across refusals). */
    since: number;
    active: boolean;
}

/** Reports long waits to a callback, throttled. */
export class WaitNotices {
    private readonly calls = new Set<Watched>();
    private timer: NodeJS.Timeout | undefined;
    private lastNoticeAt = Number.NEGATIVE_INFINITY;

    /** `onWait` gets one sentence; it must not throw (if it does, the error is ignored: progress is best effort). */
    constructor(
        private readonly onWait: (message: string) => void,
        private readonly timing: WaitNoticeTiming,
    ) {}

    /** Starts watching a call about `subject` that waits on `context`'s budget. */
    watch(subject: string, context: WaitContext): WaitWatch {
        const call: Watched = { subject, context, since: performance.now(), active: false };
        return {
            waiting: () => {
                call.active = true;
                this.calls.add(call);
                this.ensureTicking();
            },
            stopped: () => {
                call.active = false;
                this.calls.delete(call);
            },
        };
    }

    private ensureTicking(): void {
        if (this.timer !== undefined) return;
        const tickMs = Math.max(50, Math.min(this.timing.afterMs, this.timing.everyMs) / 2);
        this.timer = setInterval(() => this.tick(), tickMs);
        // Progress reports must never keep a process alive on their own.
        this.timer.unref();
    }

    private tick(): void {
        if (this.calls.size === 0) {
            clearInterval(this.timer);
            this.timer = undefined;
            return;
        }
        const now = performance.now();
        if (now - this.lastNoticeAt < this.timing.everyMs) return;
        let longest: Watched | undefined;
        for (const call of this.calls) {
            if (call.active && (longest === undefined || call.since < longest.since)) longest = call;
        }
        if (!longest || now - longest.since < this.timing.afterMs) return;
        this.lastNoticeAt = now;
        const rate = longest.context.learnedPerSecond;
        const others = this.calls.size - 1;
        // Unpaced, a call can only be waiting for one of the client's connections.
        const what = Number.isFinite(rate)
            ? `waiting for the JSMS rate limit (learned ≈ ${rate.toFixed(1)} req/s)`
            : "waiting for a free connection to JSMS (jsms:maxConcurrency)";
        const message =
            `${what}: ${longest.subject} has waited ${Math.round((now - longest.since) / 1000)} s` +
            (others > 0 ? `, ${others} more request${others === 1 ? "" : "s"} waiting` : "");
        try {
            this.onWait(message);
        } catch {
            // Best effort: a broken log sink must not fail the call it reports on.
        }
    }
}
