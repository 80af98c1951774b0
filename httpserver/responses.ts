/** Answers of the project's own HTTP servers (the simulator, jsms-review-hook), each with an exact Content-Length. */
import type { ServerResponse } from "node:http";

/** Answers with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
}

/** Answers with plain text that no browser may reinterpret as markup (a caller may choose the text). */
export function sendText(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        "X-Content-Type-Options": "nosniff",
    });
    res.end(text);
}
