// Generated from provider/schema/resourceTable.ts by provider/schema/typesCodegen.ts (npm run build): do not edit.

/** The JSMS template types. */
export const TemplateType = {
    /** A verification code: exactly one variable, `{{code}}`, and a `ttl`. */
    VerificationCode: 1,
    /** A notification. */
    Notification: 2,
    /** Marketing: JSMS adds the unsubscribe text, which counts toward the length. */
    Marketing: 3,
} as const;

/** One of the values of `TemplateType`: 1, 2, 3. */
export type TemplateType = (typeof TemplateType)[keyof typeof TemplateType];

/** What a signature names, under the 2025 rules. */
export const SignatureType = {
    /** The full or short name of a company; needs the business licence. */
    Company: 1,
    /** The name of an app; needs a screenshot of its ICP filing. */
    App: 3,
    /** A brand (trademark); needs the trademark registration certificate. */
    Brand: 6,
    /** Anything else; needs a third-party power of attorney. */
    Other: 7,
} as const;

/** One of the values of `SignatureType`: 1, 3, 6, 7. */
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType];
