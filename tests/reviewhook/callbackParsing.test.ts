/**
 * The hook's callback signature and form parsing on their own: the exact digest JSMS computes, a comparison that
 * accepts only that digest, and the form and `data` rules with the message each refusal gives.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { callbackSignature, signatureMatches } from "../../provider/client/callbackSignature";
import {
    ACKNOWLEDGED_TYPES,
    isReviewType,
    MalformedCallbackError,
    parseEnvelope,
    parseReviewDecision,
} from "../../reviewhook/callbackForm";

const FIELDS = {
    appKey: "7d431e42dfa6a6d693ac2d04",
    masterSecret: "5e987ac6d2e04d95a9d8f0d1",
    nonce: "8237283948",
    timestamp: "1492591400000",
};

/** The message of the MalformedCallbackError `call` throws. */
function malformed(call: () => unknown): string {
    try {
        call();
    } catch (error) {
        expect(error).to.be.instanceOf(MalformedCallbackError);
        return (error as Error).message;
    }
    return expect.fail("expected a MalformedCallbackError");
}

/** A form body with these fields. */
const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) params.append(key, v);
    return params.toString();
};

const ENVELOPE = {
    nonce: "n1",
    timestamp: "1700000000000",
    signature: "ab12",
    type: "SMS_TEMPLATE",
    data: '{"tempId":1,"status":1}',
};

describe("review hook: callback signature", () => {
    it("is the lower-case hex sha1 of appKey, appMasterSecret, nonce and timestamp in that order", () => {
        const text = `appKey=${FIELDS.appKey}&appMasterSecret=${FIELDS.masterSecret}&nonce=${FIELDS.nonce}&timestamp=${FIELDS.timestamp}`;
        expect(callbackSignature(FIELDS)).to.equal(createHash("sha1").update(text, "utf8").digest("hex"));
        expect(callbackSignature(FIELDS)).to.match(/^[0-9a-f]{40}$/);
        // A fixed value, so a change of the text or the hash fails even if both sides changed alike.
        expect(callbackSignature({ appKey: "k", masterSecret: "s", nonce: "1", timestamp: "2" })).to.equal(
            createHash("sha1").update("appKey=k&appMasterSecret=s&nonce=1&timestamp=2").digest("hex"),
        );
        expect(callbackSignature({ appKey: "k", masterSecret: "s", nonce: "1", timestamp: "2" })).to.equal(
            "62b50fecaec856a90f310af0d7735557f956e9c0",
        );
    });

    it("changes with each signed field", () => {
        const base = callbackSignature(FIELDS);
        for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
            expect(callbackSignature({ ...FIELDS, [key]: `${FIELDS[key]}0` }), key).to.not.equal(base);
        }
    });

    it("matches the right digest in either case, and nothing else", () => {
        const right = callbackSignature(FIELDS);
        expect(signatureMatches(FIELDS, right)).to.equal(true);
        expect(signatureMatches(FIELDS, right.toUpperCase())).to.equal(true);
        expect(signatureMatches(FIELDS, `${right.slice(0, -1)}${right.endsWith("0") ? "1" : "0"}`)).to.equal(false);
        expect(signatureMatches(FIELDS, right.slice(0, -1))).to.equal(false);
        expect(signatureMatches(FIELDS, `${right}0`)).to.equal(false);
        expect(signatureMatches(FIELDS, "")).to.equal(false);
        expect(signatureMatches({ ...FIELDS, masterSecret: "other" }, right)).to.equal(false);
    });
});

describe("review hook: callback form", () => {
    it("reads the five fields as sent, data included", () => {
        expect(parseEnvelope(form(ENVELOPE))).to.deep.equal(ENVELOPE);
    });

    it("takes a missing data field as empty, but no other missing field", () => {
        const { data, ...withoutData } = ENVELOPE;
        expect(data).to.be.a("string");
        expect(parseEnvelope(form(withoutData))).to.deep.equal({ ...withoutData, data: "" });
        for (const field of ["nonce", "timestamp", "signature", "type"] as const) {
            const { [field]: _left, ...rest } = ENVELOPE;
            expect(
                malformed(() => parseEnvelope(form(rest))),
                field,
            ).to.equal(`the form must carry exactly one "${field}" field`);
        }
    });

    it("refuses any field given twice, data included", () => {
        for (const field of ["nonce", "signature", "data"] as const) {
            expect(
                malformed(() => parseEnvelope(form({ ...ENVELOPE, [field]: [ENVELOPE[field], ENVELOPE[field]] }))),
                field,
            ).to.equal(`the form must carry exactly one "${field}" field`);
        }
    });

    it("takes a timestamp of 1 to 16 digits only", () => {
        expect(parseEnvelope(form({ ...ENVELOPE, timestamp: "1" })).timestamp).to.equal("1");
        expect(parseEnvelope(form({ ...ENVELOPE, timestamp: "1234567890123456" })).timestamp).to.equal(
            "1234567890123456",
        );
        for (const timestamp of ["", "12345678901234567", "17e11", "-1", " 1", "1 ", "0x10"]) {
            expect(
                malformed(() => parseEnvelope(form({ ...ENVELOPE, timestamp }))),
                JSON.stringify(timestamp),
            ).to.equal("timestamp must be milliseconds since the epoch");
        }
    });
});

