/**
 * Whether the store's last write failed. Once one has, the hook reports itself unhealthy (so an orchestrator stops
 * sending it callbacks it would drop with 500) until a write succeeds again: a callback's, or the health check's probe.
 */
export class StoreHealth {
    private failure: { at: string; error: string } | undefined;

    /** Notes a failed write (the error's name and message are kept for /healthz, never a value written). */
    writeFailed(error: unknown): void {
        this.failure = {
            at: new Date().toISOString(),
            error: error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error",
        };
    }

    /** Notes a write that committed. */
    writeSucceeded(): void {
        this.failure = undefined;
    }

    /** The last failed write when no write has succeeded since, else undefined. */
    get lastFailure(): { at: string; error: string } | undefined {
        return this.failure;
    }
}
