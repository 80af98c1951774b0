/**
 * One HTTP exchange with JSMS over Node's own HTTP client and a keep-alive agent: headers, timeouts, and turning
 * every way it can fail into a JsmsError. Retrying is not its job (see `retry.ts`). Node's client, not a package:
 * it is already loaded in the provider process, and every command starts a new process (docs/performance.md).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { Readable } from "node:stream";
import { JsmsError, JsmsErrorDetails } from "./jsmsError";
import { checkShape } from "../shapes/shapeCheck";
import { redactUrlsIn } from "../urlRedaction";
import { JsmsCode } from "./returnCodes";

/** How the transport reaches JSMS. */
export interface TransportOptions {
    /** Base URL without `/v1`, e.g. `https://api.sms.jpush.cn`. */
    endpoint: string;
    /** Per-attempt limit for the whole exchange (connect, headers, body), in ms. */
    requestTimeoutMs: number;
    /** Connections kept to the endpoint. */
    maxConcurrency: number;
}

/** A request body, encoded once so that a retry re-sends exactly the same bytes. */
export interface EncodedBody {
    /** The Content-Type header value. */
    readonly contentType: string;
    /** The bytes. */
    readonly bytes: Buffer;
}

/** One request to send. */
export interface TransportRequest {
    method: "GET" | "POST" | "PUT" | "DELETE";
    /** Path from the API root, e.g. `/v1/templates/10001`. */
    path: string;
    /** The full `Authorization` header value; never copied into errors. */
    authorization: string;
    body?: EncodedBody;
    /** The object concerned, for error messages. */
    subject?: string;
}

/** A 2xx answer: its status and its body as text. */
export interface TransportResponse {
    status: number;
    text: string;
}

/** The most of an answer that is read: JSMS's answers are a few hundred bytes, so 1 MiB leaves room to spare. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * How long a kept connection may sit idle before it is closed (undici's default, which the client used before); a
 * server that advertises a shorter keep-alive timeout gets a second less than it advertises.
 */
export const IDLE_CONNECTION_MS = 4_000;

/** Error codes of failures that happen before a single byte of the request could reach the server. */
const NOT_SENT_CODES = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EAI_NONAME",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ENETDOWN",
    "EADDRNOTAVAIL",
]);

/** Encodes a JSON request body; JSMS documents `application/json` and the charset avoids mangled Chinese copy. */
export function jsonBody(value: unknown): EncodedBody {
    return { contentType: "application/json;charset=utf-8", bytes: Buffer.from(JSON.stringify(value), "utf8") };
}

/** Encodes a multipart/form-data body with the platform's own encoder, which picks the boundary and names it. */
export async function multipartBody(form: FormData): Promise<EncodedBody> {
    const encoded = new Response(form);
    const contentType = encoded.headers.get("content-type");
    if (contentType === null) throw new Error("the multipart encoder gave no content type");
    return { contentType, bytes: Buffer.from(await encoded.arrayBuffer()) };
}

/** Where one request stands, for the timer that ends it and for classifying how it failed. */
interface Exchange {
    /** A connection is open (TLS included): from then on bytes may have reached the server. */
    connected: boolean;
    /** The timer ended it. */
    timedOut: boolean;
    /** The request, once written. */
    outgoing?: http.ClientRequest;
    /** Fails the wait for the answer's head. */
    fail?: (error: unknown) => void;
}

/** Sends requests to one JSMS endpoint over a connection pool of its own. */
export class Transport {
    /** `host:port` of the endpoint, for error messages. */
    readonly host: string;
    /** Where every request goes, as `http.request` takes it (an IPv6 host without its brackets). */
    private readonly target: { protocol: string; hostname: string; port: string | undefined };
    /** The socket event after which bytes may reach the server: the TLS handshake's end, or the TCP connect. */
    private readonly openedEvent: "secureConnect" | "connect";
    /** Keeps up to `maxConcurrency` connections to the endpoint open between calls; one per client. */
    private readonly agent: http.Agent;
    /** `http.request` or `https.request`, as the endpoint says. */
    private readonly openRequest: typeof http.request;
    /** Path prefix of the endpoint (usually empty), for endpoints behind a path-routing proxy. */
    private readonly basePath: string;
    private readonly requestTimeoutMs: number;
    private closed = false;
    /** Requests between `send` and their answer read; `close` lets them finish. */
    private inFlight = 0;
    /** Resolves `close` once the last request in flight is done. */
    private drained: (() => void) | undefined;

    /** Opens no connection yet: the agent connects on the first request. */
    constructor(options: TransportOptions) {
        // Validated where it is read (jsms:endpoint in provider/settings.ts: an http(s) URL without credentials).
        const url = new URL(options.endpoint);
        this.host = url.host;
        // Users may paste the documented base URL including /v1; every path here already starts with /v1.
        this.basePath = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
        this.requestTimeoutMs = options.requestTimeoutMs;
        const secure = url.protocol === "https:";
        this.target = {
            protocol: url.protocol,
            hostname: url.hostname.replace(/^\[|\]$/g, ""),
            port: url.port || undefined,
        };
        this.openedEvent = secure ? "secureConnect" : "connect";
        // With an idle timeout of its own, Node's agent also honours the server's keep-alive hint (without one it keeps
        // idle connections forever), so a request is not written into a connection the server is about to close.
        const agentOptions = { keepAlive: true, maxSockets: options.maxConcurrency, timeout: IDLE_CONNECTION_MS };
        this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
        this.openRequest = secure ? https.request : http.request;
    }

