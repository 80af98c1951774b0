import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { isLoopbackHostname } from "pulumi-jsms/httpserver/loopbackHost";
import { mediaType } from "./requestBody";
import { CallbackVerificationError } from "./callbackSender";
import type { SimulatorContext } from "./context";
import { NO_FAULTS } from "./faults";
import { BodyTooLargeError, readLimitedBody } from "pulumi-jsms/httpserver/requestBody";
import { sendJson } from "pulumi-jsms/httpserver/responses";
import { REVIEW_STATUSES, ReviewCode, type ReviewStatus } from "pulumi-jsms/schema/reviewStatus";
import type { BalanceRecord, SignRecord, TemplateRecord } from "./store";

/** A control request: its path segments and parsed JSON body (empty body = `{}`). */
interface ControlCall {
    params: string[];
    body: unknown;
    context: SimulatorContext;
}

interface ControlRoute {
    path: RegExp;
    methods: Partial<Record<string, (call: ControlCall) => unknown | Promise<unknown>>>;
}

/** A failed control request: a plain HTTP status and message, since `/_sim` is not part of JSMS. */
class ControlError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

const reviewBody = z
    .strictObject({
        status: z.enum(REVIEW_STATUSES),
        reason: z.string().min(1).max(500).optional(),
    })
    .refine((body) => body.reason === undefined || body.status === "rejected", {
        message: "a reason goes with a rejection only",
        path: ["reason"],
    });
const callbacksBody = z.record(z.string(), z.string().nullable());
const usageBody = z.strictObject({ inUse: z.boolean().optional(), isDefault: z.boolean().optional() });
const count = z.number().int().nonnegative().nullable().optional();
const balancePatch = z.strictObject({ balance: count, voice: count, industry: count, market: count });
const balancesBody = z.strictObject({
    app: z.record(z.string(), balancePatch.nullable()).optional(),
    dev: balancePatch.optional(),
});
const faultsBody = z.strictObject({
    latencyMs: z.number().int().nonnegative().optional(),
    rateLimitPerSecond: z.number().int().nonnegative().optional(),
    errorRate: z.number().min(0).max(1).optional(),
    createFault: z.enum(["none", "insert-then-error", "insert-then-slow", "insert-then-drop"]).optional(),
    createFaultCount: z.number().int().nonnegative().optional(),
    createFaultRate: z.number().min(0).max(1).optional(),
    createFaultDelayMs: z.number().int().nonnegative().optional(),
    seed: z.number().int().optional(),
});
const templateEditBody = z.strictObject({
    template: z.string().optional(),
    type: z.number().int().optional(),
    ttl: z.number().nullable().optional(),
    remark: z.string().nullable().optional(),
    status: z.enum(REVIEW_STATUSES).optional(),
});

const signEditBody = z.strictObject({
    sign: z.string().optional(),
    type: z.number().int().nullable().optional(),
    remark: z.string().nullable().optional(),
    status: z.enum(REVIEW_STATUSES).optional(),
});

/** The test hooks under `/_sim`: review decisions, usage flags, balances, faults, the request log and state. */
const controlRoutes: ControlRoute[] = [
    { path: /^\/_sim\/state$/, methods: { GET: ({ context }) => stateView(context) } },
    {
        path: /^\/_sim\/requests$/,
        methods: { GET: ({ context }) => context.log.list(), DELETE: clearRequests },
    },
    { path: /^\/_sim\/requests\/counts$/, methods: { GET: requestCounts } },
    { path: /^\/_sim\/reset$/, methods: { POST: reset } },
    { path: /^\/_sim\/balances$/, methods: { PUT: updateBalances } },
    { path: /^\/_sim\/faults$/, methods: { PUT: updateFaults } },
    { path: /^\/_sim\/callbacks$/, methods: { GET: callbacksView, PUT: updateCallbacks } },
    { path: /^\/_sim\/templates\/(\d+)\/review$/, methods: { POST: reviewTemplate } },
    { path: /^\/_sim\/templates\/(\d+)$/, methods: { PUT: editTemplate, DELETE: removeTemplate } },
    { path: /^\/_sim\/signs\/(\d+)\/review$/, methods: { POST: reviewSign } },
    { path: /^\/_sim\/signs\/(\d+)\/usage$/, methods: { POST: setSignUsage } },
    { path: /^\/_sim\/signs\/(\d+)$/, methods: { PUT: editSign, DELETE: removeSign } },
];

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const MAX_CONTROL_BODY = 1024 * 1024;

/**
 * Serves a `/_sim` request: no auth and no faults, but only from loopback, and nothing a web page could send. A
 * foreign `Origin` is a cross-site request; a `Host` that is not loopback is a page whose own name was made to resolve
 * to 127.0.0.1 (DNS rebinding); a body that is not JSON needs no CORS preflight, so a page could send it blind.
 */
