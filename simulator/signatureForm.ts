import { createHash } from "node:crypto";
import {
    QUALIFICATION_FILE_FIELDS,
    QUALIFICATION_TEXT_FIELDS,
    type ImageFacts,
    type QualificationFacts,
    type SignatureRuleFields,
} from "pulumi-jsms/validation/signatureRules";
import { WIRE } from "pulumi-jsms/schema/wireNames";
import type { FormFile, MultipartForm } from "./multipartForm";
import type { StoredFile, StoredQualification } from "./store";
import { VendorError } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** A signature request read from its form: what the rules check and what the state keeps. */
export interface SignatureSubmission {
    rules: SignatureRuleFields;
    /** Every uploaded file (images and qualification files), digested. */
    files: StoredFile[];
    qualification: StoredQualification | null;
}

/** The signature fields under their wire names. */
const W = WIRE.signature;

/** The picture fields of every generation: `image0`..`image3` (2018) and the repeated `images` part (2019–2025). */
const IMAGE_FIELD = new RegExp(`^(${W.images}[0-3]|${W.images}s)$`);

const TEXT_FIELDS: ReadonlySet<string> = new Set([W.sign, W.type, W.remark, ...QUALIFICATION_TEXT_FIELDS]);
const QUALIFICATION_FILES: ReadonlySet<string> = new Set(QUALIFICATION_FILE_FIELDS);

/**
 * Maps the parts of a create or modify form to the signature fields (all four generations of part names, docs/jsms-api.md).
 * A file sent where text belongs, text where a file belongs, or a qualification file twice is 403/50007.
 */
export function signatureSubmission(form: MultipartForm): SignatureSubmission {
    for (const field of form.fields.keys()) {
        if (IMAGE_FIELD.test(field) || QUALIFICATION_FILES.has(field)) {
            throw new VendorError(JsmsCode.InvalidBody, `${field} must be a file`);
        }
    }
    for (const file of form.files) {
        if (TEXT_FIELDS.has(file.field)) {
            throw new VendorError(JsmsCode.InvalidBody, `${file.field} must be a text field`);
        }
    }
    const text = (field: string) => form.fields.get(field);
    const typeText = text(W.type);

    const qualificationFiles = new Map<string, FormFile>();
    for (const file of form.files) {
        if (QUALIFICATION_FILES.has(file.field)) {
            if (qualificationFiles.has(file.field)) {
                throw new VendorError(JsmsCode.InvalidBody, `${file.field} was sent twice`);
            }
            qualificationFiles.set(file.field, file);
        }
    }
    const hasQualification =
        qualificationFiles.size > 0 || QUALIFICATION_TEXT_FIELDS.some((field) => text(field) !== undefined);
    const qualificationFacts: QualificationFacts = {};
    for (const field of QUALIFICATION_TEXT_FIELDS) {
        qualificationFacts[field] = text(field);
    }
    for (const [field, file] of qualificationFiles) {
        qualificationFacts[field as (typeof QUALIFICATION_FILE_FIELDS)[number]] = imageFacts(file);
    }

    const images = form.files.filter((file) => IMAGE_FIELD.test(file.field));
    const idNumber = text("legalPersonIdNumber");
    return {
        rules: {
            sign: text(W.sign),
            // Form values are text; a number-like type is compared as a number, anything else fails as a wrong type.
            type: typeText !== undefined && /^\d+$/.test(typeText) ? Number(typeText) : typeText,
            remark: text(W.remark),
            images: images.map(imageFacts),
            qualification: hasQualification ? qualificationFacts : undefined,
        },
        files: [...images, ...qualificationFiles.values()].map(({ field, name, size, sha256 }) => ({
            field,
            name,
            size,
            sha256,
        })),
        qualification: hasQualification
            ? {
                  legalPersonName: text("legalPersonName") ?? null,
                  legalPersonIdNumberSha256:
                      idNumber === undefined ? null : createHash("sha256").update(idNumber).digest("hex"),
                  socialCreditCode: text("socialCreditCode") ?? null,
                  thirdPartyCompanyName: text("thirdPartyCompanyName") ?? null,
              }
            : null,
    };
}

function imageFacts(file: FormFile): ImageFacts {
    return { name: file.name, size: file.size, head: file.head };
}
