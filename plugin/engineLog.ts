/**
 * Messages to the engine's log (the `Diagnostics:` of `pulumi preview`/`up`), attached to a resource's URN: the
 * plugin tells the reviewer why a change of copy is an update or a replacement. The engine's address is the
 * plugin's command-line argument.
 */
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";

/** How serious a message is, as the engine prints it. */
export type LogSeverity = "info" | "warning";

/** Writes to the engine's log; a failed write is dropped (a message must never fail an operation). */
export class EngineLog {
    private readonly client?: InstanceType<typeof enginerpc.EngineClient>;

    constructor(engineAddress: string | undefined) {
        if (engineAddress) {
            this.client = new enginerpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
        }
    }

    /** Logs `message` on the resource `urn`; resolves once the engine has it (or could not take it). */
    log(severity: LogSeverity, message: string, urn: string): Promise<void> {
        const client = this.client;
        if (!client) {
            return Promise.resolve();
        }
        const request = new engineproto.LogRequest();
        request.setSeverity(severity === "warning" ? engineproto.LogSeverity.WARNING : engineproto.LogSeverity.INFO);
        request.setMessage(message);
        request.setUrn(urn);
        return new Promise((resolve) => client.log(request, () => resolve()));
    }

    /** Closes the connection to the engine. */
    close(): void {
        this.client?.close();
    }
}

/**
 * The engine's address among the plugin's arguments: the engine passes flags (`--logtostderr`, `-v=9`,
 * `--tracing <address>`) before it, so it is the last argument that is neither a flag nor a flag's value.
 */
export function engineAddressFrom(args: readonly string[]): string | undefined {
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "--tracing") {
            i++;
        } else if (!args[i].startsWith("-")) {
            positional.push(args[i]);
        }
    }
    return positional[positional.length - 1];
}
