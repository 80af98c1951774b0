import { expect } from "chai";
import {
    RETURN_CODES,
    describeReturnCode,
    describeUnknownCode,
    isRetryableResponse,
} from "../../provider/client/returnCodes";

/** Every code of the vendor's return-code table, expanded from its ranges. */
const DOCUMENTED_CODES = [
    ...range(50000, 50031),
    ...range(50033, 50047),
    ...range(50052, 50054),
    ...range(50101, 50105),
];

function range(from: number, to: number): number[] {
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe("client/returnCodes", () => {
    it("has a row for every code of the vendor's table and no undocumented ones", () => {
        expect(Object.keys(RETURN_CODES).map(Number).sort()).to.deep.equal(DOCUMENTED_CODES);
        for (const undocumented of [50032, 50048, 50049, 50050, 50051]) {
            expect(describeReturnCode(undocumented), String(undocumented)).to.equal(undefined);
        }
    });

    it("marks only 50009 and 50019 as retryable", () => {
        const retryable = DOCUMENTED_CODES.filter((code) => RETURN_CODES[code].retryable);
        expect(retryable).to.deep.equal([50009, 50019]);
    });

    it("gives every code its documented HTTP status and vendor text", () => {
        expect(RETURN_CODES[50001]).to.include({ httpStatus: 400, message: "missing auth" });
        expect(RETURN_CODES[50002]).to.include({ httpStatus: 401, message: "auth failed" });
        expect(RETURN_CODES[50016]).to.include({ httpStatus: 404, message: "api not found" });
        expect(RETURN_CODES[50017]).to.include({ httpStatus: 415, message: "media not supported" });
        expect(RETURN_CODES[50018]).to.include({ httpStatus: 405, message: "request method not support" });
        expect(RETURN_CODES[50019]).to.include({ httpStatus: 500, message: "server error" });
        expect(RETURN_CODES[50047]).to.include({ httpStatus: 403, message: "modify template not allow" });
        expect(RETURN_CODES[50105]).to.include({ httpStatus: 403, message: "default signature cannot be deleted" });
        for (const code of DOCUMENTED_CODES) {
            expect([200, 400, 401, 403, 404, 405, 415, 500], String(code)).to.include(RETURN_CODES[code].httpStatus);
            expect(RETURN_CODES[code].message, String(code)).to.match(/^[A-Za-z_ ]+$/);
        }
    });

    it("gives every code one actionable sentence", () => {
        for (const code of DOCUMENTED_CODES) {
            const { meaning } = RETURN_CODES[code];
            expect(meaning, String(code)).to.match(/\.$/);
            // One sentence: no full stop followed by a new sentence inside it.
            expect(meaning.slice(0, -1), String(code)).not.to.match(/\.\s+[A-Z]/);
            expect(meaning.length, String(code)).to.be.greaterThan(20);
        }
        expect(RETURN_CODES[50047].meaning).to.equal(
            "JSMS only lets you modify a template or signature that was rejected; change it while it is rejected, or let Pulumi replace it.",
        );
        expect(RETURN_CODES[50046].meaning).to.contain("SmsSignature");
        expect(RETURN_CODES[50105].meaning).to.contain("retainOnDelete");
    });

    it("treats 429 and 5xx as retryable whatever the code, and other 4xx only for 50009", () => {
        expect(isRetryableResponse(429, undefined)).to.equal(true);
        expect(isRetryableResponse(502, undefined)).to.equal(true);
        expect(isRetryableResponse(500, 50019)).to.equal(true);
        expect(isRetryableResponse(503, 50099)).to.equal(true);
        expect(isRetryableResponse(403, 50009)).to.equal(true);
        expect(isRetryableResponse(403, 50013)).to.equal(false);
        expect(isRetryableResponse(404, undefined)).to.equal(false);
        expect(isRetryableResponse(undefined, undefined)).to.equal(false);
    });

    it("describes an unknown code by naming the code and the HTTP status", () => {
        const text = describeUnknownCode(403, 50099);
        expect(text).to.contain("50099").and.to.contain("403");
        expect(describeUnknownCode(502, undefined)).to.contain("502");
    });
});
