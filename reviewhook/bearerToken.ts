import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Whether a request carries `Authorization: Bearer <token>`, compared in constant time through digests. */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!match) {
        return false;
    }
    const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
    return timingSafeEqual(digest(match[1]), digest(token));
}
