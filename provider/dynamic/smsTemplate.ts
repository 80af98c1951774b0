import * as pulumi from "@pulumi/pulumi";
import type { ReviewStatus, WaitForReviewArgs } from "../lifecycle/review";
import { warnAboutCost } from "./costWarning";
import { DynamicResource } from "./dynamicResource";
import { TemplateType } from "./enums";

/** The inputs of an `SmsTemplate`. */
export interface SmsTemplateArgs {
    /** The SMS copy with `{{name}}` variables; no 【】 (JSMS adds the signature), at most `jsms:maxTemplateLength` characters. */
    template: pulumi.Input<string>;
    /** `TemplateType.VerificationCode` (1), `Notification` (2) or `Marketing` (3). */
    type: pulumi.Input<TemplateType>;
    /** Seconds a verification code stays valid, 1–86400; required for verification-code templates. */
    ttl?: pulumi.Input<number>;
    /** What the template is for, shown to the reviewers (≤ 100 characters); must start with the link when the copy has `{{url}}`. */
    remark?: pulumi.Input<string>;
    /** The sign text the template is sent with (e.g. `brand.sign`), counted in `length`; never sent to JSMS. */
    signature?: pulumi.Input<string>;
    /** The longest value of each variable in characters (e.g. `{ code: 6 }`), counted in `length`; never sent to JSMS. */
    variableLengths?: pulumi.Input<Record<string, pulumi.Input<number>>>;
    /** A credential profile of the stack config `jsms:apps`; the default app when omitted. Changing it replaces the template. */
    app?: pulumi.Input<string>;
    /** Wait for the review to end on create and update: `true` or `{ timeoutSeconds, pollIntervalSeconds }`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing template with this id instead of creating one (the dynamic provider cannot `pulumi import`). */
    adoptId?: pulumi.Input<number | string>;
}

/** What a looked-up `SmsTemplate` is known by (`SmsTemplate.get`): usually only `app`, when it is not the default app. */
export interface SmsTemplateState {
    /** The credential profile of `jsms:apps` the template belongs to; the default app when omitted. */
    app?: pulumi.Input<string>;
    /** The SMS copy. */
    template?: pulumi.Input<string>;
    /** The template type. */
    type?: pulumi.Input<TemplateType>;
    /** Validity of the code in seconds. */
    ttl?: pulumi.Input<number>;
    /** The remark. */
    remark?: pulumi.Input<string>;
    /** The JSMS template id. */
    tempId?: pulumi.Input<number>;
    /** The SMS billed per send. */
    segments?: pulumi.Input<number>;
    /** The review status. */
    status?: pulumi.Input<ReviewStatus>;
    /** The vendor's status code. */
    statusCode?: pulumi.Input<number>;
}

/**
 * A JSMS SMS template. Changes of copy follow the review: a rejected template is modified in place and
 * resubmitted; a pending or approved one is replaced, the new one created before the old one is deleted.
 *
 * ```ts
 * const otp = new jsms.SmsTemplate("otp", {
 *     template: "您好，您的验证码是{{code}}，5分钟内有效！",
 *     type: jsms.TemplateType.VerificationCode,
 *     ttl: 300,
 *     remark: "用户注册",
 * }, { dependsOn: [brand] });
 * export const otpId = otp.tempId;
 * ```
 */
export class SmsTemplate extends DynamicResource {
    /** The type token of every `SmsTemplate`, which policy packs match on. */
    static readonly __pulumiType = "pulumi-nodejs:dynamic/jsms:SmsTemplate";

    /**
     * Looks up an existing template by its JSMS id, read-only: its copy and live review status, with no write (e.g.
     * one created in another stack or in the console). Pass `{ app }` as state for a template of a `jsms:apps` profile.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, state?: SmsTemplateState, opts?: pulumi.CustomResourceOptions): SmsTemplate {
        return new SmsTemplate(name, (state ?? {}) as SmsTemplateArgs, { ...opts, id });
    }

    /** Whether `obj` is an `SmsTemplate` (also across copies of this package). */
    static override isInstance(obj: unknown): obj is SmsTemplate {
        return (obj as { __pulumiType?: unknown } | null)?.__pulumiType === SmsTemplate.__pulumiType;
    }

    /** The SMS copy. */
    declare readonly template: pulumi.Output<string>;
    /** The template type (1, 2 or 3). */
    declare readonly type: pulumi.Output<TemplateType>;
    /** Validity of the code in seconds, when declared. */
    declare readonly ttl: pulumi.Output<number | undefined>;
    /** The remark, when declared. */
    declare readonly remark: pulumi.Output<string | undefined>;
    /** The credential profile, when declared. */
    declare readonly app: pulumi.Output<string | undefined>;
    /** The declared sign text the template is sent with. */
    declare readonly signature: pulumi.Output<string | undefined>;
    /** The declared longest value of each variable. */
    declare readonly variableLengths: pulumi.Output<Record<string, number> | undefined>;
    /** The variable names, in order of first appearance; known in preview. */
    declare readonly variables: pulumi.Output<string[]>;
    /** The characters of one message as JSMS counts them when sent (signature, body, opt-out text); known in preview. */
    declare readonly length: pulumi.Output<number>;
    /** The SMS billed per send: 1 up to 70 characters, else one per 67; known in preview. */
    declare readonly segments: pulumi.Output<number>;
    /** True when the signature or a variable's length was not declared, so `length` is a minimum. */
    declare readonly lengthIsMinimum: pulumi.Output<boolean>;
    /** The JSMS template id (`temp_id`): what the application sends with. */
    declare readonly tempId: pulumi.Output<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    declare readonly status: pulumi.Output<ReviewStatus>;
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    declare readonly statusCode: pulumi.Output<number>;
    /** With `jsms:reviewHookUrl`: why JSMS rejected it, from its review callback ("" unless rejected); else absent. */
    declare readonly rejectReason: pulumi.Output<string | undefined>;
    /** With `jsms:reviewHookUrl`: when JSMS reported the review's result (ISO 8601), "" before that; else absent. */
    declare readonly reviewedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: SmsTemplateArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            template: args.template,
            type: args.type,
            ttl: args.ttl,
            remark: args.remark,
            signature: args.signature,
            variableLengths: args.variableLengths,
            app: args.app,
            waitForReview: args.waitForReview,
            adoptId: args.adoptId,
            variables: undefined,
            length: undefined,
            segments: undefined,
            lengthIsMinimum: undefined,
            tempId: undefined,
            status: undefined,
            statusCode: undefined,
            rejectReason: undefined,
            reviewedAt: undefined,
        };
        super("template", name, props, opts, "SmsTemplate");
        if (opts?.id === undefined) {
            warnAboutCost(this, name, args, opts?.provider);
        }
    }
}
