/**
 * JSMS errors as the simulator answers them: the HTTP status and the vendor's short English message come from the
 * one return-code table the client uses too (provider/client/returnCodes.ts).
 */
import { RETURN_CODES } from "pulumi-jsms/client/returnCodes";
import { JsmsCode } from "pulumi-jsms/client/returnCodes";

/** The HTTP status and message the vendor answers with a code. */
export interface VendorErrorInfo {
    http: number;
    message: string;
}

/** Looks up a code; an unknown one is a simulator bug, so it throws rather than inventing an answer. */
export function vendorErrorInfo(code: number): VendorErrorInfo {
    const info = Object.hasOwn(RETURN_CODES, code) && code !== JsmsCode.Success ? RETURN_CODES[code] : undefined;
    if (!info) {
        throw new Error(`the simulator has no entry for JSMS code ${code}`);
    }
    return { http: info.httpStatus, message: info.message };
}

/** Thrown by request handlers to answer with a JSMS error; the server turns it into the vendor's error body. */
export class VendorError extends Error {
    /** The JSMS return code, e.g. 50013. */
    readonly code: number;

    /** The short English message of the answer's body: the table's, unless the vendor words it for another object. */
    readonly vendorMessage: string;

    constructor(code: number, detail?: string, options: { message?: string } = {}) {
        const vendorMessage = options.message ?? vendorErrorInfo(code).message;
        super(`${code} ${vendorMessage}${detail ? `: ${detail}` : ""}`);
        this.name = "VendorError";
        this.code = code;
        this.vendorMessage = vendorMessage;
    }
}

/** Answers the first broken rule, as the vendor reports one error at a time; the reason stays in the error text. */
export function throwFirstViolation(violations: ReadonlyArray<{ code: number; reason: string }>): void {
    if (violations.length > 0) {
        throw new VendorError(violations[0].code, violations[0].reason);
    }
}
