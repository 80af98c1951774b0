/** The shapes the JSMS client sends and returns, in the provider's camelCase (the wire uses snake_case). */

/** The two kinds of object JSMS keeps for an app, as the resources, the core and the client name them. */
export type ResourceKind = "template" | "signature";

/** Template type: 1 verification code, 2 notification, 3 marketing. */
export type TemplateTypeCode = 1 | 2 | 3;

/** The fields of a template create or modify request. */
export interface TemplateFields {
    /** The SMS copy, with `{{name}}` variables. */
    template: string;
    /** 1 verification code, 2 notification, 3 marketing. */
    type: TemplateTypeCode;
    /** Validity of a verification code in seconds; required for type 1. */
    ttl?: number;
    /** What the template is for (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    remark?: string;
}

/** A template as `GET /v1/templates/{id}` returns it. */
export interface TemplateInfo {
    tempId: number;
    template: string;
    type: number;
    /** 0 when the vendor omits it (notification and marketing templates). */
    ttl: number;
    /** "" when the vendor omits it. */
    remark: string;
    /** 0 under review, 1 approved, 2 rejected. */
    status: number;
}

/** A file to upload in a multipart signature request. */
export interface FileUpload {
    /** The file name sent in the part's Content-Disposition (e.g. `licence.png`). */
    filename: string;
    /** The bytes. */
    content: Buffer;
    /** Defaults from the file name: image/png or image/jpeg. */
    contentType?: string;
}

/** The text qualification fields, in the order and with the part names of the 2025 rules (docs/jsms-api.md). */
export const QUALIFICATION_TEXT_FIELDS = [
    "legalPersonName",
    "legalPersonIdNumber",
    "socialCreditCode",
    "thirdPartyCompanyName",
] as const;

/** The file qualification fields, with the part names of the 2025 rules (docs/jsms-api.md). */
export const QUALIFICATION_FILE_FIELDS = [
    "idCardImage",
    "businessLicenseImage",
    "icpAppScreenshot",
    "trademarkImage",
    "thirdPartyAuthImage",
    "otherImage",
] as const;

/** The 2025 qualification fields of a signature request (the 2025 rules, docs/jsms-api.md). */
export interface QualificationFields {
    legalPersonName?: string;
    /** 18-digit PRC ID number: sensitive, never echoed in errors or logs. */
    legalPersonIdNumber?: string;
    socialCreditCode?: string;
    thirdPartyCompanyName?: string;
    idCardImage?: FileUpload;
    businessLicenseImage?: FileUpload;
    icpAppScreenshot?: FileUpload;
    trademarkImage?: FileUpload;
    thirdPartyAuthImage?: FileUpload;
    otherImage?: FileUpload;
}

/** The fields of a signature create or modify request (multipart/form-data). */
export interface SignatureFields {
    /** The signature text: 2–8 Han characters, letters or digits, without 【】. */
    sign: string;
    /** Sent as the parts `image0`..`image3`, at most four. */
    images?: FileUpload[];
    /** Signature type: 1 company, 3 app, 6 brand, 7 other (2025 rules). */
    type?: number;
    /** ≤ 100 characters. */
    remark?: string;
    /** The 2025 qualification fields and files. */
    qualification?: QualificationFields;
}

/** A signature as `GET /v1/sign/{id}` returns it. */
export interface SignatureInfo {
    signId: number;
    sign: string;
    /** 1 approved, 2 rejected; anything else (0 in practice) means pending. */
    status: number;
    /** The app's default signature (`is_default` = 1). */
    isDefault: boolean;
    /** In use by sending (`use_status` = 1). */
    inUse: boolean;
}

/** A balance: each field is a count of messages, or null when no quota is allocated. */
export interface Balance {
    /** All-types balance (`*_balance`). */
    total: number | null;
    /** Voice SMS (`*_voice`). */
    voice: number | null;
    /** Industry SMS: verification and notification (`*_industry`). */
    industry: number | null;
    /** Marketing SMS (`*_market`). */
    market: number | null;
}

/** How a client reaches JSMS and how hard it tries. */
export interface ClientOptions {
    /** Base URL without `/v1`; default `https://api.sms.jpush.cn`. */
    endpoint?: string;
    /** App credentials, for templates, signatures and the app balance. */
    appKey?: string;
    masterSecret?: string;
    /** Account credentials, only for the dev balance. */
    devKey?: string;
    devSecret?: string;
    /** Retries after the first attempt for retryable failures; default 4. */
    maxRetries?: number;
    /** Per-request timeout in ms (headers and body); default 30000. */
    requestTimeoutMs?: number;
    /** Parallel connections to the endpoint; default 8. */
    maxConcurrency?: number;
    /** Upper bound on the time spent retrying one call, in ms; default 60000. */
    retryBudgetMs?: number;
    /** First backoff delay in ms (doubles each attempt, full jitter, capped at 10 s); default 500. */
    retryBaseDelayMs?: number;
    /** Text naming the object the calls are about, for errors, e.g. `template "otp"`; optional. */
    subject?: string;
    /**
     * Starting and highest request rate for this app at this endpoint, in requests per second, shared by every client
     * of the process with the same endpoint and credentials; the rate adapts below it to JSMS's refusals. 0 or
     * `Infinity`: no maximum (unpaced until JSMS first refuses), the default.
     */
    maxRequestsPerSecond?: number;
    /** How long one call keeps being sent again, at the learned rate, after JSMS first refused it for rate (50009/429), in seconds; default 300. */
    rateLimitWaitSeconds?: number;
    /** Told, at most every `waitNoticeMs`, about calls that have waited longer than `waitNoticeMs` to be sent (one sentence). */
    onWait?: (message: string) => void;
    /** Delay before the first progress notice and between notices, in ms; default 5000. */
    waitNoticeMs?: number;
    /** Once aborted, calls waiting to be sent are dropped with an `aborted` JsmsError and no new request is sent. */
    signal?: AbortSignal;
}

/**
 * What a caller of a create may run at the moment the request leaves: after the concurrency permit and the rate slot
 * were given (so a request still queued runs nothing), before the first byte is sent. A create retried because it
 * certainly never arrived runs it again before each attempt.
 */
export interface CreateHooks {
    /** Awaited before each attempt is sent; a rejection stops the create with nothing sent. */
    beforeSend?: () => Promise<void>;
}
