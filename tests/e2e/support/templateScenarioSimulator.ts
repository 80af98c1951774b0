// What the template e2e suite reads from the simulator: request-log entries and helpers over them, the stored
// objects' types, and the app a scenario uses. The simulator itself is driven through scenarioSimulator.ts.
import type { SimSign, SimTemplate } from "./simulatorState";

/** One `/v1` request as the simulator answered it (`GET /_sim/requests`). */
export interface LoggedRequest {
    method: string;
    path: string;
    status: number;
    code: number;
    app: string | null;
}

/** A template as the simulator stores it (`GET /_sim/state`). */
export type StoredTemplate = SimTemplate;

/** A signature as the simulator stores it. */
export type StoredSign = SimSign;

/** The app a scenario's stack uses. */
export interface ScenarioApp {
    appKey: string;
    masterSecret: string;
}

/** `METHOD /path` lines of a request log, for readable assertions and failure messages. */
export function requestLines(log: LoggedRequest[]): string[] {
    return log.map((r) => `${r.method} ${r.path}`);
}

/** The requests of a log that change something at the vendor. */
export function writesOf(log: LoggedRequest[]): LoggedRequest[] {
    return log.filter((r) => r.method !== "GET");
}
