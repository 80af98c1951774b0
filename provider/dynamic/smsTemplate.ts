import * as pulumi from "@pulumi/pulumi";
import { warnAboutCost } from "./costWarning";
import { SmsTemplateArgs, SmsTemplateProperties, SmsTemplateState, smsTemplateProps } from "./generated/resourceTypes";

export type { SmsTemplateArgs, SmsTemplateState };

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
export class SmsTemplate extends SmsTemplateProperties {
    /**
     * Looks up an existing template by its JSMS id, read-only: its copy and live review status, with no write (e.g.
     * one created in another stack or in the console). Pass `{ app }` as state for a template of a `jsms:apps` profile.
     */
    static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        state?: SmsTemplateState,
        opts?: pulumi.CustomResourceOptions,
    ): SmsTemplate {
        return new SmsTemplate(name, (state ?? {}) as SmsTemplateArgs, { ...opts, id });
    }

    /** Whether `obj` is an `SmsTemplate` (also across copies of this package). */
    static override isInstance(obj: unknown): obj is SmsTemplate {
        return (obj as { __pulumiType?: unknown } | null)?.__pulumiType === SmsTemplate.__pulumiType;
    }

    constructor(name: string, args: SmsTemplateArgs, opts?: pulumi.CustomResourceOptions) {
        // The properties and their types are generated from the field table; only the cost warning is written here.
        super("template", name, smsTemplateProps(args), opts, SmsTemplate.__pulumiType);
        if (opts?.id === undefined) {
            warnAboutCost(this, name, args, opts?.provider);
        }
    }
}
