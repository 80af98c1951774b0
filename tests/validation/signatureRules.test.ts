import { expect } from "chai";
import type { RuleViolation } from "../../provider/validation/ruleViolation";
import {
    MAX_IMAGE_BYTES,
    signatureViolations,
    type ImageFacts,
    type QualificationFacts,
    type SignatureRuleFields,
} from "../../provider/validation/signatureRules";

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const GIF_HEAD = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00", "latin1");
const ID_NUMBER = "11010519491231002X";

function image(name: string, size = 1000, head: Buffer = name.endsWith(".png") ? PNG_HEAD : JPEG_HEAD): ImageFacts {
    return { name, size, head };
}

function qualification(overrides: Partial<QualificationFacts> = {}): QualificationFacts {
    return {
        legalPersonName: "张三",
        legalPersonIdNumber: ID_NUMBER,
        socialCreditCode: "91350100M000100Y43",
        idCardImage: image("idcard.jpg"),
        businessLicenseImage: image("business_license.jpg"),
        ...overrides,
    };
}

function check(fields: SignatureRuleFields, skip?: string[]): RuleViolation[] {
    return signatureViolations(fields, { skip: skip && new Set(skip) });
}

function codes(fields: SignatureRuleFields, skip?: string[]): number[] {
    return check(fields, skip).map((violation) => violation.code);
}

