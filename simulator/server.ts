import * as http from "node:http";
import type { ApiRoute } from "./apiRoute";
import { authenticate } from "./auth";
import { balanceRoutes } from "./balanceRoutes";
import type { SimulatorContext } from "./context";
import { handleControl } from "./controlRoutes";
import type { CreateFaultMode } from "./faults";
import { sendJson } from "pulumi-jsms/httpserver/responses";
import { sendEmpty, sendVendorError } from "./responses";
import { signatureRoutes } from "./signatureRoutes";
import { templateRoutes } from "./templateRoutes";
import { VendorError, vendorErrorInfo } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

const API_ROUTES: ApiRoute[] = [...templateRoutes, ...signatureRoutes, ...balanceRoutes];

/** The simulator's HTTP server: `/_sim` goes to the control API, everything else is JSMS. */
export function createSimulatorServer(context: SimulatorContext): http.Server {
    return http.createServer((req, res) => {
        handle(context, req, res).catch((error: unknown) => {
            // A bug in the control API or in settling reviews: report it and answer like the vendor's server error.
            console.error("jsms-simulator: unexpected error", error);
            if (!res.headersSent) {
                sendVendorError(res, JsmsCode.ServerError);
            }
        });
    });
}

async function handle(context: SimulatorContext, req: http.IncomingMessage, res: http.ServerResponse) {
    const path = (req.url ?? "/").split("?")[0];
    const { store, reviews } = context;
    if (reviews.settle([...store.allTemplates(), ...store.allSigns()], Date.now())) {
        store.commit();
    }
    if (path === "/_sim" || path.startsWith("/_sim/")) {
        await handleControl(context, req, res, path);
    } else {
        await handleApi(context, req, res, path);
    }
}

/**
 * A JSMS request, in this order: latency, rate limit and random errors, then path (404/50016) and method
 * (405/50018), credentials (400/50001, 401/50002), the handler, and for a create that was inserted, the create
 * fault if one is due. Every answer is logged without credentials.
 */
async function handleApi(context: SimulatorContext, req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    const method = req.method ?? "GET";
    let app: string | null = null;
    let code: number = JsmsCode.Success;
    let status: number | undefined;
    let fault: CreateFaultMode = "none";
    try {
        await context.faults.delay();
        const tripped = context.faults.trip(Date.now());
        if (tripped) {
            throw new VendorError(tripped);
        }
        const route = API_ROUTES.find((candidate) => candidate.path.test(path));
        if (!route) {
            throw new VendorError(JsmsCode.ApiNotFound);
        }
        const handler = Object.hasOwn(route.methods, method) ? route.methods[method] : undefined;
        if (!handler) {
            throw new VendorError(JsmsCode.MethodNotSupported);
        }
        const key = authenticate(req, route.realm, context.options);
        app = route.realm === "app" ? key : null;
        const params = route.path.exec(path)!.slice(1);
        const body = await handler({ req, params, key, context });
        fault = route.creates ? context.faults.afterInsert() : "none";
        if (fault === "insert-then-error") {
            throw new VendorError(JsmsCode.ServerError);
        }
        if (fault === "insert-then-drop") {
            // The object exists; the client gets a reset instead of its id.
            req.socket.destroy();
            status = 0;
        } else if (fault === "insert-then-slow") {
            await holdUntilLaterOrGone(res, context.faults.current().createFaultDelayMs);
        }
        if (status === 0 || res.destroyed) {
            status = 0;
        } else if (body === undefined) {
            sendEmpty(res);
        } else {
            sendJson(res, 200, body);
        }
    } catch (error) {
        // A client that hung up before its body was read (its own timeout) is no bug of the simulator.
        const clientGone = req.destroyed && (error as { code?: unknown }).code === "ECONNRESET";
        if (!(error instanceof VendorError) && !clientGone) {
            // A bug in the simulator, not a JSMS answer: report it, then answer like the vendor's server error.
            console.error("jsms-simulator: unexpected error", error);
        }
        code = error instanceof VendorError ? error.code : JsmsCode.ServerError;
        if (!res.headersSent) {
            sendVendorError(res, code, error instanceof VendorError ? error.vendorMessage : undefined);
        }
    }
    context.log.record({
        method,
        path,
        status: status ?? (code === JsmsCode.Success ? 200 : vendorErrorInfo(code).http),
        code,
        app,
        ...(fault !== "none" ? { fault } : {}),
    });
}

/** Waits `ms`, or less if the client goes away first (then nothing is left to answer, and no timer lingers). */
function holdUntilLaterOrGone(res: http.ServerResponse, ms: number): Promise<void> {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            res.off("close", done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        res.once("close", done);
    });
}
