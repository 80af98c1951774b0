/**
 * `pulumi-resource-jsms`: the `jsms` provider plugin's process. The engine starts it with its own address as the
 * last argument; it serves the provider protocol on 127.0.0.1 and prints its port, like every Pulumi plugin.
 */
import "./nodeVersion";
import "../provider/compileCache";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { EngineConnection } from "../provider/engineConnection";
import { JsmsProviderService } from "./providerService";
import { packageVersion } from "./schemaDocument";

/** Protocol messages can carry a whole schema or a large state; the engine's own limit is 400 MiB. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Starts the server and returns its port. */
export async function serve(
    args: readonly string[],
): Promise<{ port: number; server: grpc.Server; service: JsmsProviderService }> {
    const address = engineAddressFrom(args);
    const service = new JsmsProviderService({
        version: packageVersion(),
        engine: address ? new EngineConnection(address) : undefined,
    });
    const server = new grpc.Server({
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    });
    server.addService(provrpc.ResourceProviderService, service.implementation());
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
        ),
    );
    return { port, server, service };
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

if (require.main === module) {
    serve(process.argv.slice(2)).then(
        ({ port }) => {
            // The engine reads the port from the first line of stdout; anything else goes to stderr.
            process.stdout.write(`${port}\n`);
        },
        (err) => {
            process.stderr.write(`pulumi-resource-jsms: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
