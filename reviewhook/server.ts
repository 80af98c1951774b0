import * as http from "node:http";
import { answerVerification, receiveCallback } from "./callbackRoutes";
import { HookError, type HookContext, type LogFields } from "./hookContext";
import { sendJson } from "../httpserver/responses";
import { JOURNAL_PATH, serveJournal } from "./journalRoutes";
import { serveResult } from "./resultRoutes";
import { isStoreUnavailable, RETRY_AFTER_SECONDS } from "./storeHealth";

const CALLBACK_PATH = /^\/callbacks(?:\/([^/]+))?\/?$/;
const RESULT_PATH = /^\/v1\/apps\/([^/]+)\/(templates|signs)\/([^/]+)$/;

/** The longest path or method written to a log line or an error: a caller chooses them. */
const MAX_LOGGED_LENGTH = 200;

/**
 * The hook's HTTP server: `/callbacks` for JSMS, `/v1/apps/…` and `/v1/journal/…` for the provider, `/healthz` for
 * orchestrators.
 * Every request leaves one log line with its outcome; bodies, signatures and tokens are never logged. Slow clients
 * are cut by the headers and request timeouts, and connections beyond the cap are closed as they arrive.
 */
export function createHookServer(context: HookContext): http.Server {
    const { headersTimeoutMs, requestTimeoutMs, maxConnections } = context.options;
    const serverOptions: http.ServerOptions = {
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        // Node checks both timeouts on this interval (30 s by default), which would stretch a short timeout.
        connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeoutMs / 2))),
    };
    const server = http.createServer(serverOptions, (req, res) => {
        const started = process.hrtime.bigint();
        const fields: LogFields = {};
        // The path only: a query could carry anything a caller chose to put there.
        const url = new URL(req.url ?? "/", "http://hook.invalid");
        res.once("finish", () => {
            const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
            const level = res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info";
            context.log.write(level, "request", {
                method: clip(req.method ?? ""),
                path: clip(url.pathname),
                status: res.statusCode,
                durationMs,
                ...fields,
            });
            if (context.draining) {
                // A keep-alive connection would otherwise hold a graceful close open until it times out.
                setImmediate(() => server.closeIdleConnections());
            }
        });
        handle(context, req, res, url, fields).catch((error: unknown) => {
            if (error instanceof HookError) {
                fields.error = error.message;
                sendJson(res, error.status, { error: { message: error.message } });
                return;
            }
            // A database that is down, locked or overloaded: 503 and when to come back. Anything else is a bug: 500.
            // Either way JSMS retries later, which is what we want.
            fields.error = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error";
            if (!res.headersSent) {
                if (isStoreUnavailable(error)) {
                    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
                    sendJson(res, 503, { error: { message: "the database is unavailable; try again later" } });
                } else {
                    sendJson(res, 500, { error: { message: "internal error" } });
                }
            } else {
                res.destroy();
            }
        });
    });
    server.maxConnections = maxConnections;
    return server;
}

async function handle(
    context: HookContext,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    fields: LogFields,
) {
    const method = req.method ?? "GET";
    const path = url.pathname;
    const callback = CALLBACK_PATH.exec(path);
    if (callback) {
        const appKey = callback[1] === undefined ? undefined : segment(callback[1]);
        if (method === "GET") {
            return answerVerification(context, url, appKey, res, fields);
        }
        if (method === "POST") {
            return receiveCallback(context, req, appKey, res, fields);
        }
        throw new HookError(405, `${method} is not supported on ${path}`);
    }
    const result = RESULT_PATH.exec(path);
    if (result) {
        if (method !== "GET") {
            throw new HookError(405, `${method} is not supported on ${path}`);
        }
        const kind = result[2] === "templates" ? "template" : "sign";
        return serveResult(context, req, res, { appKey: segment(result[1]), kind, id: result[3] }, fields);
    }
    const journal = JOURNAL_PATH.exec(path);
    if (journal) {
        return serveJournal(context, req, res, journal, url, fields);
    }
    if (path === "/healthz" && method === "GET") {
        return answerHealth(context, res, fields);
    }
    throw new HookError(404, `no route for ${clip(method)} ${clip(path)}`);
}

/**
 * `/healthz`: 200 while the database answers and the last write succeeded; 503 otherwise. After a failed write it
 * tries a small write of its own, so that a hook whose disk or database recovered becomes healthy without waiting
 * for a callback (which an orchestrator would not send it while it is unhealthy).
 */
async function answerHealth(context: HookContext, res: http.ServerResponse, fields: LogFields) {
    const { store, health } = context;
    try {
        if (health.lastFailure) {
            await store.probeWrite(Date.now());
            health.writeSucceeded();
        }
        const reviews = await store.reviewCount();
        sendJson(res, 200, { status: "ok", store: store.kind, reviews });
    } catch (error) {
        if (!health.lastFailure) {
            // Unreachable rather than failing writes: reported, but not remembered as a failed write.
            fields.error = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error";
            return sendJson(res, 503, {
                status: "unavailable",
                store: store.kind,
                error: "the database does not answer",
            });
        }
        fields.error = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error";
        sendJson(res, 503, {
            status: "failing",
            store: store.kind,
            error: "the last write failed",
            since: health.lastFailure!.at,
        });
    }
}

/** A caller-chosen string cut to a length fit for a log line. */
function clip(text: string): string {
    return text.length > MAX_LOGGED_LENGTH ? `${text.slice(0, MAX_LOGGED_LENGTH)}…` : text;
}

/** A decoded path segment; a malformed escape is the caller's mistake (400), not a server error. */
function segment(raw: string): string {
    try {
        return decodeURIComponent(raw);
    } catch {
        throw new HookError(400, "the path holds a malformed escape");
    }
}
