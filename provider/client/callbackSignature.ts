import { createHash, timingSafeEqual } from "node:crypto";

/** What JSMS signs in a callback: the app's credentials and the delivery's nonce and timestamp (not `data`). */
export interface SignedFields {
    appKey: string;
    masterSecret: string;
    nonce: string;
    timestamp: string;
}

/** The `signature` of a JSMS callback: sha1, lower-case hex, of `appKey=…&appMasterSecret=…&nonce=…&timestamp=…`. */
export function callbackSignature({ appKey, masterSecret, nonce, timestamp }: SignedFields): string {
    return createHash("sha1")
        .update(`appKey=${appKey}&appMasterSecret=${masterSecret}&nonce=${nonce}&timestamp=${timestamp}`, "utf8")
        .digest("hex");
}

/**
 * Whether `given` is the signature of these fields. The comparison takes the same time whatever the input, so a
 * forger learns nothing from how fast a guess is refused; hex case is ignored.
 */
export function signatureMatches(fields: SignedFields, given: string): boolean {
    const expected = Buffer.from(callbackSignature(fields), "utf8");
    const candidate = Buffer.from(given.toLowerCase(), "utf8");
    if (candidate.length !== expected.length) {
        // Still compare something of the same length, so a wrong length costs the same time as a wrong digest.
        timingSafeEqual(expected, expected);
        return false;
    }
    return timingSafeEqual(candidate, expected);
}
