/** One `/v1` request as the simulator answered it; credentials are never recorded. */
export interface RequestLogEntry {
    method: string;
    /** The path without the query string. */
    path: string;
    /** The HTTP status answered. */
    status: number;
    /** The JSMS code answered: the error's code, 50000 for a success. */
    code: number;
    /** The appKey that authenticated, or null (dev-balance calls, failed or missing auth). */
    app: string | null;
}

/** Long-running simulators keep only the most recent entries, so the log cannot grow without bound. */
const MAX_ENTRIES = 10000;

/** The request log served by `GET /_sim/requests`. */
export class RequestLog {
    private entries: RequestLogEntry[] = [];

    /** Appends an entry, dropping the oldest beyond the cap. */
    record(entry: RequestLogEntry): void {
        this.entries.push(entry);
        if (this.entries.length > MAX_ENTRIES) {
            this.entries.splice(0, this.entries.length - MAX_ENTRIES);
        }
    }

    /** The entries, oldest first. */
    list(): RequestLogEntry[] {
        return [...this.entries];
    }

    /** Empties the log and returns how many entries it held. */
    clear(): number {
        const count = this.entries.length;
        this.entries = [];
        return count;
    }
}
