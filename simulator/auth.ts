import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ResolvedOptions } from "./options";
import { VendorError } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** Which credentials an endpoint takes: an app's (appKey:masterSecret) or the account's (devKey:devSecret). */
export type Realm = "app" | "dev";

/**
 * Checks the Basic credentials of a request against the realm and returns the key that authenticated.
 * No Basic credentials at all is 400/50001; anything that does not match is 401/50002.
 */
export function authenticate(req: IncomingMessage, realm: Realm, options: ResolvedOptions): string {
    const match = /^Basic\s+(\S*)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match || match[1] === "") {
        throw new VendorError(JsmsCode.MissingAuth);
    }
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) {
        throw new VendorError(JsmsCode.AuthFailed);
    }
    const key = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    const expected =
        realm === "app"
            ? options.apps.find((app) => app.appKey === key)?.masterSecret
            : options.dev?.devKey === key
              ? options.dev.devSecret
              : undefined;
    if (expected === undefined || !sameSecret(secret, expected)) {
        throw new VendorError(JsmsCode.AuthFailed);
    }
    return key;
}

/** Compares digests in constant time, so response timing does not reveal how much of a secret matched. */
function sameSecret(given: string, expected: string): boolean {
    const digest = (text: string) => createHash("sha256").update(text).digest();
    return timingSafeEqual(digest(given), digest(expected));
}