describe("signatureViolations", () => {
    it("accepts a generation A signature (text and images only) and a full 2025 one", () => {
        expect(check({ sign: "极光推送", images: [image("a.png"), image("b.JPG")] })).to.deep.equal([]);
        expect(check({ sign: "JPush25", type: 1, remark: "公司简称", qualification: qualification() })).to.deep.equal(
            [],
        );
    });

    describe("50104 sign text", () => {
        for (const sign of ["极光", "JP", "极光推送短信平台", "ab12CD34"]) {
            it(`accepts "${sign}" (${[...sign].length} characters)`, () => {
                expect(codes({ sign })).to.deep.equal([]);
            });
        }
        for (const sign of ["极", "极光推送短信平台官", "a"]) {
            it(`refuses "${sign}" (${[...sign].length} characters) for its length`, () => {
                const [violation] = check({ sign });
                expect(violation).to.include({ property: "sign", code: 50104 });
                expect(violation.reason).to.contain("2 to 8 characters");
            });
        }
        for (const [sign, brackets] of [
            ["【极光】", "【】"],
            ["[极光]", "[]"],
            ["（极光）", "（）"],
        ]) {
            it(`says explicitly that ${brackets} are not allowed`, () => {
                const [violation] = check({ sign });
                expect(violation.code).to.equal(50104);
                expect(violation.reason).to.contain(brackets);
            });
        }
        it("refuses other characters and names them", () => {
            const [violation] = check({ sign: "极光-推送" });
            expect(violation.code).to.equal(50104);
            expect(violation.reason).to.contain('"-"');
        });
        it("requires the text", () => {
            expect(codes({})).to.deep.equal([50104]);
            expect(codes({ sign: "" })).to.deep.equal([50104]);
        });
        it("answers 50007 for text of the wrong type", () => {
            expect(codes({ sign: 12345 })).to.deep.equal([50007]);
        });
    });

    describe("50007 type (2025 rules)", () => {
        for (const type of [1, 3, 6, 7]) {
            it(`accepts ${type}`, () => {
                expect(codes({ sign: "极光推送", type })).to.deep.equal([]);
            });
        }
        for (const type of [2, 4, 5, 0, 8]) {
            it(`refuses ${type}`, () => {
                const [violation] = check({ sign: "极光推送", type });
                expect(violation).to.include({ property: "type", code: 50007 });
                expect(violation.reason).to.contain(`found ${type}`);
            });
        }
    });

    it("50045: allows a remark of 100 characters and refuses 101", () => {
        expect(codes({ sign: "极光推送", remark: "备".repeat(100) })).to.deep.equal([]);
        expect(check({ sign: "极光推送", remark: "备".repeat(101) })).to.deep.equal([
            { property: "remark", code: 50045, reason: "remark is 101 characters, over the limit of 100; shorten it." },
        ]);
    });

    describe("50101 images", () => {
        const images = (count: number) => Array.from({ length: count }, (_, i) => image(`p${i}.png`));
        it("allows 4 images and refuses 5", () => {
            expect(codes({ sign: "极光推送", images: images(4) })).to.deep.equal([]);
            const [violation] = check({ sign: "极光推送", images: images(5) });
            expect(violation).to.include({ property: "images", code: 50101 });
            expect(violation.reason).to.contain("found 5");
        });
        it("allows exactly 2 MB and refuses one byte more, naming the file", () => {
            expect(codes({ sign: "极光推送", images: [image("big.png", MAX_IMAGE_BYTES)] })).to.deep.equal([]);
            const [violation] = check({ sign: "极光推送", images: [image("big.png", 2 * 1024 * 1024 + 1)] });
            expect(violation).to.include({ property: "images", code: 50101 });
            expect(violation.reason).to.contain('"big.png"').and.contain("2097153 bytes");
        });
        it("refuses content that is not PNG or JPEG, whatever the name", () => {
            const [violation] = check({ sign: "极光推送", images: [image("anim.png", 100, GIF_HEAD)] });
            expect(violation.code).to.equal(50101);
            expect(violation.reason).to.contain('"anim.png"').and.contain("PNG or JPEG");
        });
        it("refuses a name whose extension claims another format than PNG or JPEG", () => {
            expect(codes({ sign: "极光推送", images: [image("scan.gif", 100, PNG_HEAD)] })).to.deep.equal([50101]);
            expect(codes({ sign: "极光推送", images: [image("scan.png.exe", 100, PNG_HEAD)] })).to.deep.equal([50101]);
            expect(codes({ sign: "极光推送", images: [image("scan.JPEG", 100, JPEG_HEAD)] })).to.deep.equal([]);
        });
        it("accepts a name without an extension when the bytes are PNG or JPEG (the vendor's SDKs send image0)", () => {
            expect(codes({ sign: "极光推送", images: [image("image0", 100, PNG_HEAD)] })).to.deep.equal([]);
            expect(codes({ sign: "极光推送", images: [image("licence", 100, JPEG_HEAD)] })).to.deep.equal([]);
            expect(codes({ sign: "极光推送", images: [image("image0", 100, GIF_HEAD)] })).to.deep.equal([50101]);
        });
    });

    describe("qualification (2025)", () => {
        it("checks the ID number's check digit and never echoes the number", () => {
            const wrong = "110105194912310021";
            const violations = check({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ legalPersonIdNumber: wrong }),
            });
            expect(violations.map((v) => [v.property, v.code])).to.deep.equal([["qualification", 50007]]);
            expect(violations[0].reason).to.contain("legalPersonIdNumber");
            expect(JSON.stringify(violations)).not.to.contain(wrong).and.not.to.contain("1101051949");
        });
        it("accepts a lower-case x check character", () => {
            expect(
                codes({
                    sign: "极光推送",
                    type: 1,
                    qualification: qualification({ legalPersonIdNumber: ID_NUMBER.toLowerCase() }),
                }),
            ).to.deep.equal([]);
        });
        it("requires the legal person's name, ID number and credit code", () => {
            for (const field of ["legalPersonName", "legalPersonIdNumber", "socialCreditCode"] as const) {
                const [violation] = check({
                    sign: "极光推送",
                    type: 1,
                    qualification: qualification({ [field]: undefined }),
                });
                expect(violation).to.include({ property: "qualification", code: 50007 });
                expect(violation.reason).to.contain(field);
            }
            expect(
                codes({ sign: "极光推送", type: 1, qualification: qualification({ legalPersonName: "  " }) }),
            ).to.deep.equal([50007]);
        });
        it("checks the social credit code's check character", () => {
            const [violation] = check({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ socialCreditCode: "91350100M000100Y44" }),
            });
            expect(violation).to.include({ property: "qualification", code: 50007 });
            expect(violation.reason).to.contain("socialCreditCode");
        });
        it("requires the ID card image and the file that the type needs", () => {
            expect(
                check({ sign: "极光推送", type: 1, qualification: qualification({ idCardImage: undefined }) })[0]
                    .reason,
            ).to.contain("idCardImage");
            const needs: Array<[number, keyof QualificationFacts]> = [
                [1, "businessLicenseImage"],
                [3, "icpAppScreenshot"],
                [6, "trademarkImage"],
                [7, "thirdPartyAuthImage"],
            ];
            for (const [type, field] of needs) {
                const base = qualification({ businessLicenseImage: undefined });
                const [violation] = check({ sign: "极光推送", type, qualification: base });
                expect(violation.code, `type ${type}`).to.equal(50007);
                expect(violation.reason).to.contain(field);
                expect(
                    codes({ sign: "极光推送", type, qualification: { ...base, [field]: image("proof.png") } }),
                ).to.deep.equal([]);
            }
        });
        it("requires a type with qualification", () => {
            const [violation] = check({ sign: "极光推送", qualification: qualification() });
            expect(violation.code).to.equal(50007);
            expect(violation.reason).to.contain("needs type");
        });
        it("checks qualification files like images and names the field", () => {
            const [violation] = check({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ idCardImage: image("idcard.jpg", MAX_IMAGE_BYTES + 1) }),
            });
            expect(violation).to.include({ property: "qualification", code: 50101 });
            expect(violation.reason).to.contain("qualification.idCardImage");
        });
    });

    describe("skip (unknown values during preview)", () => {
        it("skips the properties named, and the rules that need them", () => {
            expect(codes({ sign: "【x】" }, ["sign"])).to.deep.equal([]);
            expect(codes({ sign: "极光推送", images: [image("x.gif", 1, GIF_HEAD)] }, ["images"])).to.deep.equal([]);
            expect(
                codes({ sign: "极光推送", type: 1, qualification: { legalPersonName: "" } }, ["qualification"]),
            ).to.deep.equal([]);
            expect(codes({ sign: "极光推送", qualification: qualification() }, ["type"])).to.deep.equal([]);
        });
        it("skips a single qualification field", () => {
            const placeholder = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            const fields = {
                sign: "极光推送",
                type: 1,
                qualification: qualification({ legalPersonIdNumber: placeholder }),
            };
            expect(codes(fields)).to.deep.equal([50007]);
            expect(codes(fields, ["qualification.legalPersonIdNumber"])).to.deep.equal([]);
        });
    });

    it("returns every broken rule, each as one sentence", () => {
        const violations = check({
            sign: "【x】",
            type: 2,
            remark: "备".repeat(101),
            images: [image("a.gif", MAX_IMAGE_BYTES + 1, GIF_HEAD)],
        });
        expect(violations.map((v) => v.code)).to.deep.equal([50104, 50007, 50045, 50101, 50101, 50101]);
        for (const { reason } of violations) {
            expect(reason).to.match(/^[^\n]+\.$/);
        }
    });
});
