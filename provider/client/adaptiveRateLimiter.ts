/**
 * An adaptive request rate for one JSMS app at one endpoint: requests are paced to a rate that starts at the
 * configured maximum, is cut multiplicatively when JSMS refuses a request for rate (50009 or HTTP 429) and grows back
 * additively while paced requests succeed (AIMD, as TCP does), so a long run settles just under the vendor's real
 * limit, which JSMS does not document.
 */
import { performance } from "perf_hooks";

/** How a limiter starts and how it adapts. */
export interface AdaptiveRateOptions {
    /** Starting and highest rate, in requests per second; `Infinity` sends unpaced until the first refusal. */
    maxPerSecond: number;
    /** The rate is multiplied by this on a refusal (0 < factor < 1). */
    decreaseFactor: number;
    /** Requests per second added for each second of paced requests that succeed. */
    increasePerSecond: number;
    /** The rate never falls below this, in requests per second. */
    minPerSecond: number;
}

/** What the limiter handed out for one request; given back with its outcome. */
export interface RateTicket {
    /** The adaptation round the request was sent in: outcomes of older rounds do not change the rate again. */
    readonly epoch: number;
    /** Whether the request had to wait for its slot (only then is the rate what limits the caller). */
    readonly paced: boolean;
}

/** A snapshot of a limiter, for progress messages, tests and benchmarks. */
export interface RateLimiterStats {
    /** The rate currently allowed, in requests per second (`Infinity` = unpaced). */
    learnedPerSecond: number;
    /** The highest rate allowed. */
    maxPerSecond: number;
    /** Requests waiting for a slot now. */
    waiting: number;
    /** Requests let through since the limiter was created. */
    sent: number;
    /** Refusals for rate (50009/429) reported since the limiter was created. */
    refused: number;
    /** Times the rate was cut. */
    decreases: number;
}

/** The window over which successes are counted to estimate what the vendor just accepted. */
const OBSERVATION_WINDOW_MS = 1000;

/** How long a caller is prepared to wait for its slot. */
export interface WaitLimits {
    /** Goes ahead of requests that were never sent (a request refused for rate and sent again). */
    retry?: boolean;
    /** Give up at this time (performance.now() ms) if no slot came. */
    giveUpAt?: number;
    /** Give up once JSMS has answered nothing but refusals for this long (ms). */
    maxRefusingMs?: number;
}

/** Why `acquire` gave up: a limit of `WaitLimits` was reached before a slot came; nothing was sent. */
export class RateWaitExpired extends Error {
    constructor(readonly reason: "deadline" | "refusing") {
        super(
            reason === "deadline" ? "no rate slot before the deadline" : "JSMS has refused every request for too long",
        );
        this.name = "RateWaitExpired";
    }
}

interface Waiter {
    resolve(ticket: RateTicket): void;
    reject(reason: unknown): void;
    cleanup(): void;
    limits: WaitLimits;
}

/** Paces requests to a rate it learns from the vendor's answers; FIFO, with retries of refused requests first. */
export class AdaptiveRateLimiter {
    private rate: number;
    private maxRate: number;
    /** When the last slot was handed out (performance.now() ms). */
    private lastSlot = Number.NEGATIVE_INFINITY;
    private epoch = 0;
    /** Requests refused for rate that wait to be sent again: they go before new ones, so order is kept. */
    private readonly retries: Waiter[] = [];
    private readonly fresh: Waiter[] = [];
    private timer: NodeJS.Timeout | undefined;
    /** End times of recent accepted requests, to estimate the rate the vendor accepts. */
    private readonly acceptedAt: number[] = [];
    /** Times recent requests were let through, for when nothing was accepted lately. */
    private readonly sentAt: number[] = [];
    /** Since when every answer has been a refusal (undefined once something was accepted). */
    private refusingSinceMs: number | undefined;
    private counts = { sent: 0, refused: 0, decreases: 0 };

    /** Starts at `options.maxPerSecond`. */
    constructor(private readonly options: AdaptiveRateOptions) {
        this.rate = options.maxPerSecond;
        this.maxRate = options.maxPerSecond;
    }

    /** The rate currently allowed, in requests per second. */
    get learnedPerSecond(): number {
        return this.rate;
    }

    /** Lowers the highest rate (never raises it): clients of one app with different settings share the lowest. */
    capAt(maxPerSecond: number): void {
        if (maxPerSecond >= this.maxRate) return;
        this.maxRate = maxPerSecond;
        this.rate = Math.min(this.rate, maxPerSecond);
        this.pump();
    }

