/**
 * The bound on requests in flight for one client (`maxConcurrency`). It is taken before the rate slot, so a request
 * is sent the moment its slot comes, not later from the connection pool's queue (which would bunch requests up and
 * start the request timeout while the request still waits).
 */

/** Gives a bounded number of permits, in FIFO order. */
export class ConcurrencyGate {
    private inUse = 0;
    private readonly queue: Array<{ grant(): void; cleanup(): void }> = [];

    /** At most `permits` holders at once. */
    constructor(private readonly permits: number) {}

    /** Resolves with a release function once a permit is free; rejects with the signal's reason once it aborts. */
    acquire(signal?: AbortSignal): Promise<() => void> {
        if (signal?.aborted) return Promise.reject(signal.reason);
        if (this.inUse < this.permits) {
            this.inUse++;
            return Promise.resolve(this.releaser());
        }
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                const index = this.queue.indexOf(entry);
                if (index >= 0) this.queue.splice(index, 1);
                reject(signal!.reason);
            };
            const entry = {
                grant: () => resolve(this.releaser()),
                cleanup: () => signal?.removeEventListener("abort", onAbort),
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            this.queue.push(entry);
        });
    }

    /** A function that gives the permit back once, handing it straight to the next waiter. */
    private releaser(): () => void {
        let released = false;
        return () => {
            if (released) return;
            released = true;
            const next = this.queue.shift();
            if (next) {
                next.cleanup();
                next.grant();
            } else {
                this.inUse--;
            }
        };
    }
}