export async function handleControl(
    context: SimulatorContext,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
) {
    try {
        if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) {
            throw new ControlError(403, "the control API answers loopback clients only");
        }
        refuseWebPages(req);
        const route = controlRoutes.find((candidate) => candidate.path.test(path));
        if (!route) {
            throw new ControlError(404, `unknown control path ${path}`);
        }
        const method = req.method ?? "";
        const handler = Object.hasOwn(route.methods, method) ? route.methods[method] : undefined;
        if (!handler) {
            throw new ControlError(405, `${req.method} is not supported on ${path}`);
        }
        const params = route.path.exec(path)!.slice(1);
        const result = await handler({ params, body: await jsonBody(req), context });
        sendJson(res, 200, result);
    } catch (error) {
        if (!(error instanceof ControlError)) {
            throw error;
        }
        sendJson(res, error.status, { error: { message: error.message } });
    }
}

/** Refuses what only a browser would send: a non-loopback Host or Origin, or a body that is not JSON. */
function refuseWebPages(req: IncomingMessage): void {
    if (!isLoopbackAuthority(req.headers.host)) {
        throw new ControlError(
            403,
            "the control API answers only requests addressed to 127.0.0.1, [::1] or localhost (Host header)",
        );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
        throw new ControlError(403, "the control API refuses requests from web pages of other origins (Origin header)");
    }
    const type = mediaType(req);
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if ((type !== undefined || hasBody) && type !== "application/json") {
        throw new ControlError(415, "a control request body must be JSON, sent with Content-Type: application/json");
    }
}

/** Whether a Host header names loopback, with or without a port; absent or unparsable is not. */
function isLoopbackAuthority(host: string | undefined): boolean {
    // Only a name or address and a port: no userinfo ("evil@127.0.0.1") or path for the URL parser to reinterpret.
    if (!host || !/^[a-z0-9.\-[\]:]+$/i.test(host)) {
        return false;
    }
    try {
        return isLoopbackHostname(new URL(`http://${host}`).hostname);
    } catch {
        return false;
    }
}

/** Whether an Origin header is an http(s) page served from loopback (a sandboxed page's "null" is not). */
function isLoopbackOrigin(origin: string): boolean {
    try {
        const url = new URL(origin);
        return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHostname(url.hostname);
    } catch {
        return false;
    }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
    let text: string;
    try {
        text = (await readLimitedBody(req, MAX_CONTROL_BODY)).toString("utf8");
    } catch (error) {
        throw error instanceof BodyTooLargeError ? new ControlError(413, error.message) : error;
    }
    try {
        return text.trim() === "" ? {} : JSON.parse(text);
    } catch {
        throw new ControlError(400, "the body is not JSON");
    }
}

/** Parses a control body with its schema; typos in field names are refused rather than silently ignored. */
function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
        throw new ControlError(400, z.prettifyError(parsed.error));
    }
    return parsed.data;
}

function templateOf({ params, context }: ControlCall): TemplateRecord {
    const record = context.store.template(Number(params[0]));
    if (!record) {
        throw new ControlError(404, `no template ${params[0]}`);
    }
    return record;
}

function signOf({ params, context }: ControlCall): SignRecord {
    const record = context.store.sign(Number(params[0]));
    if (!record) {
        throw new ControlError(404, `no signature ${params[0]}`);
    }
    return record;
}

/** Empties the request log and the fault counters. */
function clearRequests({ context }: ControlCall) {
    context.faults.clearCounts();
    return { cleared: context.log.clear() };
}

/** Totals since the log was last cleared: requests by JSMS code, and the faults injected (rate limit included). */
function requestCounts({ context }: ControlCall) {
    return { ...context.log.counts(), faults: context.faults.counts() };
}

/** Empties objects and the log, restores default balances and clears faults; apps and review mode stay. */
function reset({ context }: ControlCall) {
    context.store.reset();
    clearRequests({ context } as ControlCall);
    context.callbacks.clearDeliveries();
    context.faults.update(NO_FAULTS);
    context.store.commit();
    return stateView(context);
}

/** Merges partial balances; an app set to null has no allocation (50033). */
function updateBalances(call: ControlCall) {
    const { app = {}, dev } = parse(balancesBody, call.body);
    const balances = call.context.store.balances;
    for (const key of Object.keys(app)) {
        if (!call.context.options.apps.some((candidate) => candidate.appKey === key)) {
            throw new ControlError(400, `no app with appKey ${key}`);
        }
    }
    for (const [key, patch] of Object.entries(app)) {
        balances.app[key] = patch === null ? null : mergeBalance(balances.app[key] ?? null, patch);
    }
    if (dev) {
        balances.dev = mergeBalance(balances.dev, dev);
    }
    call.context.store.commit();
    return balances;
}