    /** Sends one request and returns a 2xx answer, or throws a JsmsError saying what went wrong. */
    async send(request: TransportRequest): Promise<TransportResponse> {
        const operation = `${request.method} ${request.path}`;
        const context = { operation, subject: request.subject, host: this.host };
        if (this.closed) throw new Error("The JSMS client is closed");
        const headers: Record<string, string> = {
            authorization: request.authorization,
            accept: "application/json",
            "user-agent": "pulumi-jsms",
        };
        if (request.body) {
            headers["content-type"] = request.body.contentType;
            headers["content-length"] = String(request.body.bytes.length);
        }
        // One timer bounds the whole exchange (connect, headers, body) by destroying the request: no AbortSignal,
        // whose listeners cost each request about 0.1 ms more (profiled) and could outlive it.
        const exchange: Exchange = { connected: false, timedOut: false };
        const timer = setTimeout(() => {
            exchange.timedOut = true;
            const error = new DOMException(`timed out after ${this.requestTimeoutMs} ms`, "TimeoutError");
            // A request still waiting for a connection reports a destroy only once it gets one: fail it now.
            if (exchange.outgoing && !exchange.outgoing.socket) exchange.fail?.(error);
            exchange.outgoing?.destroy(error);
        }, this.requestTimeoutMs);
        let status: number;
        let text: string;
        this.inFlight++;
        try {
            const response = await this.exchange(request, headers, exchange);
            status = response.statusCode ?? 0;
            const read = await readLimited(response.headers, response);
            if (read === undefined) {
                throw new JsmsError({
                    failure: "malformed",
                    ...context,
                    httpStatus: status,
                    reason: `the body is larger than 1 MiB (${MAX_RESPONSE_BYTES} bytes), far more than any JSMS answer, so reading stopped there; check jsms:endpoint`,
                });
            }
            text = read;
        } catch (error) {
            throw error instanceof JsmsError ? error : this.connectionError(error, exchange, context);
        } finally {
            clearTimeout(timer);
            if (--this.inFlight === 0) this.drained?.();
        }
        const answered = parseErrorBody(text);
        if (status >= 200 && status <= 299 && (answered === undefined || answered.code === JsmsCode.Success)) {
            return { status, text };
        }
        throw new JsmsError({
            failure: "response",
            ...context,
            httpStatus: status,
            code: answered?.code,
            vendorMessage: answered?.message,
        });
    }

    /** Lets the requests in flight finish, then closes the connections; later requests fail. */
    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
        this.agent.destroy();
    }

    /** Writes the request and resolves with the answer's head (its body still to read), keeping `exchange` current. */
    private exchange(
        request: TransportRequest,
        headers: Record<string, string>,
        exchange: Exchange,
    ): Promise<http.IncomingMessage> {
        return new Promise((resolve, reject) => {
            const outgoing = this.openRequest(
                {
                    ...this.target,
                    method: request.method,
                    path: this.basePath + request.path,
                    headers,
                    agent: this.agent,
                },
                resolve,
            );
            exchange.outgoing = outgoing;
            exchange.fail = reject;
            outgoing.once("socket", (socket) => {
                const opened = () => {
                    exchange.connected = true;
                };
                if (!socket.connecting && !(socket as { pending?: boolean }).pending) opened();
                else socket.once(this.openedEvent, opened);
            });
            outgoing.once("error", reject);
            outgoing.end(request.body?.bytes);
        });
    }

    /** Classifies a low-level failure: not sent at all, broken after connecting, or timed out. */
    private connectionError(
        error: unknown,
        exchange: Exchange,
        context: Pick<JsmsErrorDetails, "operation" | "subject" | "host">,
    ): Error {
        const err = error as { code?: unknown; name?: unknown; message?: unknown };
        const code = typeof err?.code === "string" ? err.code : undefined;
        if (exchange.timedOut) {
            // Before a connection was open nothing was sent, so it is a failure to connect.
            if (!exchange.connected) {
                const reason = `no connection within ${this.requestTimeoutMs} ms`;
                return new JsmsError({ failure: "connect", ...context, reason, cause: error });
            }
            return new JsmsError({ failure: "timeout", ...context, timeoutMs: this.requestTimeoutMs, cause: error });
        }
        // Quoted in errors and logs: a URL in a low-level message loses its user-info.
        const message = redactUrlsIn(typeof err?.message === "string" && err.message ? err.message : String(error));
        const reason = code && !message.includes(code) ? `${message} (${code})` : message;
        if (code && NOT_SENT_CODES.has(code)) {
            return new JsmsError({ failure: "connect", ...context, reason, cause: error });
        }
        if (code && (code.startsWith("ERR_TLS") || code.includes("CERT") || code === "ERR_SSL_WRONG_VERSION_NUMBER")) {
            // Nothing was sent, but a certificate problem does not go away by retrying.
            return new JsmsError({ failure: "connect", ...context, reason, retryable: false, cause: error });
        }
        return new JsmsError({ failure: "network", ...context, reason, cause: error });
    }
}

/**
 * The body as UTF-8 text, or undefined when it is longer than {@link MAX_RESPONSE_BYTES}: a declared length over the
 * limit is refused unread, and a longer stream is cut off (destroying the body closes the connection), so a runaway
 * answer costs at most the limit in memory.
 */
async function readLimited(headers: http.IncomingHttpHeaders, body: Readable): Promise<string | undefined> {
    const declared = Number(headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
        body.destroy();
        return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
            body.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
}

/** The `{"error": {...}}` envelope of a body, or undefined when the body is not one (empty, not JSON, other shape). */
function parseErrorBody(text: string): { code: number; message?: string } | undefined {
    if (!text.trim()) return undefined;
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        return undefined;
    }
    const checked = checkShape("jsmsError", json);
    return checked.ok ? checked.value.error : undefined;
}
