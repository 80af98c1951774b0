/**
 * The provider process's line back to the Pulumi engine that started it: log lines the CLI shows, and a signal that
 * fires once the engine is gone (the CLI was stopped or killed), so the provider stops sending requests nobody will
 * record. The dynamic provider process gets the engine's gRPC address as its first argument
 * (`node …/cmd/dynamic-provider/index.js <engine address>`); the engine serves `pulumirpc.Engine/Log` and the
 * standard gRPC health service there. The plugin (`plugin/main.ts`) uses the same connection with its own address.
 */
import * as grpc from "@grpc/grpc-js";
import * as path from "path";
import * as rpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/engine_pb";

/** How often and how patiently the engine is checked. */
export interface EngineWatchOptions {
    /** Time between two health checks, in ms. */
    healthCheckIntervalMs: number;
    /** Deadline of one health check, in ms. */
    healthCheckTimeoutMs: number;
    /** Consecutive failed checks after which the engine counts as gone (one slow answer from a busy engine is not death). */
    failuresBeforeGone: number;
}

/**
 * 1 s between checks and 2 failures: a killed CLI refuses the connection at once, so it is noticed within about 2 s
 * (measured: 3 requests at 2 req/s left after kill -9, none after), while an engine that is only busy gets 2 s per
 * answer and a second chance. A check is one tiny local RPC a second.
 */
export const ENGINE_WATCH_DEFAULTS: Readonly<EngineWatchOptions> = Object.freeze({
    healthCheckIntervalMs: 1000,
    healthCheckTimeoutMs: 2000,
    failuresBeforeGone: 2,
});

/** The engine's log severities. */
export type EngineLogSeverity = "debug" | "info" | "warning" | "error";

/** Where a log line goes besides its severity. */
export interface EngineLogOptions {
    /** The resource the line is about; without it the line is a global diagnostic (dynamic providers know no URN). */
    urn?: string;
    /** Shown in the progress view only, not kept in the diagnostics summary. */
    ephemeral?: boolean;
}

/** Why the signal aborted, for the errors of requests dropped because of it. */
export class EngineGoneError extends Error {
    constructor(address: string, detail: string) {
        super(
            `the Pulumi engine at ${address} is gone (${detail}): the CLI was stopped, so the provider sends nothing more; ` +
                "run pulumi up again (after pulumi cancel if the stack is still locked)",
        );
        this.name = "EngineGoneError";
    }
}

/** A connection to the engine: log lines, and `signal`, which aborts once the engine stops answering. */
export class EngineConnection {
    /** Aborts (with an `EngineGoneError`) once the engine has failed `failuresBeforeGone` health checks in a row. */
    readonly signal: AbortSignal;
    private readonly controller = new AbortController();
    private readonly client: rpc.EngineClient;
    private timer: NodeJS.Timeout | undefined;
    private failures = 0;
    private closed = false;
    private readonly watch: EngineWatchOptions;

    /** Connects lazily to `address` (`host:port`) and starts watching it. */
    constructor(
        readonly address: string,
        options: Partial<EngineWatchOptions> = {},
    ) {
        this.watch = { ...ENGINE_WATCH_DEFAULTS, ...options };
        this.client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
        this.signal = this.controller.signal;
        this.schedule();
    }

    /** Sends one line to the engine's log; resolves true once the engine took it, false otherwise (never rejects). */
    log(severity: EngineLogSeverity, message: string, options: EngineLogOptions = {}): Promise<boolean> {
        if (this.closed || this.signal.aborted) return Promise.resolve(false);
        const request = new pb.LogRequest();
        const levels = {
            debug: pb.LogSeverity.DEBUG,
            info: pb.LogSeverity.INFO,
            warning: pb.LogSeverity.WARNING,
            error: pb.LogSeverity.ERROR,
        };
        request.setSeverity(levels[severity]);
        request.setMessage(message);
        request.setUrn(options.urn ?? "");
        request.setEphemeral(options.ephemeral ?? false);
        return new Promise((resolve) => {
            this.client.log(
                request,
                new grpc.Metadata(),
                { deadline: Date.now() + this.watch.healthCheckTimeoutMs },
                (error) => resolve(!error),
            );
        });
    }

    /** An info line (see `log`). */
    info(message: string, urn?: string): Promise<boolean> {
        return this.log("info", message, { urn });
    }

    /** A warning line (see `log`). */
    warn(message: string, urn?: string): Promise<boolean> {
        return this.log("warning", message, { urn });
    }

    /** Stops watching and closes the channel; the signal does not fire because of it. */
    close(): void {
        this.closed = true;
        if (this.timer) clearTimeout(this.timer);
        this.client.close();
    }

    private schedule(): void {
        if (this.closed || this.signal.aborted) return;
        this.timer = setTimeout(() => this.check(), this.watch.healthCheckIntervalMs);
        // The watch must never be what keeps the provider process alive.
        this.timer.unref();
    }

    /** One `grpc.health.v1.Health/Check` on the engine's channel; UNIMPLEMENTED still proves something answers. */
    private check(): void {
        const g = grpc;
        const empty = Buffer.alloc(0);
        this.client.makeUnaryRequest<Buffer, Buffer>(
            "/grpc.health.v1.Health/Check",
            (value) => value,
            (bytes) => bytes,
            empty,
            new g.Metadata(),
            { deadline: Date.now() + this.watch.healthCheckTimeoutMs },
            (error) => {
                if (this.closed) return;
                if (!error || error.code === g.status.UNIMPLEMENTED) {
                    this.failures = 0;
                } else if (++this.failures >= this.watch.failuresBeforeGone) {
                    this.controller.abort(new EngineGoneError(this.address, error.details || g.status[error.code]));
                    this.client.close();
                    return;
                }
                this.schedule();
            },
        );
    }
}

/** Whether this process is the Pulumi dynamic provider (`node …/@pulumi/pulumi/cmd/dynamic-provider[/index.js] <engine>`). */
export function isDynamicProviderProcess(argv: readonly string[] = process.argv): boolean {
    const script = argv[1] ?? "";
    return /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script) && /^[\w.\-[\]:]+:\d+$/.test(argv[2] ?? "");
}

let processConnection: EngineConnection | null | undefined;

/** How long a dynamic provider process whose engine is gone lives on: long enough for a request in flight to end. */
const ORPHAN_EXIT_GRACE_MS = 10_000;

/**
 * The connection of this dynamic provider process to its engine, made on first use from `process.argv[2]`, or
 * undefined in any other process (the program, tests).
 */
export function engineConnection(): EngineConnection | undefined {
    if (processConnection === undefined) {
        processConnection = isDynamicProviderProcess() ? new EngineConnection(process.argv[2]) : null;
        // Nobody is left to answer: the process ends once the requests already sent have had time to come back.
        processConnection?.signal.addEventListener("abort", () =>
            setTimeout(() => process.exit(0), ORPHAN_EXIT_GRACE_MS).unref(),
        );
    }
    return processConnection ?? undefined;
}

/** Where the dynamic provider script lives, for tests that want to check `isDynamicProviderProcess` against it. */
export function dynamicProviderScript(): string {
    return path.join(
        path.dirname(require.resolve("@pulumi/pulumi/package.json")),
        "cmd",
        "dynamic-provider",
        "index.js",
    );
}
