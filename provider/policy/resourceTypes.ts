/**
 * The type tokens the policies match. A rule matches the token itself rather than a class, so the same pack checks
 * the dynamic provider's resources and the `jsms` plugin's, and needs no import of the classes it checks.
 */

/** `SmsTemplate`: the dynamic resource's token and the provider plugin's. */
export const TEMPLATE_TYPE_TOKENS: readonly string[] = [
    "pulumi-nodejs:dynamic/jsms:SmsTemplate",
    "jsms:index:SmsTemplate",
];

/** `SmsSignature`: the dynamic resource's token and the provider plugin's. */
export const SIGNATURE_TYPE_TOKENS: readonly string[] = [
    "pulumi-nodejs:dynamic/jsms:SmsSignature",
    "jsms:index:SmsSignature",
];

/** The resource kinds the policies know, named as users write them. */
export type JsmsKind = "SmsTemplate" | "SmsSignature";

/** The kind of a resource from its type token, or undefined for anything else in the stack. */
export function jsmsKind(type: string): JsmsKind | undefined {
    if (TEMPLATE_TYPE_TOKENS.includes(type)) {
        return "SmsTemplate";
    }
    return SIGNATURE_TYPE_TOKENS.includes(type) ? "SmsSignature" : undefined;
}
