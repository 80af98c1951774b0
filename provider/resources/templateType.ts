/** JSMS template types, as the `type` input of `SmsTemplate` takes them. */
export const TemplateType = {
    /** A verification code: exactly one variable, `{{code}}`, and a `ttl`. */
    VerificationCode: 1,
    /** A notification. */
    Notification: 2,
    /** Marketing: JSMS adds the unsubscribe text, which counts toward the length. */
    Marketing: 3,
} as const;

/** One of the values of `TemplateType`: 1, 2 or 3. */
export type TemplateType = (typeof TemplateType)[keyof typeof TemplateType];
