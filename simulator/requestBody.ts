import type { IncomingMessage } from "node:http";
import { BodyTooLargeError, readLimitedBody } from "pulumi-jsms/httpserver/requestBody";
import { VendorError } from "./vendorErrors";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** The largest JSON body read; far above any valid template request. */
const MAX_JSON_BYTES = 1024 * 1024;

/** The media type of a request (`type/subtype`, lower case) without parameters, or undefined when absent. */
export function mediaType(req: IncomingMessage): string | undefined {
    const header = req.headers["content-type"];
    const type = header?.split(";")[0].trim().toLowerCase();
    return type ? type : undefined;
}

/**
 * Whether a Content-Type may carry the JSON of a template request. The real server evidently accepts more than
 * application/json: C# sends text/plain and Python sends none (docs/jsms-api.md, where the vendor disagrees).
 */
function isJsonish(type: string | undefined): boolean {
    return (
        type === undefined ||
        type === "text/plain" ||
        type === "application/json" ||
        type === "text/json" ||
        type.endsWith("+json")
    );
}

/**
 * Reads the JSON object of a template request: 415/50017 for a non-JSON media type, 400/50003 when empty,
 * 403/50007 when it is not a JSON object.
 */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    if (!isJsonish(mediaType(req))) {
        throw new VendorError(JsmsCode.MediaNotSupported);
    }
    let body: Buffer;
    try {
        body = await readLimitedBody(req, MAX_JSON_BYTES);
    } catch (error) {
        if (error instanceof BodyTooLargeError) {
            throw new VendorError(JsmsCode.InvalidBody, error.message);
        }
        throw error;
    }
    const text = body.toString("utf8");
    if (text.trim() === "") {
        throw new VendorError(JsmsCode.MissingBody);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new VendorError(JsmsCode.InvalidBody, "the body is not JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new VendorError(JsmsCode.InvalidBody, "the body is not a JSON object");
    }
    return parsed as Record<string, unknown>;
}
