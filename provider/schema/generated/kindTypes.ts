// Generated from provider/schema/resourceTable.ts by provider/schema/typesCodegen.ts (npm run build): do not edit.

/** The JSMS template types. */
export type TemplateType = 1 | 2 | 3;

/** What a signature names, under the 2025 rules. */
export type SignatureType = 1 | 3 | 6 | 7;

/** How long to wait for a review, and how often to look. */
export interface WaitForReview {
    /** Give up after this many seconds (default 600); the next `pulumi up` re-checks. */
    timeoutSeconds?: number;
    /** Seconds before the first poll (default 10); the interval grows by half each poll, up to a minute. */
    pollIntervalSeconds?: number;
}

/** The qualification fields JSMS added in 2025; which are required depends on the signature type. */
export interface SignatureQualification {
    /** The legal representative's name; JSMS verifies it. */
    legalPersonName?: string;
    /** The legal representative's 18-digit PRC ID number; secret, never echoed in errors. */
    legalPersonIdNumber?: string;
    /** The 18-character unified social credit code. */
    socialCreditCode?: string;
    /** The company granting a third-party authorization, when there is one. */
    thirdPartyCompanyName?: string;
    /** Path of the legal representative's ID card image (required with a qualification). */
    idCardImage?: string;
    /** Path of the business licence; required for type 1 (company name). */
    businessLicenseImage?: string;
    /** Path of a screenshot of the app's ICP filing; required for type 3 (app name). */
    icpAppScreenshot?: string;
    /** Path of the trademark registration certificate; required for type 6 (brand name). */
    trademarkImage?: string;
    /** Path of a third-party power of attorney; required for type 7 (other). */
    thirdPartyAuthImage?: string;
    /** Path of any other supporting image. */
    otherImage?: string;
}

/** The credentials of one JSMS app, for resources that name it in `app`. */
export interface AppProfile {
    /** The app key. */
    appKey: string;
    /** The app's master secret. */
    masterSecret: string;
}

/** The inputs every kind shares. */
export interface CommonInputs {
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    app?: string;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    waitForReview?: boolean | WaitForReview;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    adoptId?: number | string;
}

/** The outputs every kind shares besides its inputs and its id field. */
export interface ReviewOutputs {
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    status: "pending" | "approved" | "rejected";
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    statusCode: number;
    /** With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected). */
    rejectReason?: string;
    /** With jsms:reviewHookUrl: when JSMS reported the review's result (ISO 8601), "" before that. */
    reviewedAt?: string;
}

/** The inputs of an `SmsTemplate` as the engine passes them (plain values), with those `check` derives. */
export interface TemplateInputs extends CommonInputs {
    /** The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `maxTemplateLength` characters. */
    template: string;
    /** 1 verification code, 2 notification, 3 marketing (JSMS adds the opt-out text to marketing copy). */
    type: TemplateType;
    /** Seconds a verification code stays valid, 1–86400; required for verification-code templates. */
    ttl?: number;
    /** What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    remark?: string;
    /** The sign text the template is sent with (not sent to JSMS): counted in the length, as JSMS adds it in 【】. */
    signature?: string;
    /** The longest value of each variable, in characters (not sent to JSMS), so the counted length is the real one. */
    variableLengths?: Record<string, number>;
    /** The variable names of the copy, each once, in order of first appearance. */
    variables?: string[];
    /** The text one send delivers, as counted: the signature in 【】 when declared, the copy with its `{{variables}}`, a marketing template's opt-out text. */
    message?: string;
    /** The characters of one message as sent: signature, copy with variables at their declared lengths, opt-out text. */
    length?: number;
    /** The SMS billed per send, from `length`. */
    segments?: number;
    /** True when a variable's length or the signature is not declared, so a message may be longer. */
    lengthIsMinimum?: boolean;
}

/** The inputs of an `SmsTemplate` that JSMS receives (those with a wire name). */
export type TemplateSent = Pick<TemplateInputs, "template" | "type" | "ttl" | "remark">;

/** The outputs of an `SmsTemplate`: its inputs plus what JSMS says about it. */
export interface TemplateOutputs extends TemplateInputs, ReviewOutputs {
    /** The JSMS template id (`temp_id`): what the application sends with. */
    tempId: number;
}

/** The inputs of an `SmsSignature` as the engine passes them (plain values), with those `check` derives. */
export interface SignatureInputs extends CommonInputs {
    /** The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them). */
    sign: string;
    /** Up to four supporting images (PNG or JPEG, ≤ 2 MB each), as paths relative to the project; only their sha256 goes into state. */
    images?: string[];
    /** What the signature names under the 2025 rules: 1 company, 3 app, 6 brand, 7 other. */
    type?: SignatureType;
    /** A note for the reviewers (≤ 100 characters). */
    remark?: string;
    /** The 2025 qualification fields and files; the whole object is a secret in state. */
    qualification?: SignatureQualification;
    /** sha256 (hex) of each image sent, in order: a change of image content shows in the diff without storing bytes. */
    imageDigests?: string[];
    /** sha256 (hex) of each qualification file sent, by field. */
    qualificationDigests?: Record<string, string>;
}

/** The inputs of an `SmsSignature` that JSMS receives (those with a wire name). */
export type SignatureSent = Pick<SignatureInputs, "sign" | "images" | "type" | "remark" | "qualification">;

/** The outputs of an `SmsSignature`: its inputs plus what JSMS says about it. */
export interface SignatureOutputs extends SignatureInputs, ReviewOutputs {
    /** The JSMS signature id (`sign_id`). */
    signId: number;
    /** Whether JSMS uses it as the app's default signature. */
    isDefault: boolean;
    /** Whether JSMS reports it in use for sending. */
    inUse: boolean;
}
