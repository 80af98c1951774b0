import type { ServerResponse } from "node:http";
import { sendJson } from "pulumi-jsms/httpserver/responses";
import { vendorErrorInfo } from "./vendorErrors";

/** Answers a JSMS error: the code's HTTP status and `{"error":{"code","message"}}`. */
export function sendVendorError(res: ServerResponse, code: number, message = vendorErrorInfo(code).message): void {
    sendJson(res, vendorErrorInfo(code).http, { error: { code, message } });
}

/** Answers 200 with an empty body, as the vendor's deletes do (`Content-Type: application/json`, `Content-Length: 0`). */
export function sendEmpty(res: ServerResponse): void {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "0" });
    res.end();
}
