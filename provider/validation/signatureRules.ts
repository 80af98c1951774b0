import type { FileUpload, QualificationFields } from "../client/types";
import { QUALIFICATION_FILE_FIELDS } from "../schema/resourceTable";
import { isValidResidentIdNumber, isValidSocialCreditCode } from "./chineseIdentifiers";
import { type FieldShape, readFields } from "./fieldShapes";
import { imageFormatFromName, sniffImageFormat } from "./imageFormat";
import { invisibleCharacterViolation } from "./invisibleCharacters";
import { remarkViolations } from "./remarkRule";
import type { RuleViolation } from "./ruleViolation";
import { JsmsCode } from "../client/returnCodes";

/** The signature types of the 2025 rules: 1 company, 3 app, 6 brand (trademark), 7 other. */
export const SIGNATURE_TYPES: readonly number[] = [1, 3, 6, 7];

/** The most images a signature request may carry (`image0`..`image3`). */
export const MAX_SIGNATURE_IMAGES = 4;

/** The largest image JSMS accepts: 2 MB, inclusive. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** What the rules need to know about an uploaded file, so that callers need not hold its bytes. */
export interface ImageFacts {
    /** The file name sent with the part, e.g. `licence.png`. */
    name: string;
    /** Its size in bytes. */
    size: number;
    /** Its first bytes (at least 12), to recognise PNG or JPEG. */
    head: Uint8Array;
}

/** The 2025 qualification fields as they arrive, with each file described by its {@link ImageFacts}. */
export type QualificationFacts = {
    [K in keyof QualificationFields]?: NonNullable<QualificationFields[K]> extends FileUpload ? ImageFacts : unknown;
};

/** The signature fields as they arrive, from a multipart form or from Pulumi inputs. */
export interface SignatureRuleFields {
    sign?: unknown;
    type?: unknown;
    remark?: unknown;
    images?: ImageFacts[];
    qualification?: QualificationFacts;
}

/** How {@link signatureViolations} checks. */
export interface SignatureRuleOptions {
    /**
     * Properties whose value is unknown (a preview placeholder), e.g. `sign`, `images`, `qualification` or one
     * qualification field such as `qualification.idCardImage`: not validated, nor any rule that needs them.
     */
    skip?: ReadonlySet<string>;
}

const signatureShapes = {
    sign: { type: "text", expected: "text" },
    type: { type: "number", expected: "a number (1, 3, 6 or 7)" },
    remark: { type: "text", expected: "text" },
} satisfies Record<string, FieldShape>;

/** The file fields of the 2025 qualification. */
export { QUALIFICATION_FILE_FIELDS };

const qualificationTextShapes = {
    legalPersonName: { type: "text", expected: "text" },
    legalPersonIdNumber: { type: "text", expected: "text" },
    socialCreditCode: { type: "text", expected: "text" },
    thirdPartyCompanyName: { type: "text", expected: "text" },
} satisfies Record<string, FieldShape>;

/** The text fields of the 2025 qualification. */
export const QUALIFICATION_TEXT_FIELDS = Object.keys(qualificationTextShapes) as ReadonlyArray<
    keyof typeof qualificationTextShapes
>;

/** The qualification file each 2025 signature type must carry, and a sentence saying so. */
export const REQUIRED_FILE_BY_TYPE: Readonly<Record<number, { field: keyof QualificationFacts; what: string }>> = {
    1: { field: "businessLicenseImage", what: "a type 1 (company) signature needs the business licence" },
    3: { field: "icpAppScreenshot", what: "a type 3 (app) signature needs a screenshot of the app's ICP filing" },
    6: { field: "trademarkImage", what: "a type 6 (brand) signature needs the trademark registration certificate" },
    7: { field: "thirdPartyAuthImage", what: "a type 7 (other) signature needs the third-party power of attorney" },
};

const SIGN_TEXT = /^[\p{Script=Han}A-Za-z0-9]{2,8}$/u;

/**
 * Every JSMS rule a signature create or modify request breaks: text (50104), type (50007), remark (50045),
 * images (50101) and, when given, the 2025 qualification (50007 for fields, 50101 for files).
 */
export function signatureViolations(fields: SignatureRuleFields, options: SignatureRuleOptions = {}): RuleViolation[] {
    const skip = options.skip;
    const { values, unavailable, violations } = readFields(fields, signatureShapes, skip);
    const { sign, type, remark } = values;

    if (!unavailable.has("sign")) {
        const signRule = signTextViolation(sign);
        if (signRule) {
            violations.push(signRule);
        }
    }
    if (type !== undefined && !SIGNATURE_TYPES.includes(type)) {
        violations.push({
            property: "type",
            code: JsmsCode.InvalidBody,
            reason: `type must be 1 (company), 3 (app), 6 (brand) or 7 (other) under the 2025 rules; found ${type}.`,
        });
    }
    violations.push(...remarkViolations(remark));
    if (!skip?.has("images") && fields.images) {
        if (fields.images.length > MAX_SIGNATURE_IMAGES) {
            violations.push({
                property: "images",
                code: JsmsCode.InvalidImage,
                reason: `at most ${MAX_SIGNATURE_IMAGES} images may be attached (image0 to image3); found ${fields.images.length}, so remove some.`,
            });
        }
        violations.push(...fields.images.flatMap((image) => imageViolations(image, "images", "image")));
    }
    if (!skip?.has("qualification") && fields.qualification) {
        const typeKnown = !unavailable.has("type");
        violations.push(...qualificationViolations(fields.qualification, typeKnown, type, skip));
    }
    return violations;
}

