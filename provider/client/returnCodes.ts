/**
 * The JSMS return-code table (docs/jsms-api.md, Return codes), so that every vendor error can be explained in words a person can act on.
 *
 * Codes 50032 and 50048–50051 are not documented anywhere and are deliberately absent: they get the generic
 * meaning of `describeUnknownCode`.
 */

/** The return codes the code acts on, by name: the only place their numbers are written besides the table below. */
export const JsmsCode = {
    Success: 50000,
    MissingAuth: 50001,
    AuthFailed: 50002,
    MissingBody: 50003,
    InvalidBody: 50007,
    OutOfFreq: 50009,
    InvalidTempId: 50013,
    ApiNotFound: 50016,
    MediaNotSupported: 50017,
    MethodNotSupported: 50018,
    ServerError: 50019,
    WrongTemplateType: 50025,
    AppQuotaNotAssigned: 50033,
    InvalidTtl: 50041,
    TemplateEmpty: 50042,
    TemplateTooLong: 50043,
    TemplateParameterInvalid: 50044,
    RemarkTooLong: 50045,
    SignatureNotSet: 50046,
    ModifyNotAllowed: 50047,
    TemplateSpecialSymbol: 50052,
    UrlNeedsRemark: 50053,
    InvalidImage: 50101,
    InvalidSignId: 50102,
    OtherSignatureInAudit: 50103,
    InvalidSignature: 50104,
    DefaultSignatureNotDeletable: 50105,
} as const;

/** One of the named return codes. */
export type JsmsCodeValue = (typeof JsmsCode)[keyof typeof JsmsCode];

/** What one JSMS return code means. */
export interface ReturnCodeInfo {
    /** The HTTP status JSMS documents for this code. */
    readonly httpStatus: number;
    /** The vendor's short English text, as it appears in `error.message`. */
    readonly message: string;
    /** One sentence saying what happened and what to do about it. */
    readonly meaning: string;
    /** Whether the same request can succeed later (only 50009 and 50019). */
    readonly retryable: boolean;
}

/** Shorthand for building a table row; retryable is false unless said otherwise. */
function row(httpStatus: number, message: string, meaning: string, retryable = false): ReturnCodeInfo {
    return Object.freeze({ httpStatus, message, meaning, retryable });
}

