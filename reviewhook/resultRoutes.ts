import type { IncomingMessage, ServerResponse } from "node:http";
import { hasBearerToken } from "./bearerToken";
import type { ReviewKind } from "./callbackForm";
import { HookError, type HookContext, type LogFields } from "./hookContext";
import { sendJson } from "pulumi-jsms/httpserver/responses";
import { type EndedReviewCode, reviewStatus } from "pulumi-jsms/schema/reviewStatus";
import type { StoredReview } from "./reviewStore";

/** A review result as the provider reads it. */
export interface ReviewView {
    status: "approved" | "rejected";
    /** 1 approved, 2 rejected, as JSMS numbers them. */
    statusCode: EndedReviewCode;
    /** The reviewer's reason; null when approved or when JSMS gave none. */
    rejectReason: string | null;
    /** When JSMS sent the result, ISO 8601. */
    reviewedAt: string;
    /** When the hook received it, ISO 8601. */
    receivedAt: string;
}

/** The answer to `GET /v1/apps/:appKey/{templates,signs}/:id`: the latest result and every result, oldest first. */
export interface ReviewResultBody {
    appKey: string;
    kind: ReviewKind;
    id: number;
    latest: ReviewView;
    history: ReviewView[];
}

/**
 * `GET /v1/apps/:appKey/templates/:id` and `…/signs/:id`, for the provider: 401 without the bearer token, 404
 * when no result for that object has arrived (or the app is not configured here), else {@link ReviewResultBody}.
 */
export async function serveResult(
    context: HookContext,
    req: IncomingMessage,
    res: ServerResponse,
    params: { appKey: string; kind: ReviewKind; id: string },
    fields: LogFields,
) {
    if (!hasBearerToken(req, context.options.token)) {
        throw new HookError(401, "a valid bearer token is required");
    }
    const id = Number(params.id);
    if (!/^\d{1,15}$/.test(params.id) || id === 0) {
        throw new HookError(400, "the id must be a positive whole number");
    }
    fields.app = params.appKey;
    fields.objectId = id;
    const noun = params.kind === "template" ? "template" : "signature";
    if (!context.options.apps.some((app) => app.appKey === params.appKey)) {
        throw new HookError(404, `no app ${params.appKey} is configured on this hook`);
    }
    const history = (await context.store.history(params.appKey, params.kind, id)).map(view);
    if (history.length === 0) {
        throw new HookError(404, `no review result has arrived for ${noun} ${id} of app ${params.appKey}`);
    }
    const body: ReviewResultBody = {
        appKey: params.appKey,
        kind: params.kind,
        id,
        latest: history[history.length - 1],
        history,
    };
    sendJson(res, 200, body);
}

function view(review: StoredReview): ReviewView {
    return {
        status: reviewStatus(review.status) as "approved" | "rejected",
        statusCode: review.status,
        rejectReason: review.refuseReason,
        reviewedAt: new Date(review.reviewedAt).toISOString(),
        receivedAt: new Date(review.receivedAt).toISOString(),
    };
}