/** 2–8 Han characters, letters or digits; brackets get their own reason because JSMS adds 【】 itself. */
export function signTextViolation(sign: string | undefined): RuleViolation | undefined {
    const violation = (reason: string): RuleViolation => ({
        property: "sign",
        code: JsmsCode.InvalidSignature,
        reason,
    });
    if (sign === undefined || sign === "") {
        return violation(
            "sign is required: the signature text, 2 to 8 Han characters, letters or digits, e.g. 极光推送.",
        );
    }
    if (SIGN_TEXT.test(sign)) {
        return undefined;
    }
    // Named by code point and position: quoted, an invisible character would look like nothing.
    const invisible = invisibleCharacterViolation("sign", sign, JsmsCode.InvalidSignature);
    if (invisible) {
        return invisible;
    }
    const brackets = ["【】", "[]", "（）", "()"].filter((pair) => [...pair].some((b) => sign.includes(b)));
    if (brackets.length > 0) {
        return violation(
            `the signature must not include ${brackets.join(" or ")}: JSMS adds 【】 around it itself, so give only the text inside.`,
        );
    }
    const length = [...sign].length;
    if (length < 2 || length > 8) {
        return violation(`the signature must be 2 to 8 characters; "${sign}" has ${length}, so change its length.`);
    }
    const others = [...new Set([...sign].filter((c) => !/^[\p{Script=Han}A-Za-z0-9]$/u.test(c)))];
    return violation(
        `the signature may contain only Han characters, English letters and digits; remove ${others.map((c) => `"${c}"`).join(", ")}.`,
    );
}

/** PNG or JPEG by content and by name, at most 2 MB. */
function imageViolations(image: ImageFacts, property: string, label: string): RuleViolation[] {
    const violations: RuleViolation[] = [];
    const violation = (reason: string) => violations.push({ property, code: JsmsCode.InvalidImage, reason });
    if (sniffImageFormat(image.head) === undefined) {
        violation(`${label} "${image.name}" is not a PNG or JPEG file by its content; upload a PNG or JPEG image.`);
    }
    // The bytes decide the format; a name only has to not claim another one. JiGuang's own SDKs send in-memory
    // images named `image0`, with no extension at all.
    if (hasExtension(image.name) && imageFormatFromName(image.name) === undefined) {
        violation(`${label} "${image.name}" must have a .png, .jpg or .jpeg name (or none); rename it.`);
    }
    if (image.size > MAX_IMAGE_BYTES) {
        violation(
            `${label} "${image.name}" is ${image.size} bytes, over the 2 MB limit (${MAX_IMAGE_BYTES} bytes); compress or resize it.`,
        );
    }
    return violations;
}

function hasExtension(name: string): boolean {
    return /\.[^./\\]+$/.test(name);
}

/** The 2025 qualification: named legal person, valid ID number and credit code, and the files the type needs. */
function qualificationViolations(
    qualification: QualificationFacts,
    typeKnown: boolean,
    type: number | undefined,
    skip: ReadonlySet<string> | undefined,
): RuleViolation[] {
    const prefix = "qualification.";
    const { values, unavailable, violations } = readFields(qualification, qualificationTextShapes, skip, prefix);
    const violation = (code: number, reason: string) => violations.push({ property: "qualification", code, reason });
    const known = (field: string) => !unavailable.has(field) && !skip?.has(prefix + field);

    if (typeKnown && type === undefined) {
        violation(
            JsmsCode.InvalidBody,
            "a signature with qualification needs type: 1 (company), 3 (app), 6 (brand) or 7 (other).",
        );
    }
    if (known("legalPersonName") && !values.legalPersonName?.trim()) {
        violation(
            JsmsCode.InvalidBody,
            "qualification.legalPersonName is required: the legal representative's name, which JSMS verifies.",
        );
    }
    if (known("legalPersonIdNumber")) {
        // The number itself is never part of the reason: it is personal data and reasons end up in logs.
        if (!values.legalPersonIdNumber) {
            violation(
                JsmsCode.InvalidBody,
                "qualification.legalPersonIdNumber is required: the legal representative's 18-character PRC ID number.",
            );
        } else if (!isValidResidentIdNumber(values.legalPersonIdNumber)) {
            violation(
                JsmsCode.InvalidBody,
                "qualification.legalPersonIdNumber is not a valid 18-character PRC resident ID number (17 digits and a check digit or X, GB 11643); check the number configured.",
            );
        }
    }
    if (known("socialCreditCode")) {
        if (!values.socialCreditCode) {
            violation(
                JsmsCode.InvalidBody,
                "qualification.socialCreditCode is required: the company's 18-character unified social credit code.",
            );
        } else if (!isValidSocialCreditCode(values.socialCreditCode)) {
            violation(
                JsmsCode.InvalidBody,
                "qualification.socialCreditCode is not a valid 18-character unified social credit code (GB 32100 check character); check the code configured.",
            );
        }
    }
    if (known("idCardImage") && !qualification.idCardImage) {
        violation(
            JsmsCode.InvalidBody,
            "qualification.idCardImage is required: an image of the legal representative's ID card.",
        );
    }
    const required = type !== undefined ? REQUIRED_FILE_BY_TYPE[type] : undefined;
    if (required && known(required.field) && !qualification[required.field]) {
        violation(JsmsCode.InvalidBody, `${required.what}: set qualification.${required.field}.`);
    }
    for (const field of QUALIFICATION_FILE_FIELDS) {
        const image = qualification[field];
        if (image && known(field)) {
            violations.push(...imageViolations(image, "qualification", `qualification.${field}`));
        }
    }
    return violations;
}