/** Every documented JSMS return code, keyed by code. */
export const RETURN_CODES: Readonly<Record<number, ReturnCodeInfo>> = Object.freeze({
    50000: row(200, "success", "the request succeeded."),
    50001: row(
        400,
        "missing auth",
        "the request carried no credentials; set jsms:appKey and jsms:masterSecret (or jsms:devKey and jsms:devSecret for the account balance).",
    ),
    50002: row(
        401,
        "auth failed",
        "JSMS rejected the credentials; check the app key and master secret (or, for the account balance, the dev key and dev secret) in the JSMS console and in the stack config.",
    ),
    50003: row(400, "missing body", "the request had an empty body; this is a bug in the client, please report it."),
    50004: row(400, "missing mobile", "a send request had no mobile number (sending API, not used by this provider)."),
    50005: row(400, "missing temp_id", "a send request had no template id (sending API, not used by this provider)."),
    50006: row(403, "invalid mobile", "the mobile number is not valid (sending API, not used by this provider)."),
    50007: row(
        403,
        "invalid body",
        "JSMS could not read the request body (malformed JSON or form, or a field of the wrong type); check the inputs, and report it if they look right.",
    ),
    50008: row(403, "no sms code auth", "the SMS service is not enabled for this app; enable it in the JSMS console."),
    50009: row(
        403,
        "out of freq",
        "JSMS is limiting the request rate of this app; the client slows every request of the app down to the rate JSMS accepts and sends it again, for up to jsms:rateLimitWaitSeconds; if it persists, set jsms:maxRequestsPerSecond below the rate JSMS accepts (jsms:maxConcurrency does not change the rate).",
        true,
    ),
    50010: row(
        403,
        "invalid code",
        "the verification code is not valid (code verification API, not used by this provider).",
    ),
    50011: row(
        403,
        "expired code",
        "the verification code has expired (code verification API, not used by this provider).",
    ),
    50012: row(
        403,
        "verified code",
        "the verification code was already verified (code verification API, not used by this provider).",
    ),
    50013: row(
        403,
        "invalid temp_id",
        "the template id does not exist or belongs to another app; if it was deleted outside Pulumi run `pulumi refresh`, and check that adoptId and the app are right.",
    ),
    50014: row(403, "no money", "the balance is insufficient for sending; top up in the JSMS console."),
    50015: row(
        400,
        "missing code",
        "the verification code is missing (code verification API, not used by this provider).",
    ),
    50016: row(
        404,
        "api not found",
        "JSMS does not know this API path; check jsms:endpoint (the base URL, without /v1).",
    ),
    50017: row(
        415,
        "media not supported",
        "JSMS did not accept the request's content type; this is a bug in the client, please report it.",
    ),
    50018: row(
        405,
        "request method not support",
        "JSMS does not accept this HTTP method on this path; this is a bug in the client, please report it.",
    ),
    50019: row(
        500,
        "server error",
        "JSMS had an internal error; the client retries it with backoff, and if it persists try again later.",
        true,
    ),
    50020: row(
        403,
        "template auditing",
        "the template is still under review and cannot be used for sending yet; wait for approval.",
    ),
    50021: row(
        403,
        "template not pass",
        "the template was rejected in review and cannot be used for sending; change its copy so it is resubmitted.",
    ),
    50022: row(
        403,
        "parameters not all replaced",
        "not all template variables were given a value (sending API, not used by this provider).",
    ),
    50023: row(
        403,
        "parameters is empty",
        "the template variables were empty (sending API, not used by this provider).",
    ),
    50024: row(
        403,
        "unsubscribed mobile",
        "the mobile number has unsubscribed (sending API, not used by this provider).",
    ),
    50025: row(
        403,
        "wrong template type",
        "the template type is not valid here; use 1 (verification code), 2 (notification) or 3 (marketing).",
    ),
    50026: row(403, "wrong msg_id", "the message id is not valid (sending API, not used by this provider)."),
    50027: row(
        403,
        "invalid send_time",
        "the scheduled send time is not valid (schedule API, not used by this provider).",
    ),
    50028: row(403, "invalid schedule_id", "the schedule id is not valid (schedule API, not used by this provider)."),
    50029: row(
        403,
        "wrong schedule status",
        "the schedule is in the wrong state (schedule API, not used by this provider).",
    ),
    50030: row(403, "recipients is empty", "the recipient list is empty (sending API, not used by this provider)."),
    50031: row(
        403,
        "too much recipients",
        "there are more than 1000 recipients (sending API, not used by this provider).",
    ),
    50033: row(
        403,
        "app quota not assigned",
        "no SMS quota is allocated to this app; allocate some in the JSMS console, or read the account balance with getDevBalance.",
    ),
    50034: row(403, "repeat send", "the same message was sent twice (sending API, not used by this provider)."),
    50035: row(403, "illegal IP", "the caller's IP address is not on the app's whitelist; add it in the JSMS console."),
    50036: row(403, "app in black", "the app is blacklisted by JSMS; contact JiGuang support."),
    50037: row(403, "has black word", "the template contains words JSMS considers sensitive; reword the copy."),
    50038: row(
        403,
        "invalid content length",
        "the content is too long or the voice code is not 4–8 digits (sending API, not used by this provider).",
    ),
    50039: row(403, "invalid code type", "the voice code type is not valid (voice API, not used by this provider)."),
    50040: row(
        403,
        "invalid voice language type",
        "the voice language is not valid (voice API, not used by this provider).",
    ),
    50041: row(
        403,
        "invalid ttl value",
        "ttl must be more than 0 and at most 86400 seconds, and is required for verification-code templates; fix ttl.",
    ),
    50042: row(403, "template is empty", "the template copy is empty; give it some text."),
    50043: row(
        403,
        "template too long",
        "the template copy is too long (the limit includes the signature, 350 or 500 characters depending on the JSMS version); shorten it.",
    ),
    50044: row(
        403,
        "template parameter invalid",
        "the template variables are not valid: a verification-code template needs exactly one {{code}}, other types allow only letters and digits in variable names; fix the copy.",
    ),
    50045: row(403, "remark too long", "the remark is too long; keep it to 100 characters."),
    50046: row(
        403,
        "signature not set",
        "the app has no SMS signature yet and JSMS needs one before templates can be created; create an SmsSignature first and make the template depend on it.",
    ),
    50047: row(
        403,
        "modify template not allow",
        "JSMS only lets you modify a template or signature that was rejected; change it while it is rejected, or let Pulumi replace it.",
    ),
    50052: row(
        403,
        "template contains special symbol",
        "the template copy contains characters JSMS forbids, such as 【】; remove them (the signature is added by JSMS).",
    ),
    50053: row(
        403,
        "special template parameter need extra remark for confirmation",
        "the template has a {{url}} variable, so JSMS needs the link in remark; put the link at the start of remark.",
    ),
    50054: row(
        403,
        "content contains special symbol",
        "the content contains characters JSMS forbids, such as 【】 (sending API, not used by this provider).",
    ),
    50101: row(403, "invalid image", "an uploaded image is not accepted; use PNG or JPG files of at most 2 MB each."),
    50102: row(
        403,
        "invalid sign id",
        "the signature id does not exist or belongs to another app; if it was deleted outside Pulumi run `pulumi refresh`, and check that adoptId and the app are right.",
    ),
    50103: row(
        403,
        "other signatures in the audit",
        "another signature of this app is already waiting for review and JSMS allows only one at a time; wait until that review ends, then run `pulumi up` again.",
    ),
    50104: row(
        403,
        "invalid signature",
        "the signature text is not accepted; use 2–8 Chinese characters, letters or digits, without brackets such as 【】.",
    ),
    50105: row(
        403,
        "default signature cannot be deleted",
        "JSMS does not delete the app's default signature or one that is in use; make another signature the default or stop using it, or set retainOnDelete.",
    ),
});

