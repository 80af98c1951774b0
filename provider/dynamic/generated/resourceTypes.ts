// Generated from provider/schema/resourceTable.ts by provider/schema/typesCodegen.ts (npm run build): do not edit.
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "../dynamicResource";
import type { TemplateType, SignatureType } from "./enums";

/** A local file: a path relative to the Pulumi project directory, or a `pulumi.asset.FileAsset`. */
export type LocalFile = string | pulumi.asset.FileAsset;

/** How long to wait for a review, and how often to look. */
export interface WaitForReviewArgs {
    /** Give up after this many seconds (default 600); the next `pulumi up` re-checks. */
    timeoutSeconds?: pulumi.Input<number>;
    /** Seconds before the first poll (default 10); the interval grows by half each poll, up to a minute. */
    pollIntervalSeconds?: pulumi.Input<number>;
}

/** How long to wait for a review, and how often to look. */
export interface WaitForReview {
    /** Give up after this many seconds (default 600); the next `pulumi up` re-checks. */
    timeoutSeconds?: number;
    /** Seconds before the first poll (default 10); the interval grows by half each poll, up to a minute. */
    pollIntervalSeconds?: number;
}

/** The qualification fields JSMS added in 2025; which are required depends on the signature type. */
export interface SignatureQualificationArgs {
    /** The legal representative's name; JSMS verifies it. */
    legalPersonName?: pulumi.Input<string>;
    /** The legal representative's 18-digit PRC ID number; secret, never echoed in errors. */
    legalPersonIdNumber?: pulumi.Input<string>;
    /** The 18-character unified social credit code. */
    socialCreditCode?: pulumi.Input<string>;
    /** The company granting a third-party authorization, when there is one. */
    thirdPartyCompanyName?: pulumi.Input<string>;
    /** Path of the legal representative's ID card image (required with a qualification). */
    idCardImage?: pulumi.Input<LocalFile>;
    /** Path of the business licence; required for type 1 (company name). */
    businessLicenseImage?: pulumi.Input<LocalFile>;
    /** Path of a screenshot of the app's ICP filing; required for type 3 (app name). */
    icpAppScreenshot?: pulumi.Input<LocalFile>;
    /** Path of the trademark registration certificate; required for type 6 (brand name). */
    trademarkImage?: pulumi.Input<LocalFile>;
    /** Path of a third-party power of attorney; required for type 7 (other). */
    thirdPartyAuthImage?: pulumi.Input<LocalFile>;
    /** Path of any other supporting image. */
    otherImage?: pulumi.Input<LocalFile>;
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
export interface AppProfileArgs {
    /** The app key. */
    appKey: pulumi.Input<string>;
    /** The app's master secret. */
    masterSecret: pulumi.Input<string>;
}

/** The credentials of one JSMS app, for resources that name it in `app`. */
export interface AppProfile {
    /** The app key. */
    appKey: string;
    /** The app's master secret. */
    masterSecret: string;
}

/** The inputs of an `SmsTemplate`. */
export interface SmsTemplateArgs {
    /** The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `maxTemplateLength` characters. */
    template: pulumi.Input<string>;
    /** 1 verification code, 2 notification, 3 marketing (JSMS adds the opt-out text to marketing copy). */
    type: pulumi.Input<TemplateType>;
    /** Seconds a verification code stays valid, 1–86400; required for verification-code templates. */
    ttl?: pulumi.Input<number>;
    /** What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    remark?: pulumi.Input<string>;
    /** The sign text the template is sent with (not sent to JSMS): counted in the length, as JSMS adds it in 【】. */
    signature?: pulumi.Input<string>;
    /** The longest value of each variable, in characters (not sent to JSMS), so the counted length is the real one. */
    variableLengths?: pulumi.Input<Record<string, pulumi.Input<number>>>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    app?: pulumi.Input<string>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    adoptId?: pulumi.Input<number | string>;
}

/** What a looked-up `SmsTemplate` is known by (`SmsTemplate.get`): usually only `app`, when it is not the default app. */
export interface SmsTemplateState {
    /** The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `maxTemplateLength` characters. */
    template?: pulumi.Input<string>;
    /** 1 verification code, 2 notification, 3 marketing (JSMS adds the opt-out text to marketing copy). */
    type?: pulumi.Input<TemplateType>;
    /** Seconds a verification code stays valid, 1–86400; required for verification-code templates. */
    ttl?: pulumi.Input<number>;
    /** What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    remark?: pulumi.Input<string>;
    /** The sign text the template is sent with (not sent to JSMS): counted in the length, as JSMS adds it in 【】. */
    signature?: pulumi.Input<string>;
    /** The longest value of each variable, in characters (not sent to JSMS), so the counted length is the real one. */
    variableLengths?: pulumi.Input<Record<string, pulumi.Input<number>>>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    app?: pulumi.Input<string>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    adoptId?: pulumi.Input<number | string>;
    /** The JSMS template id (`temp_id`): what the application sends with. */
    tempId?: pulumi.Input<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    status?: pulumi.Input<"pending" | "approved" | "rejected">;
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    statusCode?: pulumi.Input<number>;
    /** With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected). */
    rejectReason?: pulumi.Input<string>;
    /** With jsms:reviewHookUrl: when JSMS reported the review's result (ISO 8601), "" before that. */
    reviewedAt?: pulumi.Input<string>;
    /** The variable names of the copy, each once, in order of first appearance. */
    variables?: pulumi.Input<pulumi.Input<string>[]>;
    /** The text one send delivers, as counted: the signature in 【】 when declared, the copy with its `{{variables}}`, a marketing template's opt-out text. */
    message?: pulumi.Input<string>;
    /** The characters of one message as sent: signature, copy with variables at their declared lengths, opt-out text. */
    length?: pulumi.Input<number>;
    /** The SMS billed per send, from `length`. */
    segments?: pulumi.Input<number>;
    /** True when a variable's length or the signature is not declared, so a message may be longer. */
    lengthIsMinimum?: pulumi.Input<boolean>;
}

/** The properties of an `SmsTemplate` as TypeScript sees them; `SmsTemplate` adds the behaviour. */
export abstract class SmsTemplateProperties extends DynamicResource {
    /** The type token of every resource of this class, which policy packs match on. */
    static readonly __pulumiType = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
    /** The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `maxTemplateLength` characters. */
    declare readonly template: pulumi.Output<string>;
    /** 1 verification code, 2 notification, 3 marketing (JSMS adds the opt-out text to marketing copy). */
    declare readonly type: pulumi.Output<TemplateType>;
    /** Seconds a verification code stays valid, 1–86400; required for verification-code templates. */
    declare readonly ttl: pulumi.Output<number | undefined>;
    /** What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    declare readonly remark: pulumi.Output<string | undefined>;
    /** The sign text the template is sent with (not sent to JSMS): counted in the length, as JSMS adds it in 【】. */
    declare readonly signature: pulumi.Output<string | undefined>;
    /** The longest value of each variable, in characters (not sent to JSMS), so the counted length is the real one. */
    declare readonly variableLengths: pulumi.Output<Record<string, number> | undefined>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    declare readonly app: pulumi.Output<string | undefined>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    declare readonly waitForReview: pulumi.Output<boolean | WaitForReview | undefined>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    declare readonly adoptId: pulumi.Output<number | string | undefined>;
    /** The JSMS template id (`temp_id`): what the application sends with. */
    declare readonly tempId: pulumi.Output<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    declare readonly status: pulumi.Output<"pending" | "approved" | "rejected">;
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    declare readonly statusCode: pulumi.Output<number>;
    /** With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected). */
    declare readonly rejectReason: pulumi.Output<string | undefined>;
    /** With jsms:reviewHookUrl: when JSMS reported the review's result (ISO 8601), "" before that. */
    declare readonly reviewedAt: pulumi.Output<string | undefined>;
    /** The variable names of the copy, each once, in order of first appearance. */
    declare readonly variables: pulumi.Output<string[]>;
    /** The text one send delivers, as counted: the signature in 【】 when declared, the copy with its `{{variables}}`, a marketing template's opt-out text. */
    declare readonly message: pulumi.Output<string>;
    /** The characters of one message as sent: signature, copy with variables at their declared lengths, opt-out text. */
    declare readonly length: pulumi.Output<number>;
    /** The SMS billed per send, from `length`. */
    declare readonly segments: pulumi.Output<number>;
    /** True when a variable's length or the signature is not declared, so a message may be longer. */
    declare readonly lengthIsMinimum: pulumi.Output<boolean>;
}

/** The property map an `SmsTemplate` registers: its inputs, and its outputs as undefined so the engine returns them. */
export function smsTemplateProps(args: SmsTemplateArgs): Record<string, pulumi.Input<unknown> | undefined> {
    return {
        template: args.template,
        type: args.type,
        ttl: args.ttl,
        remark: args.remark,
        signature: args.signature,
        variableLengths: args.variableLengths,
        app: args.app,
        waitForReview: args.waitForReview,
        adoptId: args.adoptId,
        tempId: undefined,
        status: undefined,
        statusCode: undefined,
        rejectReason: undefined,
        reviewedAt: undefined,
        variables: undefined,
        message: undefined,
        length: undefined,
        segments: undefined,
        lengthIsMinimum: undefined,
    };
}

/** The inputs of an `SmsSignature`. */
export interface SmsSignatureArgs {
    /** The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them). */
    sign: pulumi.Input<string>;
    /** Up to four supporting images (PNG or JPEG, ≤ 2 MB each), as paths relative to the project; only their sha256 goes into state. */
    images?: pulumi.Input<pulumi.Input<LocalFile>[]>;
    /** What the signature names under the 2025 rules: 1 company, 3 app, 6 brand, 7 other. */
    type?: pulumi.Input<SignatureType>;
    /** A note for the reviewers (≤ 100 characters). */
    remark?: pulumi.Input<string>;
    /** The 2025 qualification fields and files; the whole object is a secret in state. */
    qualification?: pulumi.Input<SignatureQualificationArgs>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    app?: pulumi.Input<string>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    adoptId?: pulumi.Input<number | string>;
}

/** What a looked-up `SmsSignature` is known by (`SmsSignature.get`): usually only `app`, when it is not the default app. */
export interface SmsSignatureState {
    /** The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them). */
    sign?: pulumi.Input<string>;
    /** Up to four supporting images (PNG or JPEG, ≤ 2 MB each), as paths relative to the project; only their sha256 goes into state. */
    images?: pulumi.Input<pulumi.Input<LocalFile>[]>;
    /** What the signature names under the 2025 rules: 1 company, 3 app, 6 brand, 7 other. */
    type?: pulumi.Input<SignatureType>;
    /** A note for the reviewers (≤ 100 characters). */
    remark?: pulumi.Input<string>;
    /** The 2025 qualification fields and files; the whole object is a secret in state. */
    qualification?: pulumi.Input<SignatureQualificationArgs>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    app?: pulumi.Input<string>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    adoptId?: pulumi.Input<number | string>;
    /** The JSMS signature id (`sign_id`). */
    signId?: pulumi.Input<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    status?: pulumi.Input<"pending" | "approved" | "rejected">;
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    statusCode?: pulumi.Input<number>;
    /** With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected). */
    rejectReason?: pulumi.Input<string>;
    /** With jsms:reviewHookUrl: when JSMS reported the review's result (ISO 8601), "" before that. */
    reviewedAt?: pulumi.Input<string>;
    /** Whether JSMS uses it as the app's default signature. */
    isDefault?: pulumi.Input<boolean>;
    /** Whether JSMS reports it in use for sending. */
    inUse?: pulumi.Input<boolean>;
    /** sha256 (hex) of each image sent, in order: a change of image content shows in the diff without storing bytes. */
    imageDigests?: pulumi.Input<pulumi.Input<string>[]>;
    /** sha256 (hex) of each qualification file sent, by field. */
    qualificationDigests?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The properties of an `SmsSignature` as TypeScript sees them; `SmsSignature` adds the behaviour. */
export abstract class SmsSignatureProperties extends DynamicResource {
    /** The type token of every resource of this class, which policy packs match on. */
    static readonly __pulumiType = "pulumi-nodejs:dynamic/jsms:SmsSignature";
    /** The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them). */
    declare readonly sign: pulumi.Output<string>;
    /** Up to four supporting images (PNG or JPEG, ≤ 2 MB each), as paths relative to the project; only their sha256 goes into state. */
    declare readonly images: pulumi.Output<string[] | undefined>;
    /** What the signature names under the 2025 rules: 1 company, 3 app, 6 brand, 7 other. */
    declare readonly type: pulumi.Output<SignatureType | undefined>;
    /** A note for the reviewers (≤ 100 characters). */
    declare readonly remark: pulumi.Output<string | undefined>;
    /** The 2025 qualification fields and files; the whole object is a secret in state. */
    declare readonly qualification: pulumi.Output<SignatureQualification | undefined>;
    /** A credential profile of the provider setting `apps`; the default app when omitted. Changing it replaces the object. */
    declare readonly app: pulumi.Output<string | undefined>;
    /** Wait for the JSMS review to end on create and update: `true` (600 s) or `{timeoutSeconds, pollIntervalSeconds}`. Off by default. */
    declare readonly waitForReview: pulumi.Output<boolean | WaitForReview | undefined>;
    /** Take over the existing object with this JSMS id instead of creating one (with the plugin, `pulumi import` is the usual way). */
    declare readonly adoptId: pulumi.Output<number | string | undefined>;
    /** The JSMS signature id (`sign_id`). */
    declare readonly signId: pulumi.Output<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    declare readonly status: pulumi.Output<"pending" | "approved" | "rejected">;
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    declare readonly statusCode: pulumi.Output<number>;
    /** With jsms:reviewHookUrl: why JSMS rejected it, from its review callback ("" unless rejected). */
    declare readonly rejectReason: pulumi.Output<string | undefined>;
    /** With jsms:reviewHookUrl: when JSMS reported the review's result (ISO 8601), "" before that. */
    declare readonly reviewedAt: pulumi.Output<string | undefined>;
    /** Whether JSMS uses it as the app's default signature. */
    declare readonly isDefault: pulumi.Output<boolean>;
    /** Whether JSMS reports it in use for sending. */
    declare readonly inUse: pulumi.Output<boolean>;
    /** sha256 (hex) of each image sent, in order: a change of image content shows in the diff without storing bytes. */
    declare readonly imageDigests: pulumi.Output<string[]>;
    /** sha256 (hex) of each qualification file sent, by field. */
    declare readonly qualificationDigests: pulumi.Output<Record<string, string> | undefined>;
}

/** The property map an `SmsSignature` registers: its inputs, and its outputs as undefined so the engine returns them. */
export function smsSignatureProps(args: SmsSignatureArgs): Record<string, pulumi.Input<unknown> | undefined> {
    return {
        sign: args.sign,
        images: args.images,
        type: args.type,
        remark: args.remark,
        qualification: args.qualification,
        app: args.app,
        waitForReview: args.waitForReview,
        adoptId: args.adoptId,
        signId: undefined,
        status: undefined,
        statusCode: undefined,
        rejectReason: undefined,
        reviewedAt: undefined,
        isDefault: undefined,
        inUse: undefined,
        imageDigests: undefined,
        qualificationDigests: undefined,
    };
}
