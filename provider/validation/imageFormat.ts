/** The image formats JSMS accepts for signature qualification files. */
export type ImageFormat = "png" | "jpeg";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * The format of an image from its first bytes (PNG's 8-byte signature, JPEG's SOI marker), or undefined;
 * the bytes decide, not the name, because a renamed file would still be refused by the vendor's review.
 */
export function sniffImageFormat(head: Uint8Array): ImageFormat | undefined {
    const startsWith = (signature: number[]) =>
        head.length >= signature.length && signature.every((byte, index) => head[index] === byte);
    if (startsWith(PNG_SIGNATURE)) {
        return "png";
    }
    if (startsWith(JPEG_SIGNATURE)) {
        return "jpeg";
    }
    return undefined;
}

/** The format a file name claims by its extension (.png, .jpg, .jpeg, any case), or undefined. */
export function imageFormatFromName(name: string): ImageFormat | undefined {
    const extension = /\.([^./\\]+)$/.exec(name)?.[1].toLowerCase();
    if (extension === "png") {
        return "png";
    }
    return extension === "jpg" || extension === "jpeg" ? "jpeg" : undefined;
}
