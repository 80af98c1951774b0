import * as http from "node:http";
import { answerVerification, receiveCallback } from "./callbackRoutes";
import { HookError, type HookContext, type LogFields } from "./hookContext";
import { sendJson } from "../httpserver/responses";
import { serveResult } from "./resultRoutes";

const CALLBACK_PATH = /^\/callbacks(?:\/([^/]+))?\/?$/;
const RESULT_PATH = /^\/v1\/apps\/([^/]+)\/(templates|signs)\/([^/]+)$/;

/**
 * The hook's HTTP server: `/callbacks` for JSMS, `/v1/apps/…` for the provider, `/healthz` for orchestrators.
 * Every request leaves one log line with its outcome; bodies, signatures and tokens are never logged.
 */
export function createHookServer(context: HookContext): http.Server {
    const server = http.createServer((req, res) => {
        const started = process.hrtime.bigint();
        const fields: LogFields = {};
        // The path only: a query could carry anything a caller chose to put there.
        const url = new URL(req.url ?? "/", "http://hook.invalid");
        res.once("finish", () => {
            const durationMs = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
            const level = res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info";
            context.log.write(level, "request", { method: req.method, path: url.pathname, status: res.statusCode, durationMs, ...fields });
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
            // A bug or a database failure: a 500 makes JSMS retry later, which is what we want.
            fields.error = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected error";
            if (!res.headersSent) {
                sendJson(res, 500, { error: { message: "internal error" } });
            } else {
                res.destroy();
            }
        });
    });
    return server;
}

async function handle(context: HookContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL, fields: LogFields) {
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
    if (path === "/healthz" && method === "GET") {
        // Touches the database, so a hook whose disk went away reports it.
        return sendJson(res, 200, { status: "ok", reviews: context.store.reviewCount() });
    }
    throw new HookError(404, `no route for ${method} ${path}`);
}

/** A decoded path segment; a malformed escape is the caller's mistake (400), not a server error. */
function segment(raw: string): string {
    try {
        return decodeURIComponent(raw);
    } catch {
        throw new HookError(400, "the path holds a malformed escape");
    }
}
