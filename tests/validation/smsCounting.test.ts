/**
 * JSMS's counting rules on both sides of every boundary: 70/71 characters, 67-character segments, line breaks,
 * the signature's brackets, the marketing opt-out text and variables at their declared lengths.
 */
import { expect } from "chai";
import {
    DEFAULT_OPT_OUT_SUFFIX,
    bracketedSignature,
    countCharacters,
    countSms,
    countTemplate,
    describeCost,
    describeParts,
    segmentsFor,
} from "../../provider/validation/smsCounting";

/** n Han characters. */
const han = (n: number) => "通".repeat(n);

describe("countCharacters", () => {
    it("counts code points, so characters outside the BMP count once", () => {
        expect(countCharacters("验证码{{code}}")).to.equal(11);
        expect(countCharacters("😀a")).to.equal(2);
    });

    it("counts Han characters, punctuation, Latin letters, digits and spaces as 1 each", () => {
        expect(countCharacters("您好，Ab1 ！")).to.equal(8);
    });

    it("counts a line break as 2, written as \\n, \\r\\n or a lone \\r", () => {
        expect(countCharacters("a\nb")).to.equal(4);
        expect(countCharacters("a\r\nb")).to.equal(4);
        expect(countCharacters("a\rb")).to.equal(4);
        expect(countCharacters("\n\n")).to.equal(4);
        expect(countCharacters("\r\n\r\n")).to.equal(4);
        expect(countCharacters("\n\r")).to.equal(4, "\\n then \\r are two breaks, not one \\r\\n");
    });
});

describe("countSms: the message one send delivers", () => {
    it("is the signature in 【】, the copy with its variables as written, and a marketing template's opt-out text", () => {
        expect(countSms({ template: "验证码{{code}}", type: 1, signature: "极光推送" }).message).to.equal(
            "【极光推送】验证码{{code}}",
        );
        expect(countSms({ template: "会员日8折", type: 3, signature: "极光商城" }).message).to.equal(
            "【极光商城】会员日8折回T退订",
        );
        expect(countSms({ template: "会员日8折", type: 3, optOutSuffix: "拒收请回复R" }).message).to.equal(
            "会员日8折拒收请回复R",
        );
        expect(countSms({ template: "您好", type: 2 }).message, "no signature declared").to.equal("您好");
    });

    it("has the counted length when its variables are counted as written", () => {
        const request = { template: "订单{{orderNo}}已发货\n请查收", type: 3, signature: "极光推送" };
        expect(countCharacters(countSms(request).message)).to.equal(countTemplate(request).length);
    });
});

describe("segmentsFor", () => {
    const cases: Array<[number, number]> = [
        [1, 1],
        [70, 1],
        [71, 2],
        [134, 2],
        [135, 3],
        [201, 3],
        [202, 4],
        [500, 8],
    ];
    for (const [length, segments] of cases) {
        it(`bills ${length} characters as ${segments} SMS`, () => {
            expect(segmentsFor(length)).to.equal(segments);
        });
    }
});

