/**
 * pulumi-jsms: JiGuang JSMS SMS templates and signatures as Pulumi resources, and the SMS balances.
 * This file is the public surface only.
 */
export { SmsTemplate, SmsTemplateArgs } from "./resources/smsTemplate";
export { SmsSignature, SmsSignatureArgs, SignatureQualificationArgs, LocalFile } from "./resources/smsSignature";
export { TemplateType } from "./resources/templateType";
export { WaitForReviewArgs } from "./resources/reviewOptions";
export { ReviewStatus } from "./resources/reviewStatus";
export { getAppBalance, getAppBalanceOutput, getDevBalance, getDevBalanceOutput, GetAppBalanceArgs } from "./balance";
export { Balance } from "./client/types";
export { JsmsError } from "./client/jsmsError";