function mergeBalance(current: BalanceRecord | null, patch: z.output<typeof balancePatch>): BalanceRecord {
    const base = current ?? { balance: null, voice: null, industry: null, market: null };
    const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
    return { ...base, ...Object.fromEntries(defined) };
}

function updateFaults(call: ControlCall) {
    const { seed, ...settings } = parse(faultsBody, call.body);
    call.context.faults.update(settings, seed);
    return call.context.faults.current();
}

function reviewTemplate(call: ControlCall) {
    const record = templateOf(call);
    decide(record, "template", parse(reviewBody, call.body), call.context);
    return templateView(record);
}

function reviewSign(call: ControlCall) {
    const record = signOf(call);
    decide(record, "sign", parse(reviewBody, call.body), call.context);
    return signView(record);
}

/**
 * A decision made here replaces any automatic review still due. An approval or rejection ends the review, which
 * JSMS reports to the app's callback URL, with the reason given here.
 */
function decide(
    record: TemplateRecord | SignRecord,
    kind: "template" | "sign",
    { status, reason }: z.output<typeof reviewBody>,
    context: SimulatorContext,
): void {
    record.status = ReviewCode[status as ReviewStatus];
    record.autoReviewAt = null;
    context.store.commit();
    if (record.status !== ReviewCode.pending) {
        context.callbacks.reviewEnded({
            app: record.app,
            kind,
            id: record.id,
            status: record.status,
            reason: reason ?? null,
        });
    }
}

/** The callback URL per app and every delivery attempt. */
function callbacksView({ context }: ControlCall) {
    return { urls: context.callbacks.currentUrls(), deliveries: context.callbacks.deliveries() };
}

/** Sets callback URLs (`{"<appKey>": "<url>"}`, null removes one), each verified first as the vendor console does. */
async function updateCallbacks(call: ControlCall) {
    const changes = parse(callbacksBody, call.body);
    for (const [appKey, url] of Object.entries(changes)) {
        try {
            await call.context.callbacks.setUrl(appKey, url);
        } catch (error) {
            if (error instanceof CallbackVerificationError) {
                throw new ControlError(400, error.message);
            }
            throw error;
        }
    }
    return { urls: call.context.callbacks.currentUrls() };
}

/** Sets the usage flags; an app has one default signature, so making one the default unsets the others. */
function setSignUsage(call: ControlCall) {
    const record = signOf(call);
    const { inUse, isDefault } = parse(usageBody, call.body);
    if (inUse !== undefined) {
        record.inUse = inUse;
    }
    if (isDefault !== undefined) {
        if (isDefault) {
            for (const other of call.context.store.allSigns()) {
                if (other.app === record.app) {
                    other.isDefault = false;
                }
            }
        }
        record.isDefault = isDefault;
    }
    call.context.store.commit();
    return signView(record);
}

/** A change made in the vendor console: no validation and no review, for drift tests. */
function editTemplate(call: ControlCall) {
    const record = templateOf(call);
    applyConsoleEdit(record, parse(templateEditBody, call.body), call.context);
    return templateView(record);
}

/** A signature changed in the vendor console, like `editTemplate`. */
function editSign(call: ControlCall) {
    const record = signOf(call);
    applyConsoleEdit(record, parse(signEditBody, call.body), call.context);
    return signView(record);
}

function applyConsoleEdit(
    record: TemplateRecord | SignRecord,
    { status, ...fields }: { status?: string } & Record<string, unknown>,
    context: SimulatorContext,
): void {
    const defined = Object.entries(fields).filter(([, value]) => value !== undefined);
    Object.assign(record, Object.fromEntries(defined));
    if (status !== undefined) {
        record.status = ReviewCode[status as ReviewStatus];
        record.autoReviewAt = null;
    }
    context.store.commit();
}

/** A deletion made in the vendor console: no guard applies. */
function removeTemplate(call: ControlCall) {
    const record = templateOf(call);
    call.context.store.deleteTemplate(record.id);
    call.context.store.commit();
    return { deleted: record.id };
}

function removeSign(call: ControlCall) {
    const record = signOf(call);
    call.context.store.deleteSign(record.id);
    call.context.store.commit();
    return { deleted: record.id };
}

function templateView({ id, app, template, type, ttl, remark, status }: TemplateRecord) {
    return { id, app, template, type, ttl, remark, status };
}

function signView({ id, app, sign, type, remark, status, isDefault, inUse, images, qualification }: SignRecord) {
    return { id, app, sign, type, remark, status, isDefault, inUse, images, qualification };
}

function stateView(context: SimulatorContext) {
    return {
        templates: context.store.allTemplates().map(templateView),
        signs: context.store.allSigns().map(signView),
        balances: context.store.balances,
    };
}
