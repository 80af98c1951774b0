import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/**
 * What happens to a create that the simulator has just inserted: answered normally ("none"); inserted, then answered
 * 500/50019 as a server error after the insert would be ("insert-then-error"); answered only after
 * `createFaultDelayMs`, longer than the client's timeout ("insert-then-slow"); or its connection destroyed without
 * an answer ("insert-then-drop").
 */
export const CREATE_FAULT_MODES = ["none", "insert-then-error", "insert-then-slow", "insert-then-drop"] as const;

/** One of {@link CREATE_FAULT_MODES}. */
export type CreateFaultMode = (typeof CREATE_FAULT_MODES)[number];
/** The faults a simulator injects into `/v1` requests. */
export interface FaultSettings {
    /** Delay before every response, in ms. */
    latencyMs: number;
    /** Requests allowed within any 1000 ms; more are answered 403/50009; 0 = unlimited. */
    rateLimitPerSecond: number;
    /** Probability in [0, 1] of answering 500/50019 (before handling the request). */
    errorRate: number;
    /** What happens to successful creates (`POST /v1/templates`, `POST /v1/sign`) once inserted. */
    createFault: CreateFaultMode;
    /** The next this many creates get `createFault`; counts down to 0. */
    createFaultCount: number;
    /** Once the count is used up, each create gets `createFault` with this probability (seeded). */
    createFaultRate: number;
    /** How long `insert-then-slow` holds the answer, in ms. */
    createFaultDelayMs: number;
}

/** Fault settings with nothing injected. */
export const NO_FAULTS: FaultSettings = Object.freeze({
    latencyMs: 0,
    rateLimitPerSecond: 0,
    errorRate: 0,
    createFault: "none",
    createFaultCount: 0,
    createFaultRate: 0,
    createFaultDelayMs: 60_000,
});

/** How many faults were injected since the counters were last cleared (with the request log). */
export interface FaultCounts {
    /** Requests answered 50009 by the rate limit. */
    rateLimited: number;
    /** Requests answered 50019 by `errorRate`. */
    serverErrors: number;
    /** Creates inserted and then faulted, by mode. */
    createFaults: Record<Exclude<CreateFaultMode, "none">, number>;
}

/** Injects latency, rate limiting, random server errors and faults after a create, reproducibly for a given seed. */
export class Faults {
    private settings: FaultSettings;
    private random: () => number;
    /** A second stream for create faults, so turning them on does not change the sequence of `errorRate`. */
    private createRandom: () => number;
    /** Arrival times of the requests let through during the last second (a sliding window). */
    private admitted: number[] = [];
    private counters: FaultCounts = emptyCounts();

    constructor(
        settings: Partial<FaultSettings>,
        private seed: number,
    ) {
        this.settings = { ...NO_FAULTS, ...defined(settings) };
        this.random = seededRandom(seed);
        this.createRandom = seededRandom(seed ^ 0x5bd1e995);
    }

    /** The current settings. */
    current(): FaultSettings {
        return { ...this.settings };
    }

    /** Changes some settings; a new seed restarts the random sequences. */
    update(changes: Partial<FaultSettings>, seed?: number): void {
        this.settings = { ...this.settings, ...defined(changes) };
        if (seed !== undefined) {
            this.seed = seed;
        }
        if (seed !== undefined || changes.errorRate !== undefined) {
            this.random = seededRandom(this.seed);
        }
        if (seed !== undefined || changes.createFault !== undefined || changes.createFaultRate !== undefined) {
            this.createRandom = seededRandom(this.seed ^ 0x5bd1e995);
        }
        this.admitted = [];
    }

    /** The injected-fault counters. */
    counts(): FaultCounts {
        return { ...this.counters, createFaults: { ...this.counters.createFaults } };
    }

    /** Zeroes the counters (done together with clearing the request log). */
    clearCounts(): void {
        this.counters = emptyCounts();
    }

    /** Waits the configured latency. */
    delay(): Promise<void> {
        const ms = this.settings.latencyMs;
        return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
    }

    /** The JSMS code to answer instead of handling the request (50009 or 50019), or undefined to go on. */
    trip(now: number): typeof JsmsCode.OutOfFreq | typeof JsmsCode.ServerError | undefined {
        const limit = this.settings.rateLimitPerSecond;
        if (limit > 0) {
            this.admitted = this.admitted.filter((time) => now - time < 1000);
            if (this.admitted.length >= limit) {
                this.counters.rateLimited++;
                return JsmsCode.OutOfFreq;
            }
            this.admitted.push(now);
        }
        // The generator advances only when errors are on, so the same settings replay the same sequence.
        if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
            this.counters.serverErrors++;
            return JsmsCode.ServerError;
        }
        return undefined;
    }

    /** Whether the create just inserted gets a fault, and which; the count is used first, then the rate. */
    afterInsert(): CreateFaultMode {
        const mode = this.settings.createFault;
        if (mode === "none") return "none";
        let hit = false;
        if (this.settings.createFaultCount > 0) {
            this.settings.createFaultCount--;
            hit = true;
        } else if (this.settings.createFaultRate > 0) {
            hit = this.createRandom() < this.settings.createFaultRate;
        }
        if (!hit) return "none";
        this.counters.createFaults[mode]++;
        return mode;
    }
}

function emptyCounts(): FaultCounts {
    return {
        rateLimited: 0,
        serverErrors: 0,
        createFaults: { "insert-then-error": 0, "insert-then-slow": 0, "insert-then-drop": 0 },
    };
}

function defined<T extends object>(changes: Partial<T>): Partial<T> {
    return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * mulberry32: a tiny, well-distributed 32-bit generator of numbers in [0, 1); Math.random cannot be seeded. Tests
 * that generate their cases from a seed use it too, so that a failure reproduces.
 */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
