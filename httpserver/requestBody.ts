/**
 * Reading request bodies for the project's own HTTP servers (the simulator, jsms-review-hook): never more than a
 * limit, so a runaway or hostile client cannot exhaust memory.
 */
import type { IncomingMessage } from "node:http";

/** Thrown by {@link readLimitedBody} when a body is larger than its limit (servers answer 413 or their own code). */
export class BodyTooLargeError extends Error {
    constructor(readonly limit: number) {
        super(`the body exceeds ${limit} bytes`);
        this.name = "BodyTooLargeError";
    }
}

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused before anything
 * is read; a body that grows past it while streaming is refused as soon as it does.
 */
export async function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
        throw new BodyTooLargeError(maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
            throw new BodyTooLargeError(maxBytes);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
