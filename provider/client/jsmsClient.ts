/**
 * The JSMS API client: templates, signatures and balances (docs/jsms-api.md), with pooled connections, retries and
 * errors that explain themselves. Credentials live in non-enumerable fields and never appear in any output.
 */
import { setMaxListeners } from "events";
import * as util from "util";
import { JsmsError } from "./jsmsError";
import { JsmsCode } from "./returnCodes";
import { checkShape, type Shape, type ShapeName } from "../shapes/shapeCheck";
import { CLIENT_DEFAULTS, DEFAULT_ENDPOINT } from "./clientDefaults";
import { AdaptiveRateLimiter, RateWaitExpired } from "./adaptiveRateLimiter";
import { ConcurrencyGate } from "./concurrencyGate";
import { requestBudgetFor } from "./requestBudgets";
import { isRateLimitRefusal, RetryPolicy, withRetries } from "./retry";
import { WaitNotices } from "./waitNotices";
import { parseObjectId } from "../validation/objectId";
import { KINDS, type ResourceKind } from "../schema/resourceTable";
import { WIRE } from "../schema/wireNames";
import { signatureBody, templateBody } from "./requestBodies";
import { jsonBody, Transport, TransportRequest } from "./transport";
import { Balance, ClientOptions, SignatureFields, SignatureInfo, TemplateFields, TemplateInfo } from "./types";
import type { CreateHooks } from "./types";

/** The API paths of each kind and the wire names of its fields. */
const TEMPLATES = `/v1/${KINDS.template.wirePath}`;
const SIGNATURES = `/v1/${KINDS.signature.wirePath}`;
const T = WIRE.template;
const S = WIRE.signature;

/** The balance with no quota of any kind: what JSMS's "no quota allocated to this app" means. */
const NOTHING_ALLOCATED: Balance = Object.freeze({ total: null, voice: null, industry: null, market: null });

/**
 * A balance read in which JSMS's refusal for an app with no quota at all reads as a balance of nulls, as the balance
 * functions report it (the API answers an error where a count would be null).
 */
export async function balanceOrNothingAllocated(read: Promise<Balance>): Promise<Balance> {
    try {
        return await read;
    } catch (err) {
        if (err instanceof JsmsError && err.code === JsmsCode.AppQuotaNotAssigned) {
            return { ...NOTHING_ALLOCATED };
        }
        throw err;
    }
}

// In their own module so that the settings (read in the program too) do not load the client.
export { CLIENT_DEFAULTS, DEFAULT_ENDPOINT };

/** The "shape" of a delete's answer: empty, or the shape `jsmsDeleted`. */
const DELETED = Symbol("an empty body");

/** The parts of a client frozen at construction: the connection pool, the credentials, the budgets. */
interface SharedState {
    readonly transport: Transport;
    /** `Basic base64(appKey:masterSecret)`, or undefined when not configured. */
    readonly appAuthorization: string | undefined;
    /** `Basic base64(devKey:devSecret)`, or undefined when not configured. */
    readonly devAuthorization: string | undefined;
    readonly policy: RetryPolicy;
    /** In-flight bound of this client (`maxConcurrency`). */
    readonly gate: ConcurrencyGate;
    /** The process-wide request budget of the app credentials, when set. */
    readonly appBudget: AdaptiveRateLimiter | undefined;
    /** The process-wide request budget of the account credentials, when set. */
    readonly devBudget: AdaptiveRateLimiter | undefined;
    /** Delay before the first progress notice and between notices, in ms. */
    readonly waitNoticeMs: number;
    /** Once aborted, nothing more is sent. */
    readonly signal: AbortSignal | undefined;
}

/** One call to make: the request, and whether it creates an object (which restricts retries). */
interface CallSpec extends Omit<TransportRequest, "authorization"> {
    credentials: "app" | "dev";
    creates?: ResourceKind;
    /** Runs once a request has its permit and rate slot, just before it leaves (see {@link CreateHooks}). */
    beforeSend?: () => Promise<void>;
}

/** A client for one JSMS endpoint and one set of credentials; reuse it, and `close()` it when done. */
export class JsmsClient {
    /** Base URL the client talks to (without `/v1`). */
    readonly endpoint: string;
    /** The object the calls are about, used in error messages, when set. */
    readonly subject: string | undefined;
    /** Pool and credentials; defined non-enumerable in the constructor so no serializer or inspector walks into it. */
    private readonly shared!: SharedState;
    /** Where this client's long waits are reported (`onWait`), if anywhere; non-enumerable like `shared`. */
    private readonly notices!: WaitNotices | undefined;

