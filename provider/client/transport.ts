/**
 * One HTTP exchange with JSMS over a pooled undici connection: headers, timeouts, and turning every way it can
 * fail into a JsmsError. Retrying is not its job (see `retry.ts`).
 */
import type { Readable } from "stream";
import { Pool } from "undici";
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
    "UND_ERR_CONNECT_TIMEOUT",
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

/** Sends requests to one JSMS endpoint over a connection pool of its own. */
export class Transport {
    /** `host:port` of the endpoint, for error messages. */
    readonly host: string;
    /** The undici pool: one per client, so connections are reused across calls. */
    private readonly pool: Pool;
    /** Path prefix of the endpoint (usually empty), for endpoints behind a path-routing proxy. */
    private readonly basePath: string;
    private readonly requestTimeoutMs: number;
    private closed = false;

    /** Opens no connection yet: undici connects on the first request. */
    constructor(options: TransportOptions) {
        // Validated where it is read (jsms:endpoint in provider/settings.ts: an http(s) URL without credentials).
        const url = new URL(options.endpoint);
        this.host = url.host;
        // Users may paste the documented base URL including /v1; every path here already starts with /v1.
        this.basePath = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
        this.requestTimeoutMs = options.requestTimeoutMs;
        this.pool = new Pool(url.origin, {
            connections: options.maxConcurrency,
            headersTimeout: options.requestTimeoutMs,
            bodyTimeout: options.requestTimeoutMs,
            connect: { timeout: options.requestTimeoutMs },
        });
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
        if (request.body) headers["content-type"] = request.body.contentType;
        // undici's own timers are coarse (about 1 s); the signal is what enforces requestTimeoutMs precisely, body
        // included. Not AbortSignal.timeout: its timer, and undici's listener with the request, would outlive every
        // request by the whole timeout (measured in bench/: several MB over a couple of thousand calls).
        const controller = new AbortController();
        const timer = setTimeout(
            () => controller.abort(new DOMException(`timed out after ${this.requestTimeoutMs} ms`, "TimeoutError")),
            this.requestTimeoutMs,
        );
        const signal = controller.signal;
        let status: number;
        let text: string;
        try {
            const response = await this.pool.request({
                method: request.method,
                path: this.basePath + request.path,
                headers,
                body: request.body?.bytes,
                signal,
            });
            status = response.statusCode;
            const read = await readLimited(response.headers, response.body);
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
            throw error instanceof JsmsError ? error : this.connectionError(error, signal, context);
        } finally {
            clearTimeout(timer);
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

    /** Closes the pool's connections; later requests fail. */
    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        await this.pool.close();
    }

    /** Classifies a low-level failure: not sent at all, broken after connecting, or timed out. */
    private connectionError(
        error: unknown,
        signal: AbortSignal,
        context: Pick<JsmsErrorDetails, "operation" | "subject" | "host">,
    ): Error {
        const err = error as { code?: unknown; name?: unknown; message?: unknown };
        const code = typeof err?.code === "string" ? err.code : undefined;
        if (code === "UND_ERR_DESTROYED" || code === "UND_ERR_CLOSED") {
            return new Error("The JSMS client is closed");
        }
        const timedOut =
            (signal.aborted && (error === signal.reason || err?.name === "TimeoutError")) ||
            code === "UND_ERR_HEADERS_TIMEOUT" ||
            code === "UND_ERR_BODY_TIMEOUT";
        if (timedOut) {
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
async function readLimited(
    headers: Record<string, string | string[] | undefined>,
    body: Readable,
): Promise<string | undefined> {
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
