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
    /** The create fault injected after the insert, when one was (`status` is then what was sent, 0 for a dropped connection). */
    fault?: "insert-then-error" | "insert-then-slow" | "insert-then-drop";
}

/** How many requests the log holds, by JSMS code, and how many creates were faulted: `GET /_sim/requests/counts`. */
export interface RequestCounts {
    /** Requests answered since the log was last cleared (not capped like the log itself). */
    total: number;
    /** Requests per JSMS code answered, e.g. `{"50000": 180, "50009": 12}`. */
    byCode: Record<string, number>;
}

/** Long-running simulators keep only the most recent entries, so the log cannot grow without bound. */
const MAX_ENTRIES = 10000;

/** The request log served by `GET /_sim/requests`. */
export class RequestLog {
    private entries: RequestLogEntry[] = [];
    private tally: RequestCounts = { total: 0, byCode: {} };

    /** Appends an entry, dropping the oldest beyond the cap. */
    record(entry: RequestLogEntry): void {
        this.tally.total++;
        this.tally.byCode[entry.code] = (this.tally.byCode[entry.code] ?? 0) + 1;
        this.entries.push(entry);
        if (this.entries.length > MAX_ENTRIES) {
            this.entries.splice(0, this.entries.length - MAX_ENTRIES);
        }
    }

    /** The entries, oldest first. */
    list(): RequestLogEntry[] {
        return [...this.entries];
    }

    /** The counts since the last `clear`, even past the cap. */
    counts(): RequestCounts {
        return { total: this.tally.total, byCode: { ...this.tally.byCode } };
    }

    /** Empties the log and its counts and returns how many entries it held. */
    clear(): number {
        const count = this.entries.length;
        this.entries = [];
        this.tally = { total: 0, byCode: {} };
        return count;
    }
}
