import type { ServerResponse } from "node:http";
import { vendorErrorInfo } from "./vendorErrors";

/** Answers with a JSON body and an exact Content-Length, as the vendor does. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
}

/** Answers a JSMS error: the code's HTTP status and `{"error":{"code","message"}}`. */
export function sendVendorError(res: ServerResponse, code: number, message = vendorErrorInfo(code).message): void {
    sendJson(res, vendorErrorInfo(code).http, { error: { code, message } });
}

/** Answers 200 with an empty body, as the vendor's deletes do (`Content-Type: application/json`, `Content-Length: 0`). */
export function sendEmpty(res: ServerResponse): void {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "0" });
    res.end();
}
