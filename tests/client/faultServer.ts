/**
 * A tiny HTTP server on 127.0.0.1 that misbehaves on purpose, standing in for a bad network or a struggling JSMS
 * where the simulator cannot produce the exact fault: dropped connections, resets after the body was read, stalls,
 * and scripted answers. It records every request it receives.
 */
import * as http from "http";
import { AddressInfo } from "net";

/** What the server does with one request. */
export type FaultStep =
    /** Answer with a JSON body. */
    | { kind: "json"; status: number; body: unknown; delayMs?: number }
    /** Answer with a raw text body. */
    | { kind: "text"; status: number; body: string; contentType?: string; delayMs?: number }
    /** Answer with JSMS's error envelope. */
    | { kind: "jsmsError"; status: number; code: number; message: string }
    /** Destroy the socket as soon as the request line and headers arrive, before reading the body. */
    | { kind: "drop" }
    /** Read the whole request body, then reset the connection without answering. */
    | { kind: "resetAfterBody" }
    /** Never answer (the client has to time out). */
    | { kind: "hang" };

/** One request as the server saw it. */
export interface RecordedRequest {
    method: string;
    path: string;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
}

/** A running fault server. */
export interface FaultServer {
    url: string;
    port: number;
    /** Every request received, in order (including dropped ones). */
    requests: RecordedRequest[];
    close(): Promise<void>;
}

/**
 * Starts a fault server: `script` is a list of steps used one per request (the last one repeats), or a function of
 * the request's 0-based index.
 */
export async function startFaultServer(
    script: FaultStep[] | ((index: number) => FaultStep),
    port = 0,
): Promise<FaultServer> {
    const requests: RecordedRequest[] = [];
    const stepFor = (index: number): FaultStep =>
        typeof script === "function" ? script(index) : script[Math.min(index, script.length - 1)];

    const server = http.createServer((req, res) => {
        const index = requests.length;
        const record: RecordedRequest = {
            method: req.method ?? "",
            path: req.url ?? "",
            headers: req.headers,
            body: Buffer.alloc(0),
        };
        requests.push(record);
        const step = stepFor(index);
        if (step.kind === "drop") {
            req.socket.destroy();
            return;
        }
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            record.body = Buffer.concat(chunks);
            switch (step.kind) {
                case "resetAfterBody":
                    req.socket.resetAndDestroy();
                    return;
                case "hang":
                    return;
                case "jsmsError":
                    send(
                        res,
                        step.status,
                        "application/json",
                        JSON.stringify({ error: { code: step.code, message: step.message } }),
                    );
                    return;
                case "json":
                    later(step.delayMs, () => send(res, step.status, "application/json", JSON.stringify(step.body)));
                    return;
                case "text":
                    later(step.delayMs, () => send(res, step.status, step.contentType ?? "text/plain", step.body));
                    return;
            }
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
    });
    const actualPort = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${actualPort}`,
        port: actualPort,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** Runs `fn` now, or after `delayMs`. */
function later(delayMs: number | undefined, fn: () => void): void {
    if (delayMs) setTimeout(fn, delayMs);
    else fn();
}

/** Writes a complete answer. */
function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
    res.end(body);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released), for connection-refused cases. */
export async function freePort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}
