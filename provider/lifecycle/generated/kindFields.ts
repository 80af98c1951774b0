// Generated from plugin/resourceSchema.ts by plugin/typesCodegen.ts (npm run build): do not edit.

/** The inputs every kind shares, in the order they follow a kind's own fields. */
export const COMMON_INPUT_FIELDS = ["app", "waitForReview", "adoptId"] as const;

/** The field lists of the template kind (`SmsTemplate`): own and derived inputs, copy, local files. */
export const TEMPLATE_FIELDS = {
    inputFields: ["template", "type", "ttl", "remark", "signature", "variableLengths", "variables", "message", "length", "segments", "lengthIsMinimum"],
    copyFields: ["template", "type", "ttl", "remark"],
    fileFields: [],
} as const;

/** The inputs `check` derives for the template kind, recorded with the declared ones. */
export const TEMPLATE_DERIVED_FIELDS = ["variables", "message", "length", "segments", "lengthIsMinimum"] as const;

/** The derived inputs of the template kind as plain values (absent before `check`). */
export interface TemplateDerivedInputs {
    /** The variable names of the copy, each once, in order of first appearance. */
    variables?: string[];
    /** The text one send delivers, as counted: the signature in 【】 when declared, the copy with its `{{variables}}`, a marketing template's opt-out text. */
    message?: string;
    /** The characters of one message as sent: signature, copy with variables at their declared lengths, opt-out text. */
    length?: number;
    /** The SMS billed per send, from `length`. */
    segments?: number;
    /** True when a variable's length or the signature is not declared, so a message may be longer. */
    lengthIsMinimum?: boolean;
}

/** The field lists of the signature kind (`SmsSignature`): own and derived inputs, copy, local files. */
export const SIGNATURE_FIELDS = {
    inputFields: ["sign", "images", "type", "remark", "qualification", "imageDigests", "qualificationDigests"],
    copyFields: ["sign", "type", "remark", "qualification", "imageDigests", "qualificationDigests"],
    fileFields: ["images", "qualification"],
} as const;

/** The inputs `check` derives for the signature kind, recorded with the declared ones. */
export const SIGNATURE_DERIVED_FIELDS = ["imageDigests", "qualificationDigests"] as const;

/** The derived inputs of the signature kind as plain values (absent before `check`). */
export interface SignatureDerivedInputs {
    /** sha256 (hex) of each image sent, in order: a change of image content shows in the diff without storing bytes. */
    imageDigests?: string[];
    /** sha256 (hex) of each qualification file sent, by field. */
    qualificationDigests?: Record<string, string>;
}
