/**
 * pulumi-jsms: JiGuang JSMS SMS templates and signatures as Pulumi resources, and the SMS balances.
 * This file is the public surface only.
 */
export { SmsTemplate, SmsTemplateArgs, SmsTemplateState } from "./dynamic/smsTemplate";
export { SmsSignature, SmsSignatureArgs, SmsSignatureState } from "./dynamic/smsSignature";
export { Provider, ProviderArgs } from "./dynamic/provider";
export { TemplateType, SignatureType } from "./dynamic/generated/enums";
export {
    AppProfile,
    AppProfileArgs,
    LocalFile,
    SignatureQualification,
    SignatureQualificationArgs,
    WaitForReview,
    WaitForReviewArgs,
} from "./dynamic/generated/resourceTypes";
export { ReviewStatus } from "./schema/reviewStatus";
export {
    getAppBalance,
    getAppBalanceOutput,
    getDevBalance,
    getDevBalanceOutput,
    GetAppBalanceArgs,
    GetAppBalanceResult,
    GetDevBalanceResult,
} from "./balance";
export { Balance } from "./client/types";
export { JsmsError } from "./client/jsmsError";
export { ProviderError } from "./errors";
