/** The faults a simulator injects into `/v1` requests. */
export interface FaultSettings {
    /** Delay before every response, in ms. */
    latencyMs: number;
    /** Requests allowed within any 1000 ms; more are answered 403/50009; 0 = unlimited. */
    rateLimitPerSecond: number;
    /** Probability in [0, 1] of answering 500/50019. */
    errorRate: number;
}

/** Injects latency, rate limiting and random server errors, reproducibly for a given seed. */
export class Faults {
    private settings: FaultSettings;
    private random: () => number;
    /** Arrival times of the requests let through during the last second (a sliding window). */
    private admitted: number[] = [];

    constructor(
        settings: FaultSettings,
        private seed: number,
    ) {
        this.settings = { ...settings };
        this.random = seededRandom(seed);
    }

    /** The current settings. */
    current(): FaultSettings {
        return { ...this.settings };
    }

    /** Changes some settings; a new seed restarts the random sequence. */
    update(changes: Partial<FaultSettings>, seed?: number): void {
        const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
        this.settings = { ...this.settings, ...Object.fromEntries(defined) };
        if (seed !== undefined) {
            this.seed = seed;
        }
        if (seed !== undefined || changes.errorRate !== undefined) {
            this.random = seededRandom(this.seed);
        }
        this.admitted = [];
    }

    /** Waits the configured latency. */
    delay(): Promise<void> {
        const ms = this.settings.latencyMs;
        return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
    }

    /** The JSMS code to answer instead of handling the request (50009 or 50019), or undefined to go on. */
    trip(now: number): 50009 | 50019 | undefined {
        const limit = this.settings.rateLimitPerSecond;
        if (limit > 0) {
            this.admitted = this.admitted.filter((time) => now - time < 1000);
            if (this.admitted.length >= limit) {
                return 50009;
            }
            this.admitted.push(now);
        }
        // The generator advances only when errors are on, so the same settings replay the same sequence.
        if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
            return 50019;
        }
        return undefined;
    }
}

/** mulberry32: a tiny, well-distributed 32-bit generator; Math.random cannot be seeded. */
function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
