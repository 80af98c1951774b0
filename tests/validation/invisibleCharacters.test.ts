// Characters no reviewer sees but a phone acts on: found by code point and position, refused in copy, remarks and
// signs (template and signature rules alike), and drawn visibly for text that already holds them.
import { expect } from "chai";
import {
    codePointLabel,
    invisibleCharacters,
    invisibleCharacterViolation,
    showInvisible,
} from "../../provider/validation/invisibleCharacters";
import { signatureViolations } from "../../provider/validation/signatureRules";
import { templateViolations } from "../../provider/validation/templateRules";

/** Every range the rule must cover, as the format and bidirectional characters people paste. */
const RANGES: Array<[number, number]> = [
    [0x200b, 0x200f],
    [0x202a, 0x202e],
    [0x2060, 0x2064],
    [0x2066, 0x2069],
    [0xfeff, 0xfeff],
    [0x00ad, 0x00ad],
    [0x061c, 0x061c],
    [0xe0001, 0xe0001],
];

function codePoints(): number[] {
    return RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

describe("invisible characters", () => {
    it("finds every format and bidirectional control character by code point and position (in characters)", () => {
        for (const cp of codePoints()) {
            // 🎉 is one character (two UTF-16 units): the position counts code points, as JSMS does.
            const text = `🎉验证${String.fromCodePoint(cp)}码`;
            expect(invisibleCharacters(text), codePointLabel(cp)).to.deep.equal([{ codePoint: cp, position: 4 }]);
        }
    });

    it("finds controls and separators, but not tab, line breaks, spaces or visible text", () => {
        expect(invisibleCharacters("a\u0000b\u007fc\u2028d\u2029").map((c) => c.codePoint)).to.deep.equal([
            0x0, 0x7f, 0x2028, 0x2029,
        ]);
        expect(invisibleCharacters("您好\t世界\r\n第二行\n 　全角空格 🎉𠀀【】")).to.deep.equal([]);
    });

    it("leaves a joiner inside an emoji sequence alone, and reports one anywhere else", () => {
        expect(invisibleCharacters("程序员👩\u200d💻，家庭👨\u200d👩\u200d👧，👍🏽\u200d🔥")).to.deep.equal([]);
        expect(invisibleCharacters("验\u200d证")).to.deep.equal([{ codePoint: 0x200d, position: 2 }]);
        expect(invisibleCharacters("👩\u200d")).to.deep.equal([{ codePoint: 0x200d, position: 2 }]);
    });

    it("draws each one as ⟨U+XXXX⟩ where it is", () => {
        expect(showInvisible("付款\u202e0001\u200b元\ufeff")).to.equal("付款⟨U+202E⟩0001⟨U+200B⟩元⟨U+FEFF⟩");
        expect(showInvisible("\u{e0001}")).to.equal("⟨U+E0001⟩");
        expect(showInvisible("普通文本")).to.equal("普通文本");
    });

    it("names code point, name and position in the violation, and counts those past the fifth", () => {
        const violation = invisibleCharacterViolation("template", "您\u202e好\u200b", 50007)!;
        expect(violation).to.include({ property: "template", code: 50007 });
        expect(violation.reason).to.contain("U+202E RIGHT-TO-LEFT OVERRIDE at character 2");
        expect(violation.reason).to.contain("U+200B ZERO WIDTH SPACE at character 4");
        const many = invisibleCharacterViolation("remark", "\u200b".repeat(7), 50007)!;
        expect(many.reason).to.contain("7 characters").and.contain("at character 5 and 2 more");
        expect(invisibleCharacterViolation("template", "您好", 50007)).to.equal(undefined);
    });

    it("is a failure of the template's copy, its remark and its signature input", () => {
        const found = templateViolations(
            { template: "您的验证码是{{code}}\u202e，5分钟内有效。", type: 1, ttl: 300, remark: "注册\u200b" },
            { maxTemplateLength: 500 },
        );
        expect(found.map((v) => [v.property, v.code])).to.deep.equal([
            ["template", 50007],
            ["remark", 50007],
        ]);
        expect(found[0].reason).to.contain("U+202E RIGHT-TO-LEFT OVERRIDE at character 15");
        const signed = templateViolations(
            { template: "通知", type: 2, signature: "极光\u2066推送" },
            { maxTemplateLength: 500 },
        );
        expect(signed.map((v) => v.property)).to.deep.equal(["signature"]);
        expect(signed[0].reason).to.contain("U+2066 LEFT-TO-RIGHT ISOLATE at character 3");
    });

    it("is a failure of a signature's sign and remark", () => {
        const found = signatureViolations({ sign: "极光\ufeff推送", type: 1, remark: "\u200f公司简称" });
        expect(found.map((v) => [v.property, v.code])).to.deep.equal([
            ["sign", 50104],
            ["remark", 50007],
        ]);
        expect(found[0].reason).to.contain("U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark) at character 3");
        expect(found[1].reason).to.contain("U+200F RIGHT-TO-LEFT MARK at character 1");
    });
});