describe("countSms", () => {
    it("bills a 70-character message as 1 SMS and a 71-character one as 2", () => {
        expect(countSms({ template: han(70), type: 2, signature: undefined })).to.include({ length: 70, segments: 1 });
        expect(countSms({ template: han(71), type: 2 })).to.include({ length: 71, segments: 2 });
    });

    it("bills 67-character segments past 70: 134 and 135, 201 and 202", () => {
        expect(countSms({ template: han(134), type: 2 }).segments).to.equal(2);
        expect(countSms({ template: han(135), type: 2 }).segments).to.equal(3);
        expect(countSms({ template: han(201), type: 2 }).segments).to.equal(3);
        expect(countSms({ template: han(202), type: 2 }).segments).to.equal(4);
    });

    it("counts a line break as 2: 68 characters and a break are 70, 69 and a break are 71", () => {
        expect(countSms({ template: `${han(34)}\n${han(34)}`, type: 2 })).to.include({ length: 70, segments: 1 });
        expect(countSms({ template: `${han(35)}\n${han(34)}`, type: 2 })).to.include({ length: 71, segments: 2 });
        expect(countSms({ template: `${han(35)}\r\n${han(34)}`, type: 2 })).to.include({ length: 71, segments: 2 });
    });

    it("counts the signature with its brackets: 【极光推送】 is 6, so 64 characters of body fit one SMS and 65 do not", () => {
        expect(bracketedSignature("极光推送")).to.equal("【极光推送】");
        const fits = countSms({ template: han(64), type: 2, signature: "极光推送" });
        expect(fits).to.include({ length: 70, segments: 1, signatureCounted: true });
        expect(fits.parts).to.deep.equal({ signature: 6, body: 64, optOut: 0 });
        expect(countSms({ template: han(65), type: 2, signature: "极光推送" })).to.include({ length: 71, segments: 2 });
    });

    it("appends the opt-out text to marketing templates only: 回T退订 is 4, so 66 characters fit and 67 do not", () => {
        expect(DEFAULT_OPT_OUT_SUFFIX).to.equal("回T退订");
        const fits = countSms({ template: han(66), type: 3 });
        expect(fits).to.include({ length: 70, segments: 1 });
        expect(fits.parts.optOut).to.equal(4);
        expect(countSms({ template: han(67), type: 3 })).to.include({ length: 71, segments: 2 });
        expect(countSms({ template: han(67), type: 2 })).to.include({ length: 67, segments: 1 });
        expect(countSms({ template: han(67), type: 1 })).to.include({ length: 67, segments: 1 });
        expect(countSms({ template: han(67) })).to.include({ length: 67, segments: 1 });
    });

    it("takes another opt-out text when the vendor's changes", () => {
        const count = countSms({ template: han(64), type: 3, optOutSuffix: "拒收请回复R" });
        expect(count).to.include({ length: 70, segments: 1 });
        expect(countSms({ template: han(65), type: 3, optOutSuffix: "拒收请回复R" }).segments).to.equal(2);
        expect(countSms({ template: han(70), type: 3, optOutSuffix: "" }).segments).to.equal(1);
    });

    it("adds signature, body and opt-out text together: 6 + 60 + 4 = 70, one more is 71", () => {
        expect(countSms({ template: han(60), type: 3, signature: "极光推送" })).to.include({ length: 70, segments: 1 });
        expect(countSms({ template: han(61), type: 3, signature: "极光推送" })).to.include({ length: 71, segments: 2 });
    });

    it("counts each variable at its declared length, not as written: {{code}} at 6 fits, at 7 does not", () => {
        const template = `验证码{{code}}${han(55)}`; // 3 + code + 55, with the signature's 6
        const fits = countSms({ template, type: 1, signature: "极光推送", variableLengths: { code: 6 } });
        expect(fits).to.deep.include({
            length: 70,
            segments: 1,
            lengthIsMinimum: false,
            variables: ["code"],
            undeclaredVariables: [],
        });
        const over = countSms({ template, type: 1, signature: "极光推送", variableLengths: { code: 7 } });
        expect(over).to.include({ length: 71, segments: 2, lengthIsMinimum: false });
    });

    it("counts a variable used twice twice, and lists it once", () => {
        const count = countSms({
            template: "{{name}}与{{name}}",
            type: 2,
            signature: "极光推送",
            variableLengths: { name: 10 },
        });
        expect(count).to.deep.include({ length: 6 + 10 + 1 + 10, variables: ["name"] });
    });

    it("counts an undeclared variable as empty and says the length is a minimum, naming it", () => {
        const count = countSms({
            template: "{{name}}，订单{{orderNo}}已发货",
            type: 2,
            signature: "极光推送",
            variableLengths: { name: 20 },
        });
        expect(count).to.deep.include({
            length: 6 + 20 + 6, // signature, name, "，订单已发货"
            lengthIsMinimum: true,
            variables: ["name", "orderNo"],
            undeclaredVariables: ["orderNo"],
        });
    });

    it("treats a declared length that is not a whole number of characters as undeclared", () => {
        for (const bad of [-1, 1.5, Number.NaN]) {
            const count = countSms({ template: "{{a}}", type: 2, signature: "极光推送", variableLengths: { a: bad } });
            expect(count, String(bad)).to.deep.include({
                length: 6,
                lengthIsMinimum: true,
                undeclaredVariables: ["a"],
            });
        }
        const empty = countSms({ template: "{{a}}", type: 2, signature: "极光推送", variableLengths: { a: 0 } });
        expect(empty, "0 is a declared length").to.deep.include({
            length: 6,
            lengthIsMinimum: false,
            undeclaredVariables: [],
        });
        const inherited = countSms({ template: "{{toString}}", type: 2, signature: "极光推送", variableLengths: {} });
        expect(inherited.undeclaredVariables).to.deep.equal(["toString"]);
    });

    it("says the length is a minimum while the signature is not declared, even with every variable declared", () => {
        const count = countSms({ template: "验证码{{code}}", type: 1, variableLengths: { code: 6 } });
        expect(count).to.include({ length: 9, lengthIsMinimum: true, signatureCounted: false });
        expect(count.parts.signature).to.equal(0);
    });

    it("counts a template without variables exactly once the signature is declared", () => {
        expect(countSms({ template: "系统维护通知", type: 2, signature: "极光推送" })).to.deep.include({
            variables: [],
            length: 12,
            segments: 1,
            lengthIsMinimum: false,
        });
    });
});

describe("countTemplate (what the length limit covers)", () => {
    it("counts the variables as written, since their values are unknown when a template is submitted", () => {
        expect(countTemplate({ template: "验证码{{code}}", type: 1 })).to.deep.equal({
            length: 11,
            parts: { signature: 0, body: 11, optOut: 0 },
        });
    });

    it("adds the signature with its brackets and the marketing opt-out text, and a line break counts 2", () => {
        expect(countTemplate({ template: "新品\n上架", type: 3, signature: "极光推送" })).to.deep.equal({
            length: 6 + 6 + 4,
            parts: { signature: 6, body: 6, optOut: 4 },
        });
    });
});

describe("describeParts", () => {
    it("shows how a length was reached, naming the signature and the opt-out text", () => {
        const request = { template: han(10), type: 3, signature: "极光推送" };
        expect(describeParts(countTemplate(request).parts, request)).to.equal(
            "signature 【极光推送】 6 + body 10 + opt-out text 回T退订 4",
        );
        expect(describeParts(countTemplate({ template: han(10), type: 2 }).parts, { type: 2 })).to.equal("body 10");
    });
});

describe("describeCost", () => {
    it("says what one send costs, and how the length was reached", () => {
        const request = { template: han(65), type: 2, signature: "极光推送" };
        expect(describeCost(countSms(request), request)).to.equal(
            "2 SMS per send: 71 characters as JSMS counts them (signature 【极光推送】 6 + body 65)",
        );
    });

    it("says 'at least' and names what it could not count when the length is a minimum", () => {
        const request = { template: `${han(10)}{{name}}{{code}}`, type: 3, variableLengths: { code: 6 } };
        expect(describeCost(countSms(request), request)).to.equal(
            "at least 1 SMS per send: at least 20 characters as JSMS counts them (body 16 + opt-out text 回T退订 4, not counting the signature, {{name}})",
        );
    });
});
