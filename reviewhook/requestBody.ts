import type { IncomingMessage } from "node:http";

/** Thrown when a request body is larger than the hook accepts (answered 413). */
export class BodyTooLargeError extends Error {}

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused before anything
 * is read; a body that grows past it while streaming is refused as soon as it does.
 */
export async function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
        throw new BodyTooLargeError(`the body exceeds ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
            throw new BodyTooLargeError(`the body exceeds ${maxBytes} bytes`);
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
