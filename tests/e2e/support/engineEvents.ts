// The engine event log (`--event-log`, JSON lines; the flag exists when PULUMI_DEBUG_COMMANDS=true) and queries
// over it. Pulumi's own integration tests assert on these events rather than on the rendered console output.

/** The step metadata carried by resourcePreEvent / resOutputsEvent / resOpFailedEvent. */
export interface StepMetadata {
    /** create, update, delete, same, replace, create-replacement, delete-replaced, read, refresh, … */
    op: string;
    urn: string;
    type: string;
    old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; id?: string } | null;
    new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; id?: string } | null;
    keys?: string[];
    diffs?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
    logical?: boolean;
    provider?: string;
}

/** One line of the event log. Exactly one of the optional members is set. */
export interface EngineEvent {
    sequence: number;
    timestamp: number;
    preludeEvent?: { config: Record<string, string> };
    summaryEvent?: {
        maybeCorrupt: boolean;
        durationSeconds: number;
        resourceChanges: Record<string, number>;
        isPreview?: boolean;
        result?: string;
    };
    diagnosticEvent?: { urn?: string; prefix?: string; message: string; color?: string; severity: string };
    resourcePreEvent?: { metadata: StepMetadata; planning?: boolean };
    resOutputsEvent?: { metadata: StepMetadata; planning?: boolean };
    resOpFailedEvent?: { metadata: StepMetadata; status: number; steps: number };
    policyEvent?: Record<string, unknown>;
    cancelEvent?: Record<string, never>;
    [key: string]: unknown;
}

/** Parses an event log file's text; blank and partial lines (a killed CLI) are ignored. */
export function parseEventLog(text: string): EngineEvent[] {
    const events: EngineEvent[] = [];
    for (const line of text.split("\n")) {
        if (!line.trim()) {
            continue;
        }
        try {
            events.push(JSON.parse(line) as EngineEvent);
        } catch {
            // the last line of a log whose writer was killed may be cut short
        }
    }
    return events.sort((a, b) => a.sequence - b.sequence);
}

/** The run's summary (counts per operation, result), or undefined when the run ended before it. */
export function summaryOf(events: EngineEvent[]): EngineEvent["summaryEvent"] {
    return events.find((e) => e.summaryEvent)?.summaryEvent;
}

/**
 * The steps the engine started, in order (from resourcePreEvent), optionally only those of a type token. In a
 * preview these are the planned steps (`planning: true`).
 */
export function stepsOf(events: EngineEvent[], type?: string): StepMetadata[] {
    return events
        .filter((e) => e.resourcePreEvent)
        .map((e) => e.resourcePreEvent!.metadata)
        .filter((m) => type === undefined || m.type === type);
}

/** The steps that failed (resOpFailedEvent). */
export function failedStepsOf(events: EngineEvent[]): StepMetadata[] {
    return events.filter((e) => e.resOpFailedEvent).map((e) => e.resOpFailedEvent!.metadata);
}

/**
 * Diagnostics (messages the CLI prints under "Diagnostics:"), without the engine's debug chatter unless asked.
 * `severity` is one of debug, info, info#err, warning, error.
 */
export function diagnosticsOf(
    events: EngineEvent[],
    opts: { severity?: string; includeDebug?: boolean } = {},
): Array<{ urn?: string; severity: string; message: string }> {
    return events
        .filter((e) => e.diagnosticEvent)
        .map((e) => e.diagnosticEvent!)
        .filter((d) => (opts.includeDebug ? true : d.severity !== "debug"))
        .filter((d) => opts.severity === undefined || d.severity === opts.severity)
        .map((d) => ({ urn: d.urn, severity: d.severity, message: d.message }));
}
