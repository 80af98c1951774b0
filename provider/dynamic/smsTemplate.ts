import * as pulumi from "@pulumi/pulumi";
import { countSms, describeCost } from "../validation/smsCounting";
import { SmsTemplateArgs, SmsTemplateProperties, SmsTemplateState, smsTemplateProps } from "./generated/resourceTypes";
import { programSettings } from "./provider";
import { templateProvider } from "./providerShim";

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

    constructor(name: string, args: SmsTemplateArgs, opts?: pulumi.CustomResourceOptions) {
        // The properties and their types are generated from the field table; only the cost warning is written here.
        super(templateProvider, name, smsTemplateProps(args), opts, "jsms", "SmsTemplate");
        if (opts?.id === undefined) {
            warnAboutCost(this, name, args, opts?.provider);
        }
    }
}

/**
 * Warns, beside the resource in the progress view, when one send of the template costs more than one SMS, so a
 * reviewer of `pulumi preview` sees it. Runs in the program once the copy is known; the provider's `check`
 * reports the same count as the `length` and `segments` outputs.
 */
function warnAboutCost(resource: SmsTemplate, name: string, args: SmsTemplateArgs, provider: pulumi.ProviderResource | undefined): void {
    pulumi.all([args.template, args.type, args.signature, args.variableLengths]).apply(async ([template, type, signature, variableLengths]) => {
        if (typeof template !== "string") {
            return;
        }
        let optOutSuffix: string;
        try {
            optOutSuffix = (await programSettings(provider)).optOutSuffix;
        } catch {
            return; // settings the provider's check reports on the resource itself
        }
        const request = { template, type, signature, variableLengths, optOutSuffix };
        const count = countSms(request);
        if (count.segments > 1) {
            await pulumi.log.warn(`template "${name}" costs ${describeCost(count, request)}`, resource);
        }
    });
}
