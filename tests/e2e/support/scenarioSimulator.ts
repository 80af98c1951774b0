/**
 * The simulator as the e2e suites drive it: started in-process on 127.0.0.1, restartable on the same port and state
 * file, with its `/_sim` control API and a way to create objects outside Pulumi.
 */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../../simulator";
import type { SimSign, SimState, SimTemplate } from "./simulatorState";
import type { LoggedRequest, ScenarioApp } from "./templateScenarioSimulator";

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

    async templates(appKey?: string): Promise<SimTemplate[]> {
        const state = await this.control<{ templates: SimTemplate[] }>("GET", "/_sim/state");
        return state.templates.filter((t) => appKey === undefined || t.app === appKey);
    }

    async signs(appKey?: string): Promise<SimSign[]> {
        const state = await this.control<{ signs: SimSign[] }>("GET", "/_sim/state");
        return state.signs.filter((s) => appKey === undefined || s.app === appKey);
    }

    /** The stored template with this id, or undefined when there is none. */
    async template(id: number | string): Promise<SimTemplate | undefined> {
        return (await this.templates()).find((t) => t.id === Number(id));
    }

    /** Everything the simulator holds (`GET /_sim/state`). */
    state(): Promise<SimState> {
        return this.control<SimState>("GET", "/_sim/state");
    }

    /** The vendor's reviewers decide on a template or a signature. */
    async review(
        kind: "signs" | "templates",
        id: number | string,
        status: "approved" | "rejected" | "pending",
    ): Promise<void> {
        await this.control("POST", `/_sim/${kind}/${id}/review`, { status });
    }

    /** Marks a signature in use for sending and/or the app's default, as JSMS would report it. */
    async setUsage(signId: number | string, usage: { inUse?: boolean; isDefault?: boolean }): Promise<void> {
        await this.control("POST", `/_sim/signs/${signId}/usage`, usage);
    }

    async putBalances(body: unknown): Promise<void> {
        await this.control("PUT", "/_sim/balances", body);
    }

    async putFaults(body: {
        latencyMs?: number;
        rateLimitPerSecond?: number;
        errorRate?: number;
        seed?: number;
        createFault?: "none" | "insert-then-error" | "insert-then-slow" | "insert-then-drop";
        createFaultCount?: number;
        createFaultRate?: number;
        createFaultDelayMs?: number;
    }): Promise<void> {
        await this.control("PUT", "/_sim/faults", body);
    }

    /** A change made in the JSMS console (no validation, no review). */
    async consoleEditTemplate(
        id: number | string,
        fields: Partial<Omit<SimTemplate, "id" | "app" | "status">>,
    ): Promise<void> {
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
    async createTemplateDirectly(
        app: ScenarioApp,
        fields: { template: string; type: number; ttl?: number; remark?: string },
    ): Promise<number> {
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

/** The provider config that points a stack at the simulator as `app` (its master secret set as a secret). */
export function simulatorConfig(sim: { url: string }, app: ScenarioApp) {
    return {
        "jsms:endpoint": sim.url,
        "jsms:appKey": app.appKey,
        "jsms:masterSecret": { value: app.masterSecret, secret: true },
    };
}
