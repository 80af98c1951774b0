import { z } from "zod";
import { KINDS, type ReviewKind } from "pulumi-jsms/schema/resourceTable";
import { type EndedReviewCode, ReviewCode } from "pulumi-jsms/schema/reviewStatus";

/** The kinds of object JSMS reviews, as the hook stores and serves them (named in the table). */
export type { ReviewKind };

/** The callback `type`s that carry a review result, and the kind and id field of each, from the table. */
export const REVIEW_TYPES: Readonly<Record<string, { kind: ReviewKind; idField: string }>> = Object.fromEntries(
    Object.values(KINDS).map((table) => [table.callbackType, { kind: table.reviewKind, idField: table.idField }]),
);

/** Callback types JSMS sends that are out of scope here: acknowledged so that JSMS stops retrying, never stored. */
export const ACKNOWLEDGED_TYPES = new Set(["SMS_REPORT", "SMS_REPLY"]);

/** The form fields of every JSMS callback, before the signature is checked. */
export interface CallbackEnvelope {
    nonce: string;
    /** Milliseconds since the epoch, as sent (the signature covers this exact text). */
    timestamp: string;
    signature: string;
    type: string;
    /** A JSON string whose shape depends on `type`. */
    data: string;
}

/** A review decision carried by an SMS_TEMPLATE or SMS_SIGN callback. */
export interface ReviewDecision {
    kind: ReviewKind;
    objectId: number;
    /** Approved or rejected. */
    status: EndedReviewCode;
    /** The reviewer's reason; null unless rejected (and sometimes null even then). */
    refuseReason: string | null;
}

/** A callback body that is not a JSMS callback; answered 400 and not stored. */
export class MalformedCallbackError extends Error {}

const FIELDS = ["nonce", "timestamp", "signature", "type", "data"] as const;

/** Reads the five fields of a form body; a missing or repeated field is malformed. */
export function parseEnvelope(body: string): CallbackEnvelope {
    const form = new URLSearchParams(body);
    const envelope: Partial<Record<(typeof FIELDS)[number], string>> = {};
    for (const field of FIELDS) {
        const values = form.getAll(field);
        // `data` may be absent or empty on types that carry nothing we read; the others are always sent.
        if (values.length > 1 || (values.length === 0 && field !== "data")) {
            throw new MalformedCallbackError(`the form must carry exactly one "${field}" field`);
        }
        envelope[field] = values[0] ?? "";
    }
    if (!/^\d{1,16}$/.test(envelope.timestamp!)) {
        throw new MalformedCallbackError("timestamp must be milliseconds since the epoch");
    }
    return envelope as CallbackEnvelope;
}

const idSchema = z.union([
    z.number().int().positive(),
    z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number),
]);
/** JSMS sends the ended status as a number or as its text. */
const statusSchema = z.union([
    z.literal(ReviewCode.approved),
    z.literal(ReviewCode.rejected),
    z.literal(String(ReviewCode.approved)).transform(() => ReviewCode.approved),
    z.literal(String(ReviewCode.rejected)).transform(() => ReviewCode.rejected),
]);
const reasonSchema = z.string().max(2000).nullable().optional();

/** The review decision in an SMS_TEMPLATE or SMS_SIGN callback's `data`; throws when `data` does not hold one. */
export function parseReviewDecision(type: keyof typeof REVIEW_TYPES, data: string): ReviewDecision {
    const { kind, idField } = REVIEW_TYPES[type];
    let json: unknown;
    try {
        json = JSON.parse(data);
    } catch {
        throw new MalformedCallbackError("data is not JSON");
    }
    const parsed = z.object({ [idField]: idSchema, status: statusSchema, refuseReason: reasonSchema }).safeParse(json);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "data"}: ${issue.message}`);
        throw new MalformedCallbackError(`data is not a ${type} result (${problems.join("; ")})`);
    }
    const fields = parsed.data as Record<string, unknown>;
    const reason = fields.refuseReason as string | null | undefined;
    return {
        kind,
        objectId: fields[idField] as number,
        status: fields.status as EndedReviewCode,
        refuseReason: reason === undefined || reason === null || reason === "" ? null : reason,
    };
}

/** Whether a callback type carries a review result. */
export function isReviewType(type: string): type is keyof typeof REVIEW_TYPES {
    return Object.hasOwn(REVIEW_TYPES, type);
}
