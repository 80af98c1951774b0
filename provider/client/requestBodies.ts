/**
 * The request bodies of template and signature writes as JSMS expects them on the wire: JSON for templates,
 * multipart with the vendor's part names for signatures (docs/jsms-api.md).
 */
import * as path from "path";
import { EncodedBody, multipartBody } from "./transport";
import {
    FileUpload,
    QUALIFICATION_FILE_FIELDS,
    QUALIFICATION_TEXT_FIELDS,
    QualificationFields,
    SignatureFields,
    TemplateFields,
} from "./types";

/** The JSON fields of a template create/modify; omitted options stay omitted on the wire. */
export function templateBody(fields: TemplateFields): Record<string, unknown> {
    const body: Record<string, unknown> = { template: fields.template, type: fields.type };
    if (fields.ttl !== undefined) body.ttl = fields.ttl;
    if (fields.remark !== undefined) body.remark = fields.remark;
    return body;
}

/** The multipart body of a signature create/modify, with the part names of docs/jsms-api.md. */
export function signatureBody(fields: SignatureFields): Promise<EncodedBody> {
    const images = fields.images ?? [];
    if (images.length > 4) throw new Error("A JSMS signature takes at most 4 images (image0..image3)");
    const form = new FormData();
    form.append("sign", fields.sign);
    images.forEach((image, index) => appendFile(form, `image${index}`, image));
    // Empty text fields are left out: JSMS treats them as absent anyway, and omitting them is what the Go SDK does.
    if (fields.type !== undefined) form.append("type", String(fields.type));
    if (fields.remark) form.append("remark", fields.remark);
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