    /**
     * Prepares the connection pool; nothing is sent until the first call. The options are validated once, where
     * they are read (provider/settings.ts, then clientOptions.ts); the client takes them as given.
     */
    constructor(options: ClientOptions) {
        const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
        const policy: RetryPolicy = {
            maxRetries: options.maxRetries ?? CLIENT_DEFAULTS.maxRetries,
            retryBudgetMs: options.retryBudgetMs ?? CLIENT_DEFAULTS.retryBudgetMs,
            baseDelayMs: options.retryBaseDelayMs ?? CLIENT_DEFAULTS.retryBaseDelayMs,
            maxDelayMs: CLIENT_DEFAULTS.retryMaxDelayMs,
            rateLimitWaitMs: (options.rateLimitWaitSeconds ?? CLIENT_DEFAULTS.rateLimitWaitSeconds) * 1000,
        };
        const maxConcurrency = options.maxConcurrency ?? CLIENT_DEFAULTS.maxConcurrency;
        // 0 means no maximum, as in the settings.
        const maxPerSecond = options.maxRequestsPerSecond || CLIENT_DEFAULTS.maxRequestsPerSecond;
        const waitNoticeMs = options.waitNoticeMs ?? CLIENT_DEFAULTS.waitNoticeMs;
        const transport = new Transport({
            endpoint,
            requestTimeoutMs: options.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs,
            maxConcurrency,
        });
        // Budgets are keyed by endpoint without trailing slashes or /v1, as the transport reads it: "…/v1/" and "…" share one.
        const budgetEndpoint = endpoint.replace(/\/+$/, "").replace(/\/v1$/, "");
        const appAuthorization = basicAuth(options.appKey, options.masterSecret);
        const devAuthorization = basicAuth(options.devKey, options.devSecret);
        this.endpoint = endpoint;
        this.subject = options.subject;
        Object.defineProperty(this, "shared", {
            value: Object.freeze({
                transport,
                appAuthorization,
                devAuthorization,
                policy,
                gate: new ConcurrencyGate(maxConcurrency),
                appBudget: appAuthorization
                    ? requestBudgetFor(budgetEndpoint, options.appKey!, maxPerSecond)
                    : undefined,
                devBudget: devAuthorization
                    ? requestBudgetFor(budgetEndpoint, options.devKey!, maxPerSecond)
                    : undefined,
                waitNoticeMs,
                signal: ownSignal(options.signal),
            } satisfies SharedState),
            enumerable: false,
        });
        Object.defineProperty(this, "notices", {
            value: options.onWait
                ? new WaitNotices(options.onWait, { afterMs: waitNoticeMs, everyMs: waitNoticeMs })
                : undefined,
            enumerable: false,
        });
    }

    /** Creates a template (`POST /v1/templates`) and returns its `temp_id`; it starts under review. */
    async createTemplate(fields: TemplateFields, hooks: CreateHooks = {}): Promise<number> {
        const body = await this.call(
            {
                method: "POST",
                path: TEMPLATES,
                body: jsonBody(templateBody(fields)),
                credentials: "app",
                creates: "template",
                beforeSend: hooks.beforeSend,
            },
            "jsmsTemplateId",
            "a new template",
        );
        return body[T.tempId];
    }

    /** Modifies a rejected template and resubmits it for review (`PUT /v1/templates/{id}`, id in path and body). */
    async updateTemplate(id: number, fields: TemplateFields): Promise<number> {
        const tempId = checkId(id, "template");
        const body = await this.call(
            {
                method: "PUT",
                path: `${TEMPLATES}/${tempId}`,
                body: jsonBody({ [T.tempId]: tempId, ...templateBody(fields) }),
                credentials: "app",
            },
            "jsmsTemplateId",
            `template ${tempId}`,
        );
        return body[T.tempId];
    }

    /** Reads a template (`GET /v1/templates/{id}`); an omitted ttl/remark reads as 0/"". */
    async getTemplate(id: number): Promise<TemplateInfo> {
        const tempId = checkId(id, "template");
        const body = await this.call(
            { method: "GET", path: `${TEMPLATES}/${tempId}`, credentials: "app" },
            "jsmsTemplate",
            `template ${tempId}`,
        );
        return {
            tempId: body[T.tempId],
            template: body[T.template],
            type: body[T.type],
            ttl: body[T.ttl] ?? 0,
            remark: body[T.remark] ?? "",
            status: body[T.statusCode],
        };
    }

    /** Deletes a template (`DELETE /v1/templates/{id}`; JSMS answers 200 with an empty body, and only that counts). */
    async deleteTemplate(id: number): Promise<void> {
        const tempId = checkId(id, "template");
        await this.call(
            { method: "DELETE", path: `${TEMPLATES}/${tempId}`, credentials: "app" },
            DELETED,
            `template ${tempId}`,
        );
    }