describe("review hook: review decisions in data", () => {
    it("reads a template and a signature result, ids and statuses as numbers or digit strings", () => {
        expect(
            parseReviewDecision("SMS_TEMPLATE", '{"tempId": 801, "status": 2, "refuseReason": "变量说明不清"}'),
        ).to.deep.equal({
            kind: "template",
            objectId: 801,
            status: 2,
            refuseReason: "变量说明不清",
        });
        expect(parseReviewDecision("SMS_SIGN", '{"signId": "802", "status": "1"}')).to.deep.equal({
            kind: "sign",
            objectId: 802,
            status: 1,
            refuseReason: null,
        });
        expect(parseReviewDecision("SMS_SIGN", '{"signId": 3, "status": "2", "refuseReason": "x"}')).to.include({
            status: 2,
            objectId: 3,
        });
    });

    it("takes an empty or null reason as none", () => {
        for (const reason of ['""', "null"]) {
            expect(
                parseReviewDecision("SMS_TEMPLATE", `{"tempId": 1, "status": 2, "refuseReason": ${reason}}`)
                    .refuseReason,
                reason,
            ).to.equal(null);
        }
        expect(
            parseReviewDecision("SMS_TEMPLATE", `{"tempId": 1, "status": 2, "refuseReason": "${"长".repeat(2000)}"}`)
                .refuseReason,
        ).to.have.length(2000);
    });

    it("refuses data that is not JSON", () => {
        expect(malformed(() => parseReviewDecision("SMS_TEMPLATE", "tempId=1"))).to.equal("data is not JSON");
        expect(malformed(() => parseReviewDecision("SMS_TEMPLATE", ""))).to.equal("data is not JSON");
    });

    it("refuses the wrong id field, bad ids, other statuses and overlong reasons, naming the field", () => {
        const cases: [string, string, string][] = [
            ["SMS_TEMPLATE", '{"signId": 1, "status": 1}', "tempId"],
            ["SMS_SIGN", '{"tempId": 1, "status": 1}', "signId"],
            ["SMS_TEMPLATE", '{"tempId": 0, "status": 1}', "tempId"],
            ["SMS_TEMPLATE", '{"tempId": 1.5, "status": 1}', "tempId"],
            ["SMS_TEMPLATE", '{"tempId": "12a", "status": 1}', "tempId"],
            ["SMS_TEMPLATE", '{"tempId": "1234567890123456", "status": 1}', "tempId"],
            ["SMS_TEMPLATE", '{"tempId": 1, "status": 0}', "status"],
            ["SMS_TEMPLATE", '{"tempId": 1, "status": "3"}', "status"],
            ["SMS_TEMPLATE", '{"tempId": 1}', "status"],
            ["SMS_TEMPLATE", `{"tempId": 1, "status": 2, "refuseReason": "${"长".repeat(2001)}"}`, "refuseReason"],
            ["SMS_TEMPLATE", '{"tempId": 1, "status": 2, "refuseReason": 5}', "refuseReason"],
        ];
        for (const [type, data, field] of cases) {
            const message = malformed(() => parseReviewDecision(type as "SMS_TEMPLATE", data));
            expect(message, data).to.match(new RegExp(`^data is not a ${type} result \\(${field}: .+\\)$`));
        }
        // An issue about data as a whole has an empty path: it is named "data".
        expect(malformed(() => parseReviewDecision("SMS_TEMPLATE", "[]"))).to.match(
            /^data is not a SMS_TEMPLATE result \(data: [^;]+\)$/,
        );
        expect(malformed(() => parseReviewDecision("SMS_TEMPLATE", '{"status": 9}'))).to.match(
            /^data is not a SMS_TEMPLATE result \(tempId: .+; status: .+\)$/,
        );
    });

    it("knows which callback types carry a review result", () => {
        expect(["SMS_TEMPLATE", "SMS_SIGN"].map(isReviewType)).to.deep.equal([true, true]);
        expect(["SMS_REPORT", "SMS_REPLY", "toString", "__proto__", ""].map(isReviewType)).to.deep.equal([
            false,
            false,
            false,
            false,
            false,
        ]);
        // Delivery reports and replies are acknowledged (so JSMS stops resending them), never stored.
        expect([...ACKNOWLEDGED_TYPES]).to.deep.equal(["SMS_REPORT", "SMS_REPLY"]);
    });
});