    /**
     * Resolves when the caller may send one request. Rejects with `RateWaitExpired` when a limit of `limits` comes
     * first, and with the signal's reason once `signal` aborts; either way the wait is dropped and nothing is sent.
     */
    acquire(signal?: AbortSignal, limits: WaitLimits = {}): Promise<RateTicket> {
        if (signal?.aborted) return Promise.reject(signal.reason);
        const expired = this.expiry(limits, performance.now());
        if (expired) return Promise.reject(new RateWaitExpired(expired));
        if (this.retries.length === 0 && this.fresh.length === 0 && this.slotDueIn() <= 0) {
            return Promise.resolve(this.handOut(false));
        }
        return new Promise<RateTicket>((resolve, reject) => {
            const onAbort = () => {
                remove(this.retries, waiter);
                remove(this.fresh, waiter);
                reject(signal!.reason);
                this.pump();
            };
            const waiter: Waiter = {
                resolve,
                reject,
                cleanup: () => signal?.removeEventListener("abort", onAbort),
                limits,
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            (limits.retry ? this.retries : this.fresh).push(waiter);
            this.pump();
        });
    }

    /** Reports that a request was answered without a rate refusal: the rate grows if pacing was what held it. */
    succeeded(ticket: RateTicket): void {
        const now = performance.now();
        this.acceptedAt.push(now);
        this.prune(now);
        this.refusingSinceMs = undefined;
        if (ticket.paced && ticket.epoch === this.epoch && Number.isFinite(this.rate)) {
            // At rate r about r paced successes arrive per second, so each adds increase/r: +increase per second.
            this.rate = Math.min(this.maxRate, this.rate + this.options.increasePerSecond / this.rate);
        }
    }

    /**
     * Reports a refusal for rate (50009/429). The first refusal of a round cuts the rate to `decreaseFactor` times
     * what JSMS accepted during the last second (what was sent, when nothing was accepted), unless it is already
     * lower; later refusals of requests sent before that cut are the same overload and change nothing.
     */
    refused(ticket: RateTicket): void {
        const now = performance.now();
        this.counts.refused++;
        this.refusingSinceMs ??= now;
        if (ticket.epoch !== this.epoch) return;
        this.prune(now);
        const observed =
            (this.acceptedAt.length > 0 ? this.acceptedAt.length : this.sentAt.length) * (1000 / OBSERVATION_WINDOW_MS);
        // Cut from what JSMS took, not from the current rate: refusals that only show the vendor's window is still
        // full after a burst then leave the rate where the first cut put it, instead of compounding.
        const before = this.rate;
        this.rate = Math.max(this.options.minPerSecond, Math.min(this.rate, observed * this.options.decreaseFactor));
        this.epoch++;
        if (this.rate < before) this.counts.decreases++;
        // The vendor's window is still full: the next request waits a whole interval from now.
        this.lastSlot = now;
        this.pump();
    }

    /** A snapshot of the limiter. */
    stats(): RateLimiterStats {
        return {
            learnedPerSecond: this.rate,
            maxPerSecond: this.maxRate,
            waiting: this.retries.length + this.fresh.length,
            ...this.counts,
        };
    }

    /** Milliseconds until the next slot is due (≤ 0: now). */
    private slotDueIn(): number {
        if (!Number.isFinite(this.rate)) return 0;
        return this.lastSlot + 1000 / this.rate - performance.now();
    }

    private handOut(paced: boolean): RateTicket {
        this.lastSlot = performance.now();
        this.sentAt.push(this.lastSlot);
        this.prune(this.lastSlot);
        this.counts.sent++;
        return { epoch: this.epoch, paced };
    }

    /** Which limit has been reached, if any. */
    private expiry(limits: WaitLimits, now: number): RateWaitExpired["reason"] | undefined {
        if (limits.giveUpAt !== undefined && now >= limits.giveUpAt) return "deadline";
        if (
            limits.maxRefusingMs !== undefined &&
            this.refusingSinceMs !== undefined &&
            now - this.refusingSinceMs >= limits.maxRefusingMs
        ) {
            return "refusing";
        }
        return undefined;
    }

    /**
     * Drops waiters past their limits, hands out every slot that is due, then sleeps until the next slot or the next
     * limit; no timer runs while nobody waits.
     */
    private pump(): void {
        if (this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
        }
        const now = performance.now();
        let wakeAt = Number.POSITIVE_INFINITY;
        for (const queue of [this.retries, this.fresh]) {
            for (const waiter of [...queue]) {
                const expired = this.expiry(waiter.limits, now);
                if (expired) {
                    remove(queue, waiter);
                    waiter.cleanup();
                    waiter.reject(new RateWaitExpired(expired));
                    continue;
                }
                if (waiter.limits.giveUpAt !== undefined) wakeAt = Math.min(wakeAt, waiter.limits.giveUpAt);
                if (waiter.limits.maxRefusingMs !== undefined && this.refusingSinceMs !== undefined) {
                    wakeAt = Math.min(wakeAt, this.refusingSinceMs + waiter.limits.maxRefusingMs);
                }
            }
        }
        for (;;) {
            const queue = this.retries.length > 0 ? this.retries : this.fresh;
            if (queue.length === 0) return;
            const dueIn = this.slotDueIn();
            if (dueIn > 0) {
                this.timer = setTimeout(
                    () => {
                        this.timer = undefined;
                        this.pump();
                    },
                    Math.max(1, Math.ceil(Math.min(dueIn, wakeAt - now))),
                );
                return;
            }
            const waiter = queue.shift()!;
            waiter.cleanup();
            waiter.resolve(this.handOut(true));
        }
    }

    private prune(now: number): void {
        for (const times of [this.acceptedAt, this.sentAt]) {
            let stale = 0;
            while (stale < times.length && now - times[stale] > OBSERVATION_WINDOW_MS) stale++;
            if (stale > 0) times.splice(0, stale);
        }
    }
}

function remove<T>(list: T[], item: T): void {
    const index = list.indexOf(item);
    if (index >= 0) list.splice(index, 1);
}
