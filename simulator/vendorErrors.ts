/**
 * The JSMS return codes the simulator answers, with the HTTP status and the short English message of the vendor's
 * tables (reference §5). The provider's full table lives in provider/client/returnCodes.ts; this one stays minimal.
 */
const VENDOR_ERRORS: Record<number, VendorErrorInfo> = {
    50001: { http: 400, message: "missing auth" },
    50002: { http: 401, message: "auth failed" },
    50003: { http: 400, message: "missing body" },
    50007: { http: 403, message: "invalid body" },
    50009: { http: 403, message: "out of freq" },
    50013: { http: 403, message: "invalid temp_id" },
    50016: { http: 404, message: "api not found" },
    50017: { http: 415, message: "media not supported" },
    50018: { http: 405, message: "request method not support" },
    50019: { http: 500, message: "server error" },
    50025: { http: 403, message: "wrong template type" },
    50033: { http: 403, message: "app quota not assigned" },
    50041: { http: 403, message: "invalid ttl value" },
    50042: { http: 403, message: "template is empty" },
    50043: { http: 403, message: "template too long" },
    50044: { http: 403, message: "template parameter invalid" },
    50045: { http: 403, message: "remark too long" },
    50046: { http: 403, message: "signature not set" },
    50047: { http: 403, message: "modify template not allow" },
    50052: { http: 403, message: "template contains special symbol" },
    50053: { http: 403, message: "special template parameter need extra remark for confirmation" },
    50101: { http: 403, message: "invalid image" },
    50102: { http: 403, message: "invalid sign id" },
    50103: { http: 403, message: "other signatures in the audit" },
    50104: { http: 403, message: "invalid signature" },
    50105: { http: 403, message: "default signature cannot be deleted" },
};

/** The HTTP status and message the vendor answers with a code. */
export interface VendorErrorInfo {
    http: number;
    message: string;
}

/** Looks up a code; an unknown one is a simulator bug, so it throws rather than inventing an answer. */
export function vendorErrorInfo(code: number): VendorErrorInfo {
    const info = Object.hasOwn(VENDOR_ERRORS, code) ? VENDOR_ERRORS[code] : undefined;
    if (!info) {
        throw new Error(`the simulator has no entry for JSMS code ${code}`);
    }
    return info;
}

/** Thrown by request handlers to answer with a JSMS error; the server turns it into the vendor's error body. */
export class VendorError extends Error {
    /** The JSMS return code, e.g. 50013. */
    readonly code: number;

    constructor(code: number, detail?: string) {
        super(`${code} ${vendorErrorInfo(code).message}${detail ? `: ${detail}` : ""}`);
        this.name = "VendorError";
        this.code = code;
    }
}

/** Answers the first broken rule, as the vendor reports one error at a time; the reason stays in the error text. */
export function throwFirstViolation(violations: ReadonlyArray<{ code: number; reason: string }>): void {
    if (violations.length > 0) {
        throw new VendorError(violations[0].code, violations[0].reason);
    }
}