    /** Creates a signature (`POST /v1/sign`, multipart) and returns its `sign_id`; it starts under review. */
    async createSignature(fields: SignatureFields, hooks: CreateHooks = {}): Promise<number> {
        const body = await this.call(
            {
                method: "POST",
                path: SIGNATURES,
                body: await signatureBody(fields),
                credentials: "app",
                creates: "signature",
                beforeSend: hooks.beforeSend,
            },
            "jsmsSignId",
            `signature ${JSON.stringify(fields.sign)}`,
        );
        return body[S.signId];
    }

    /** Modifies a rejected signature and resubmits it for review (`POST /v1/sign/{id}`, multipart). */
    async updateSignature(id: number, fields: SignatureFields): Promise<number> {
        const signId = checkId(id, "signature");
        const body = await this.call(
            { method: "POST", path: `${SIGNATURES}/${signId}`, body: await signatureBody(fields), credentials: "app" },
            "jsmsSignId",
            `signature ${signId}`,
        );
        return body[S.signId];
    }

    /** Reads a signature (`GET /v1/sign/{id}`); absent `is_default`/`use_status` read as false. */
    async getSignature(id: number): Promise<SignatureInfo> {
        const signId = checkId(id, "signature");
        const body = await this.call(
            { method: "GET", path: `${SIGNATURES}/${signId}`, credentials: "app" },
            "jsmsSignature",
            `signature ${signId}`,
        );
        return {
            signId: body[S.signId],
            sign: body[S.sign],
            status: body[S.statusCode],
            isDefault: body[S.isDefault] === 1,
            inUse: body[S.inUse] === 1,
        };
    }

    /** Deletes a signature (`DELETE /v1/sign/{id}`); JSMS refuses the default or an in-use one with 50105. */
    async deleteSignature(id: number): Promise<void> {
        const signId = checkId(id, "signature");
        await this.call(
            { method: "DELETE", path: `${SIGNATURES}/${signId}`, credentials: "app" },
            DELETED,
            `signature ${signId}`,
        );
    }

    /** Reads the balance allocated to the app (`GET /v1/accounts/app`, app credentials). */
    async getAppBalance(): Promise<Balance> {
        const body = await this.call(
            { method: "GET", path: "/v1/accounts/app", credentials: "app" },
            "jsmsAppBalance",
            "the app balance",
        );
        return {
            total: body.app_balance ?? null,
            voice: body.app_voice ?? null,
            industry: body.app_industry ?? null,
            market: body.app_market ?? null,
        };
    }

    /** Reads the account balance not allocated to any app (`GET /v1/accounts/dev`, dev credentials). */
    async getDevBalance(): Promise<Balance> {
        const body = await this.call(
            { method: "GET", path: "/v1/accounts/dev", credentials: "dev" },
            "jsmsDevBalance",
            "the account balance",
        );
        return {
            total: body.dev_balance ?? null,
            voice: body.dev_voice ?? null,
            industry: body.dev_industry ?? null,
            market: body.dev_market ?? null,
        };
    }

    /** Closes the pooled connections; later calls fail. */
    async close(): Promise<void> {
        await this.shared.transport.close();
    }

    /** What `util.inspect` shows: where the client points and whether credentials are set, never their values. */
    [util.inspect.custom](): string {
        return `JsmsClient ${util.inspect(this.toJSON())}`;
    }

    /** What `JSON.stringify` shows: the same safe summary as `util.inspect`. */
    toJSON(): Record<string, unknown> {
        return {
            endpoint: this.endpoint,
            subject: this.subject,
            appCredentials: this.shared.appAuthorization ? "set" : "not set",
            devCredentials: this.shared.devAuthorization ? "set" : "not set",
        };
    }

