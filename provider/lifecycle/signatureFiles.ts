/**
 * The local image files of a signature: facts for `check` (name, size, first bytes), sha256 digests for `diff` and
 * state, and the bytes for an upload. Paths are relative to the Pulumi project directory (the working directory of
 * both the program and the provider process). Bytes are never stored in state, only digests.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { FileUpload } from "../client/types";
import { sniffImageFormat } from "../validation/imageFormat";

/** The qualification fields that hold files (the 2025 rules, docs/jsms-api.md). */
export { QUALIFICATION_FILE_FIELDS } from "../schema/resourceTable";

/** What `check` needs to know of one local file. */
export interface LocalFileFacts {
    /** The path as declared. */
    path: string;
    /** The file's base name, which is what JSMS receives as the part's file name. */
    name: string;
    size: number;
    /** The first bytes, enough to recognise PNG and JPEG. */
    head: Buffer;
    /** sha256 of the content, hex. */
    sha256: string;
}

// Digests are taken only up to this size: larger files fail the 2 MB rule anyway and need not be read whole.
const MAX_DIGEST_BYTES = 16 * 1024 * 1024;

/** Reads the facts of a declared file, or returns a sentence saying why it cannot be read. */
export function inspectFile(declared: string): LocalFileFacts | string {
    const resolved = path.resolve(declared);
    let size: number;
    try {
        const stat = fs.statSync(resolved);
        if (!stat.isFile()) {
            return `${JSON.stringify(declared)} is not a file`;
        }
        size = stat.size;
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return `cannot read ${JSON.stringify(declared)} (${code ?? "error"}); paths are relative to the Pulumi project directory ${process.cwd()}`;
    }
    const content = size <= MAX_DIGEST_BYTES ? fs.readFileSync(resolved) : readHead(resolved);
    return {
        path: declared,
        name: path.basename(declared),
        size,
        head: content.subarray(0, 16),
        sha256: size <= MAX_DIGEST_BYTES ? createHash("sha256").update(content).digest("hex") : "",
    };
}

/** A file read for an upload, with the digest of exactly the bytes that are sent. */
export interface ReadUpload {
    upload: FileUpload;
    sha256: string;
}

/**
 * Reads a declared file once for an upload: the recorded digest describes exactly the bytes sent, even when the
 * file changed since `check`. The content type comes from the bytes, so a name without an extension still uploads.
 */
export function readUpload(declared: string): ReadUpload {
    const content = fs.readFileSync(path.resolve(declared));
    const format = sniffImageFormat(content.subarray(0, 16));
    return {
        upload: {
            filename: path.basename(declared),
            content,
            ...(format ? { contentType: format === "png" ? "image/png" : "image/jpeg" } : {}),
        },
        sha256: createHash("sha256").update(content).digest("hex"),
    };
}

function readHead(file: string): Buffer {
    const fd = fs.openSync(file, "r");
    try {
        const head = Buffer.alloc(16);
        const n = fs.readSync(fd, head, 0, 16, 0);
        return head.subarray(0, n);
    } finally {
        fs.closeSync(fd);
    }
}
