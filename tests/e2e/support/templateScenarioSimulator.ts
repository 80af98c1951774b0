// The JSMS simulator as the template e2e suite drives it: started in the test process (the CLI's provider process
// reaches it over 127.0.0.1), restarted on the same port and state file, and observed through its `/_sim` control
// API: the request log, the stored objects, and the vendor's reviewers and console.
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../simulator";
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

/** A running simulator with its control API; `restart` keeps the port, so the stack's jsms:endpoint stays valid. */
export class ScenarioSimulator {
    private constructor(
        private running: RunningSimulator,
        private options: SimulatorOptions,
    ) {}

    /** Starts a simulator on a free port of 127.0.0.1. */
    static async start(options: SimulatorOptions): Promise<ScenarioSimulator> {
        const running = await startSimulator({ ...options, port: options.port ?? 0 });
        return new ScenarioSimulator(running, { ...options, port: running.port });
    }

    get url(): string {
        return this.running.url;
    }

    /** Stops it and starts it again on the same port with changed options (e.g. another review mode, same state file). */
    async restart(changes: Partial<SimulatorOptions>): Promise<void> {
        await this.running.close();
        this.options = { ...this.options, ...changes, port: this.running.port };
        this.running = await startSimulator(this.options);
    }

    close(): Promise<void> {
        return this.running.close();
    }

    private async control<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.url}${path}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) {
            throw new Error(`simulator ${method} ${path} answered ${res.status}: ${text}`);
        }
        return (text ? JSON.parse(text) : undefined) as T;
    }

    /** The `/v1` requests since the last {@link clearRequests}, oldest first. */
    async requests(): Promise<LoggedRequest[]> {
        return (await this.control<LoggedRequest[]>("GET", "/_sim/requests")).filter((r) => r.path.startsWith("/v1/"));
    }

    async clearRequests(): Promise<void> {
        await this.control("DELETE", "/_sim/requests");
    }

    async templates(appKey?: string): Promise<StoredTemplate[]> {
        const state = await this.control<{ templates: StoredTemplate[] }>("GET", "/_sim/state");
        return state.templates.filter((t) => appKey === undefined || t.app === appKey);
    }

    async signs(appKey?: string): Promise<StoredSign[]> {
        const state = await this.control<{ signs: StoredSign[] }>("GET", "/_sim/state");
        return state.signs.filter((s) => appKey === undefined || s.app === appKey);
    }

    /** The stored template with this id, or undefined when there is none. */
    async template(id: number | string): Promise<StoredTemplate | undefined> {
        return (await this.templates()).find((t) => t.id === Number(id));
    }

    /** The vendor's reviewers decide. */
    async reviewTemplate(id: number | string, status: "approved" | "rejected"): Promise<void> {
        await this.control("POST", `/_sim/templates/${id}/review`, { status });
    }

    /** A change made in the JSMS console (no validation, no review). */
    async consoleEditTemplate(id: number | string, fields: Partial<Omit<StoredTemplate, "id" | "app" | "status">>): Promise<void> {
        await this.control("PUT", `/_sim/templates/${id}`, fields);
    }

    /** A deletion made in the JSMS console. */
    async consoleDeleteTemplate(id: number | string): Promise<void> {
        await this.control("DELETE", `/_sim/templates/${id}`);
    }

    /**
     * Creates a template the way any other JSMS client would, outside Pulumi: `POST /v1/templates` with the app's
     * Basic credentials. Returns its temp_id.
     */
    async createTemplateDirectly(app: ScenarioApp, fields: { template: string; type: number; ttl?: number; remark?: string }): Promise<number> {
        const res = await fetch(`${this.url}/v1/templates`, {
            method: "POST",
            headers: {
                "content-type": "application/json",
                authorization: `Basic ${Buffer.from(`${app.appKey}:${app.masterSecret}`).toString("base64")}`,
            },
            body: JSON.stringify(fields),
        });
        const body = (await res.json()) as { temp_id?: number };
        if (!res.ok || typeof body.temp_id !== "number") {
            throw new Error(`POST /v1/templates answered ${res.status}: ${JSON.stringify(body)}`);
        }
        return body.temp_id;
    }
}

/** `METHOD /path` lines of a request log, for readable assertions and failure messages. */
export function requestLines(log: LoggedRequest[]): string[] {
    return log.map((r) => `${r.method} ${r.path}`);
}

/** The requests of a log that change something at the vendor. */
export function writesOf(log: LoggedRequest[]): LoggedRequest[] {
    return log.filter((r) => r.method !== "GET");
}