    /** Sends one call with retries and parses its success body: every answer is checked, a delete's too. */
    private async call<N extends ShapeName>(spec: CallSpec, shape: N, defaultSubject: string): Promise<Shape<N>>;
    private async call(spec: CallSpec, shape: typeof DELETED, defaultSubject: string): Promise<void>;
    private async call(spec: CallSpec, shape: ShapeName | typeof DELETED, defaultSubject: string): Promise<unknown> {
        const authorization = spec.credentials === "app" ? this.shared.appAuthorization : this.shared.devAuthorization;
        if (authorization === undefined) {
            // A plain Error: the resource layer wraps it with the config keys and environment variables to set.
            throw new Error(
                spec.credentials === "app" ? "JSMS app credentials are not set" : "JSMS dev credentials are not set",
            );
        }
        const subject = this.subject ?? defaultSubject;
        const { credentials: _credentials, creates, beforeSend, ...request } = spec;
        const { gate, signal, policy, transport } = this.shared;
        const notices = this.notices;
        const budget = (spec.credentials === "app" ? this.shared.appBudget : this.shared.devBudget)!;
        const operation = `${spec.method} ${spec.path}`;
        const aborted = () => new JsmsError({ failure: "aborted", operation, subject, reason: abortReason(signal) });
        const watch = notices?.watch(subject, budget);
        const send = async (afterRefusal: boolean, giveUpAt: number | undefined): Promise<unknown> => {
            watch?.waiting();
            let release: () => void;
            let ticket;
            try {
                // The permit first, then the rate slot: the request leaves the moment its slot comes.
                release = await gate.acquire(signal);
            } catch (error) {
                throw signal?.aborted ? aborted() : error;
            }
            try {
                try {
                    ticket = await budget.acquire(signal, {
                        retry: afterRefusal,
                        giveUpAt,
                        maxRefusingMs: policy.rateLimitWaitMs,
                    });
                } catch (error) {
                    if (signal?.aborted) throw aborted();
                    if (error instanceof RateWaitExpired && !afterRefusal) {
                        // Never sent, never refused itself: JSMS has been refusing everyone else of this app for too long.
                        throw new JsmsError({
                            failure: "aborted",
                            operation,
                            subject,
                            reason:
                                `JSMS has refused every request of this app for rate for longer than jsms:rateLimitWaitSeconds ` +
                                `(${policy.rateLimitWaitMs / 1000} s); set jsms:maxRequestsPerSecond below the rate JSMS accepts for this app ` +
                                `(other programs using the same app count too), or raise jsms:rateLimitWaitSeconds, then run the command again`,
                        });
                    }
                    throw error;
                }
                watch?.stopped();
                // An engine that went away while this call held its slot still gets nothing sent.
                if (signal?.aborted) throw aborted();
                if (beforeSend) {
                    await beforeSend();
                    if (signal?.aborted) throw aborted();
                }
                let response;
                try {
                    response = await transport.send({ ...request, subject, authorization });
                    budget.succeeded(ticket);
                } catch (error) {
                    if (isRateLimitRefusal(error)) budget.refused(ticket);
                    // Any other answer from JSMS shows the rate was accepted; a broken connection says nothing either way.
                    else if (error instanceof JsmsError && error.failure === "response") budget.succeeded(ticket);
                    throw error;
                }
                if (shape === DELETED) {
                    // The documented answer is an empty body; a body is accepted only in the shapes JSMS itself uses.
                    if (!response.text.trim()) return undefined;
                    parseBody("jsmsDeleted", response.text, response.status, operation, subject, "an empty body");
                    return undefined;
                }
                return parseBody(shape, response.text, response.status, operation, subject);
            } finally {
                release();
            }
        };
        try {
            return await withRetries(policy, send, creates, { signal });
        } finally {
            watch?.stopped();
        }
    }
}

/**
 * A signal of the client's own that follows the caller's: every waiting request listens to it, and hundreds may
 * wait, so it is allowed that many listeners without Node warning about a leak (the caller's signal gets one).
 */
function ownSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
    if (!signal) return undefined;
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return controller.signal;
}

/** What an aborted signal says, as the end of "was not sent: …". */
function abortReason(signal: AbortSignal | undefined): string {
    const reason: unknown = signal?.reason;
    if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
    if (typeof reason === "string" && reason) return reason;
    return "the call was cancelled (its abort signal fired), so nothing more is sent";
}

/**
 * Parses a 2xx body and checks its shape; a body of another shape is a `malformed` JsmsError naming the field, or
 * saying what was `expected` instead when given.
 */
function parseBody(
    shape: ShapeName,
    text: string,
    status: number,
    operation: string,
    subject: string,
    expected?: string,
): unknown {
    let json: unknown;
    let reason: string | undefined;
    if (!text.trim()) {
        reason = "the body is empty";
    } else {
        try {
            json = JSON.parse(text);
        } catch {
            reason = "the body is not JSON";
        }
    }
    if (reason === undefined) {
        const checked = checkShape(shape, json);
        if (checked.ok) return checked.value;
        reason = expected ? `expected ${expected}, got JSON of another shape` : checked.issues;
    } else if (expected) {
        reason += `; expected ${expected}`;
    }
    throw new JsmsError({ failure: "malformed", operation, subject, httpStatus: status, reason });
}

/** `Basic base64(key:secret)` when both halves are set, else undefined (RFC 7617, UTF-8). */
function basicAuth(key: string | undefined, secret: string | undefined): string | undefined {
    if (!key || !secret) return undefined;
    return `Basic ${Buffer.from(`${key}:${secret}`, "utf8").toString("base64")}`;
}

/** An id must be a positive integer: anything else would build a different path. */
function checkId(id: number, kind: ResourceKind): number {
    if (parseObjectId(id) === undefined) throw new Error(`A JSMS ${kind} id must be a positive integer`);
    return id;
}
