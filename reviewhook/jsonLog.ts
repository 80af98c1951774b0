/** How bad a log line is. */
export type LogLevel = "info" | "warn" | "error";

/** Writes one JSON object per line: time, level, message and the fields given, which must never hold a secret. */
export class JsonLog {
    constructor(private readonly sink: (line: string) => void) {}

    /** Logs a line at this level with extra fields (undefined fields are left out). */
    write(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
        const line = { time: new Date().toISOString(), level, msg, ...fields };
        try {
            this.sink(JSON.stringify(line));
        } catch {
            // A broken log sink (a closed stdout) must not take a callback down with it.
        }
    }

    /** Logs at info level. */
    info(msg: string, fields?: Record<string, unknown>): void {
        this.write("info", msg, fields);
    }

    /** Logs at warn level. */
    warn(msg: string, fields?: Record<string, unknown>): void {
        this.write("warn", msg, fields);
    }

    /** Logs at error level. */
    error(msg: string, fields?: Record<string, unknown>): void {
        this.write("error", msg, fields);
    }
}

/** The default sink: one line to stdout. */
export function stdoutSink(line: string): void {
    process.stdout.write(`${line}\n`);
}
