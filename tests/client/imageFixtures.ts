/** Signature uploads for the client tests, made of the shared tiny images (tests/support/imageBytes.ts). */
import { greyJpeg, greyPng } from "../support/imageBytes";
import { FileUpload } from "../../provider/client/types";

/** A valid 1×1 grayscale PNG. */
export function tinyPng(): Buffer {
    return greyPng();
}

/** A valid 8×8 grey baseline JPEG. */
export function tinyJpeg(): Buffer {
    return greyJpeg();
}

/** A PNG upload named `name`. */
export function pngUpload(name = "licence.png"): FileUpload {
    return { filename: name, content: tinyPng() };
}

/** A JPEG upload named `name`. */
export function jpegUpload(name = "idcard.jpg"): FileUpload {
    return { filename: name, content: tinyJpeg() };
}