/** The row for a documented code, or undefined for a code the vendor never documented. */
export function describeReturnCode(code: number): ReturnCodeInfo | undefined {
    return Object.hasOwn(RETURN_CODES, code) ? RETURN_CODES[code] : undefined;
}

/** Whether a response can be retried: a transient JSMS code, or HTTP 429/5xx whatever the code says. */
export function isRetryableResponse(httpStatus: number | undefined, code: number | undefined): boolean {
    if (code !== undefined && describeReturnCode(code)?.retryable) return true;
    return httpStatus === 429 || (httpStatus !== undefined && httpStatus >= 500 && httpStatus <= 599);
}

/** A meaning for a response with no documented code, that still names the code and the HTTP status. */
export function describeUnknownCode(httpStatus: number, code: number | undefined): string {
    if (code !== undefined) {
        return `JSMS answered HTTP ${httpStatus} with code ${code}, which is not in its documented code table; read the vendor message and the JiGuang documentation.`;
    }
    if (httpStatus === 429)
        return "JSMS or a gateway in front of it is limiting the request rate (HTTP 429); the client slows down and sends it again for up to jsms:rateLimitWaitSeconds; if it persists, set jsms:maxRequestsPerSecond below the accepted rate.";
    if (httpStatus >= 500)
        return `JSMS or a gateway in front of it failed with HTTP ${httpStatus} and no JSMS error body; this is usually temporary, try again later.`;
    if (httpStatus === 404)
        return "nothing answers this path (HTTP 404 without a JSMS error body); check jsms:endpoint (the base URL, without /v1).";
    return `JSMS answered HTTP ${httpStatus} without a JSMS error body; check jsms:endpoint and any proxy in between.`;
}
