/**
 * The request bodies of template and signature writes as JSMS expects them on the wire: JSON for templates,
 * multipart for signatures, each field under its wire name from the table (docs/jsms-api.md).
 */
import * as path from "path";
import { type Field, KINDS, QUALIFICATION_FILE_FIELDS, QUALIFICATION_TEXT_FIELDS } from "../schema/resourceTable";
import { WIRE } from "../schema/wireNames";
import { EncodedBody, multipartBody } from "./transport";
import type { FileUpload, QualificationFields, SignatureFields, TemplateFields } from "./types";

/** The JSON fields of a template create/modify, each under its wire name; omitted options stay omitted on the wire. */
export function templateBody(fields: TemplateFields): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(KINDS.template.fields as Record<string, Field>)) {
        const value = (fields as Record<string, unknown>)[name];
        if (field.input !== undefined && field.wire !== undefined && value !== undefined) body[field.wire] = value;
    }
    return body;
}

/** The multipart body of a signature create/modify, with the part names of docs/jsms-api.md. */
export function signatureBody(fields: SignatureFields): Promise<EncodedBody> {
    const images = fields.images ?? [];
    const names = WIRE.signature;
    if (images.length > 4)
        throw new Error(`A JSMS signature takes at most 4 images (${names.images}0..${names.images}3)`);
    const form = new FormData();
    form.append(names.sign, fields.sign);
    images.forEach((image, index) => appendFile(form, `${names.images}${index}`, image));
    // Empty text fields are left out: JSMS treats them as absent anyway, and omitting them is what the Go SDK does.
    if (fields.type !== undefined) form.append(names.type, String(fields.type));
    if (fields.remark) form.append(names.remark, fields.remark);
    const qualification: QualificationFields = fields.qualification ?? {};
    for (const name of QUALIFICATION_TEXT_FIELDS) {
        const value = qualification[name];
        if (value) form.append(name, value);
    }
    for (const name of QUALIFICATION_FILE_FIELDS) {
        const file = qualification[name];
        if (file) appendFile(form, name, file);
    }
    return multipartBody(form);
}

/** Adds one file part; only the base name is sent, so local directory names never leave the machine. */
function appendFile(form: FormData, field: string, file: FileUpload): void {
    const filename = path.basename(file.filename);
    form.append(field, new Blob([file.content], { type: file.contentType ?? contentTypeOf(filename) }), filename);
}

/** The MIME type JSMS expects for an image file name (PNG or JPEG); anything else is sent as opaque bytes. */
function contentTypeOf(filename: string): string {
    const ext = path.extname(filename).toLowerCase();
    if (ext === ".png") return "image/png";
    if (ext === ".jpg" || ext === ".jpeg") return "image/jpeg";
    return "application/octet-stream";
}
