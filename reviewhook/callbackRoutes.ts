import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { signatureMatches } from "./callbackSignature";
import {
    ACKNOWLEDGED_TYPES,
    isReviewType,
    MalformedCallbackError,
    parseEnvelope,
    parseReviewDecision,
    type CallbackEnvelope,
    type ReviewDecision,
} from "./callbackForm";
import { HookError, type HookContext, type LogFields } from "./hookContext";
import type { HookApp } from "./options";
import { BodyTooLargeError, readLimitedBody } from "../httpserver/requestBody";
import { sendJson, sendText } from "../httpserver/responses";

/** The longest `echostr` echoed back; JSMS sends a short random string. */
const MAX_ECHOSTR_LENGTH = 256;

/**
 * `GET /callbacks[/:appKey]?echostr=…`: the check JSMS makes when a callback URL is saved in its console. The
 * hook proves it is the receiver by answering the string back as the whole body.
 */
export function answerVerification(
    context: HookContext,
    url: URL,
    appKey: string | undefined,
    res: ServerResponse,
    fields: LogFields,
) {
    if (appKey !== undefined && !context.options.apps.some((app) => app.appKey === appKey)) {
        throw new HookError(404, `no app ${appKey} is configured on this hook`);
    }
    const echostr = url.searchParams.get("echostr");
    if (echostr === null || echostr === "" || echostr.length > MAX_ECHOSTR_LENGTH) {
        throw new HookError(400, `expected an echostr of 1 to ${MAX_ECHOSTR_LENGTH} characters`);
    }
    fields.app = appKey;
    fields.outcome = "verified";
    sendText(res, 200, echostr);
}

/**
 * `POST /callbacks[/:appKey]`: one JSMS callback. Refusals, in order: 413 too large, 415 not a form, 400 not a
 * callback, 401 a signature no configured app made, 401 a stale timestamp, 409 a nonce reused with other content,
 * 400 a review result that does not parse. Only after all of them is anything written.
 */
export async function receiveCallback(
    context: HookContext,
    req: IncomingMessage,
    appKey: string | undefined,
    res: ServerResponse,
    fields: LogFields,
) {
    const { options, store, health } = context;
    let body: Buffer;
    try {
        body = await readLimitedBody(req, options.maxBodyBytes);
    } catch (error) {
        throw error instanceof BodyTooLargeError ? new HookError(413, error.message) : error;
    }
    // Until the signature verifies, the body is anyone's: only its size is logged.
    fields.bytes = body.length;
    const mediaType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (mediaType !== "application/x-www-form-urlencoded") {
        throw new HookError(415, "a callback is a form (application/x-www-form-urlencoded)");
    }
    const envelope = parse(() => parseEnvelope(body.toString("utf8")));
    const app = signer(options.apps, appKey, envelope);
    if (!app) {
        throw new HookError(401, "the signature does not verify for this app");
    }
    fields.app = app.appKey;
    fields.type = envelope.type.slice(0, 64);
    fields.nonce = envelope.nonce.slice(0, 64);
    const now = Date.now();
    const timestamp = Number(envelope.timestamp);
    if (Math.abs(now - timestamp) > options.maxClockSkewMs) {
        throw new HookError(401, `the timestamp is more than ${options.maxClockSkewMs} ms from the hook's clock`);
    }
    let decision: ReviewDecision | undefined;
    const type = envelope.type;
    if (isReviewType(type)) {
        decision = parse(() => parseReviewDecision(type, envelope.data));
        fields.objectId = decision.objectId;
        fields.reviewStatus = decision.status;
    } else if (!ACKNOWLEDGED_TYPES.has(envelope.type)) {
        // A type added by JSMS later: acknowledged so that it stops retrying, and logged so that someone notices.
        fields.unknownType = true;
    }
    let outcome;
    try {
        outcome = await store.record(
            { appKey: app.appKey, nonce: envelope.nonce, timestamp, digest: digestOf(envelope), decision },
            now,
            now - 2 * options.maxClockSkewMs,
        );
    } catch (error) {
        health.writeFailed(error);
        throw error;
    }
    health.writeSucceeded();
    fields.outcome = outcome;
    if (outcome === "replayed") {
        throw new HookError(409, "this nonce was already used by a different callback");
    }
    sendJson(res, 200, { result: outcome });
    if (outcome === "stored" && decision) {
        // Only now, with the callback answered: pairing reads JSMS, and must never hold up or fail the callback.
        context.pairing.notice(app.appKey, decision.kind, decision.objectId);
    }
}

/** The app whose master secret signed the envelope: the one named in the path, or else whichever matches. */
function signer(apps: HookApp[], appKey: string | undefined, envelope: CallbackEnvelope): HookApp | undefined {
    const candidates = appKey === undefined ? apps : apps.filter((app) => app.appKey === appKey);
    // Every candidate is checked, so the time taken does not tell which app (if any) matched.
    let found: HookApp | undefined;
    for (const app of candidates) {
        const matches = signatureMatches(
            {
                appKey: app.appKey,
                masterSecret: app.masterSecret,
                nonce: envelope.nonce,
                timestamp: envelope.timestamp,
            },
            envelope.signature,
        );
        if (matches && !found) {
            found = app;
        }
    }
    return found;
}

/** What makes a delivery the same delivery: everything it carried except the signature, which follows from it. */
function digestOf({ nonce, timestamp, type, data }: CallbackEnvelope): string {
    return createHash("sha256")
        .update(JSON.stringify([nonce, timestamp, type, data]))
        .digest("hex");
}

function parse<T>(work: () => T): T {
    try {
        return work();
    } catch (error) {
        throw error instanceof MalformedCallbackError ? new HookError(400, error.message) : error;
    }
}
