import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { Busboy, type BusboyHeaders } from "@fastify/busboy";
import { mediaType } from "./requestBody";
import { VendorError } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** An uploaded file, reduced to what the rules and the state need: its bytes are hashed and dropped on the fly. */
export interface FormFile {
    /** The part's field name, e.g. `image0` or `idCardImage`. */
    field: string;
    /** The file name of the part (without any path), "" when none was sent. */
    name: string;
    size: number;
    sha256: string;
    /** The first 16 bytes, enough to recognise PNG or JPEG. */
    head: Buffer;
}

/** A parsed multipart/form-data body. */
export interface MultipartForm {
    /** Text fields, first value of each name; empty values are left out because PHP sends unset fields empty. */
    fields: Map<string, string>;
    /** Non-empty file parts in arrival order. */
    files: FormFile[];
}

/** Text fields larger than this are not signature fields; refusing them keeps memory bounded. */
const MAX_FIELD_BYTES = 64 * 1024;
/** The whole body: ten 2 MB files with room for oversized ones that must still be reported as 50101. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_PARTS = 100;
const HEAD_BYTES = 16;

/**
 * Reads a signature request with busboy: 415/50017 unless multipart/form-data, 400/50003 when the body is empty,
 * 403/50007 when it cannot be parsed or is too large.
 */
export function readMultipartForm(req: IncomingMessage): Promise<MultipartForm> {
    if (mediaType(req) !== "multipart/form-data") {
        return Promise.reject(new VendorError(JsmsCode.MediaNotSupported));
    }
    return new Promise((resolve, reject) => {
        const fields = new Map<string, string>();
        const files: FormFile[] = [];
        let received = 0;
        let settled = false;
        const fail = (code: number, detail: string) => {
            if (!settled) {
                settled = true;
                req.unpipe();
                // Drain what is left so the connection stays usable for the error answer.
                req.resume();
                reject(new VendorError(code, detail));
            }
        };
        const failParse = (detail: string) =>
            fail(received === 0 ? JsmsCode.MissingBody : JsmsCode.InvalidBody, detail);

        req.on("data", (chunk: Buffer) => {
            received += chunk.length;
            if (received > MAX_BODY_BYTES) {
                fail(JsmsCode.InvalidBody, `the body exceeds ${MAX_BODY_BYTES} bytes`);
            }
        });

        let busboy: ReturnType<typeof Busboy>;
        try {
            busboy = Busboy({
                headers: req.headers as BusboyHeaders,
                limits: { fieldSize: MAX_FIELD_BYTES, parts: MAX_PARTS },
            });
        } catch (error) {
            // No boundary: the body cannot be multipart; still tell an empty body from a malformed one.
            req.on("end", () => failParse((error as Error).message));
            req.resume();
            return;
        }

        busboy.on("field", (field, value, _nameTruncated, valueTruncated) => {
            if (valueTruncated) {
                fail(JsmsCode.InvalidBody, `field ${field} exceeds ${MAX_FIELD_BYTES} bytes`);
            } else if (value !== "" && !fields.has(field)) {
                fields.set(field, value);
            }
        });
        busboy.on("file", (field, stream, filename) => {
            const hash = createHash("sha256");
            const head: Buffer[] = [];
            let size = 0;
            stream.on("data", (chunk: Buffer) => {
                if (size < HEAD_BYTES) {
                    head.push(chunk.subarray(0, HEAD_BYTES - size));
                }
                size += chunk.length;
                hash.update(chunk);
            });
            stream.on("error", (error: Error) => failParse(error.message));
            stream.on("end", () => {
                // Browsers and curl send an empty, nameless part for an unset file input: the file is absent.
                if (size > 0 || filename) {
                    files.push({
                        field,
                        name: filename ?? "",
                        size,
                        sha256: hash.digest("hex"),
                        head: Buffer.concat(head),
                    });
                }
            });
        });
        busboy.on("partsLimit", () => fail(JsmsCode.InvalidBody, `more than ${MAX_PARTS} parts`));
        busboy.on("error", (error: unknown) => failParse(error instanceof Error ? error.message : String(error)));
        busboy.on("finish", () => {
            if (received === 0) {
                failParse("empty body");
            } else if (!settled) {
                settled = true;
                resolve({ fields, files });
            }
        });
        req.on("error", (error) => failParse(error.message));
        req.pipe(busboy);
    });
}
