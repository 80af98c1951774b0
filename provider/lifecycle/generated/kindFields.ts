// Generated from plugin/resourceSchema.ts by plugin/typesCodegen.ts (npm run build): do not edit.

/** The inputs every kind shares, in the order they follow a kind's own fields. */
export const COMMON_INPUT_FIELDS = ["app", "waitForReview", "adoptId"] as const;

/** The field lists of the template kind (`SmsTemplate`): own and derived inputs, copy, local files. */
export const TEMPLATE_FIELDS = {
    inputFields: ["template", "type", "ttl", "remark", "signature", "variableLengths", "variables", "length", "segments", "lengthIsMinimum"],
    copyFields: ["template", "type", "ttl", "remark"],
    fileFields: [],
} as const;

/** The inputs `check` derives for the template kind, recorded with the declared ones. */
export const TEMPLATE_DERIVED_FIELDS = ["variables", "length", "segments", "lengthIsMinimum"] as const;

/** The field lists of the signature kind (`SmsSignature`): own and derived inputs, copy, local files. */
export const SIGNATURE_FIELDS = {
    inputFields: ["sign", "images", "type", "remark", "qualification", "imageDigests", "qualificationDigests"],
    copyFields: ["sign", "type", "remark", "qualification", "imageDigests", "qualificationDigests"],
    fileFields: ["images", "qualification"],
} as const;

/** The inputs `check` derives for the signature kind, recorded with the declared ones. */
export const SIGNATURE_DERIVED_FIELDS = ["imageDigests", "qualificationDigests"] as const;
