import { expect } from "chai";
import { templateVariables, templateViolations } from "../../provider/validation/templateRules";
import type { RuleViolation } from "../../provider/validation/ruleViolation";

const OTP = "您的验证码是{{code}}，5分钟内有效。";

function check(fields: Record<string, unknown>, maxTemplateLength = 500, skip?: string[]): RuleViolation[] {
    return templateViolations(fields, { maxTemplateLength, skip: skip && new Set(skip) });
}

function codes(fields: Record<string, unknown>, maxTemplateLength = 500, skip?: string[]): number[] {
    return check(fields, maxTemplateLength, skip).map((violation) => violation.code);
}

describe("templateViolations", () => {
    it("accepts valid templates of every type", () => {
        expect(check({ template: OTP, type: 1, ttl: 300, remark: "用户注册" })).to.deep.equal([]);
        expect(check({ template: "{{name}}，您的订单{{orderNo2}}已发货。", type: 2 })).to.deep.equal([]);
        expect(
            check({
                template: "新品上架，详情见{{url}}，回T退订",
                type: 3,
                remark: "https://shop.example.com/new 活动页",
            }),
        ).to.deep.equal([]);
        expect(check({ template: "系统维护通知：今晚 22:00 停机。", type: 2, ttl: null, remark: null })).to.deep.equal(
            [],
        );
    });

    describe("50025 type", () => {
        for (const type of [0, 4, 1.5, -1]) {
            it(`refuses type ${type}`, () => {
                const [violation] = check({ template: "通知", type });
                expect(violation).to.include({ property: "type", code: 50025 });
                expect(violation.reason).to.contain(`found ${type}`);
            });
        }
        it("requires a type", () => {
            expect(check({ template: "通知" })).to.deep.equal([
                {
                    property: "type",
                    code: 50025,
                    reason: "type is required: set 1 (verification code), 2 (notification) or 3 (marketing).",
                },
            ]);
        });
        it("answers 50007 for a type of the wrong JSON type, without echoing the value", () => {
            const [violation] = check({ template: "通知", type: "2" });
            expect(violation).to.deep.equal({
                property: "type",
                code: 50007,
                reason: "type must be a number (1, 2 or 3), not a string.",
            });
        });
    });

    describe("50042 empty template", () => {
        for (const template of [undefined, null, "", "   \n"]) {
            it(`refuses ${JSON.stringify(template)}`, () => {
                expect(codes({ template, type: 2 })).to.deep.equal([50042]);
            });
        }
    });

    describe("50043 length", () => {
        const body = (length: number) => "通".repeat(length);
        it("allows 499 and 500 characters and refuses 501 with the current limit of 500", () => {
            expect(codes({ template: body(499), type: 2 }, 500)).to.deep.equal([]);
            expect(codes({ template: body(500), type: 2 }, 500)).to.deep.equal([]);
            const [violation] = check({ template: body(501), type: 2 }, 500);
            expect(violation).to.include({ property: "template", code: 50043 });
            expect(violation.reason).to.contain("501 characters, over the limit of 500");
        });
        it("allows 349 and 350 characters and refuses 351 with the older limit of 350", () => {
            expect(codes({ template: body(349), type: 2 }, 350)).to.deep.equal([]);
            expect(codes({ template: body(350), type: 2 }, 350)).to.deep.equal([]);
            expect(codes({ template: body(351), type: 2 }, 350)).to.deep.equal([50043]);
        });
        it("counts code points, so characters outside the BMP count once", () => {
            const astral = "𠀀".repeat(500);
            expect(astral.length).to.equal(1000);
            expect(codes({ template: astral, type: 2 }, 500)).to.deep.equal([]);
            expect(codes({ template: `${astral}𠀀`, type: 2 }, 500)).to.deep.equal([50043]);
        });
    });

    describe("50043 length, as JSMS counts it", () => {
        const body = (length: number) => "通".repeat(length);
        it("counts the declared signature with its brackets: 494 + 【极光推送】 fit 500, 495 do not", () => {
            expect(codes({ template: body(494), type: 2, signature: "极光推送" }, 500)).to.deep.equal([]);
            const [violation] = check({ template: body(495), type: 2, signature: "极光推送" }, 500);
            expect(violation).to.include({ property: "template", code: 50043 });
            expect(violation.reason)
                .to.contain("501 characters, over the limit of 500")
                .and.to.contain("signature 【极光推送】 6 + body 495");
            expect(violation.reason).not.to.contain("leave room for the signature");
            expect(violation.reason).not.to.contain("line break");
        });
        it("counts the opt-out text of marketing templates: 496 + 回T退订 fit 500, 497 do not", () => {
            expect(codes({ template: body(496), type: 3 }, 500)).to.deep.equal([]);
            const [violation] = check({ template: body(497), type: 3 }, 500);
            expect(violation.reason).to.contain("501 characters").and.to.contain("opt-out text 回T退订 4");
            expect(codes({ template: body(497), type: 2 }, 500)).to.deep.equal([]);
        });
        it("takes the opt-out text from the options", () => {
            const options = { maxTemplateLength: 500, optOutSuffix: "拒收请回复R" };
            expect(templateViolations({ template: body(494), type: 3 }, options)).to.deep.equal([]);
            expect(templateViolations({ template: body(495), type: 3 }, options).map((v) => v.code)).to.deep.equal([
                50043,
            ]);
        });
        it("counts a line break as 2, \\r\\n included: 498 and a break fit 500, 499 and a break do not", () => {
            expect(codes({ template: `${body(249)}\n${body(249)}`, type: 2 }, 500)).to.deep.equal([]);
            expect(codes({ template: `${body(249)}\r\n${body(249)}`, type: 2 }, 500)).to.deep.equal([]);
            const [violation] = check({ template: `${body(250)}\n${body(249)}`, type: 2 }, 500);
            expect(violation.reason).to.contain("501 characters").and.to.contain("a line break counts 2");
        });
        it("counts variables as written, since JSMS limits the submitted text", () => {
            expect(codes({ template: `${body(492)}{{code}}`, type: 1, ttl: 60 }, 500)).to.deep.equal([]);
            expect(codes({ template: `${body(493)}{{code}}`, type: 1, ttl: 60 }, 500)).to.deep.equal([50043]);
        });
        it("leaves out what it cannot read: an unknown signature or type, a signature that is not text", () => {
            expect(
                codes({ template: body(500), type: 3, signature: "极光推送" }, 500, ["type", "signature"]),
            ).to.deep.equal([]);
            expect(codes({ template: body(500), type: 2, signature: 7 }, 500)).to.deep.equal([50104]);
        });
    });

    describe("signature and variableLengths (inputs JSMS never sees)", () => {
        it("accepts a valid signature and lengths for the template's variables", () => {
            expect(
                check({
                    template: "{{name}}您好，{{code}}",
                    type: 2,
                    signature: "极光推送",
                    variableLengths: { name: 20, code: 0 },
                }),
            ).to.deep.equal([]);
        });
        it("refuses signature text JSMS would refuse, on signature", () => {
            for (const signature of ["【极光】", "极", "", 5]) {
                const violations = check({ template: "通知", type: 2, signature });
                expect(
                    violations.map((v) => [v.property, v.code]),
                    JSON.stringify(signature),
                ).to.deep.equal([["signature", 50104]]);
            }
        });
        it("refuses variableLengths that are not whole numbers of characters, naming them", () => {
            const [violation] = check({
                template: "{{a}}{{b}}{{c}}",
                type: 2,
                variableLengths: { a: -1, b: 2.5, c: 3 },
            });
            expect(violation).to.include({ property: "variableLengths", code: 50007 });
            expect(violation.reason).to.contain("fix a, b.");
            expect(codes({ template: "{{a}}", type: 2, variableLengths: [6] })).to.deep.equal([50007]);
            expect(codes({ template: "{{a}}", type: 2, variableLengths: { a: "6" } })).to.deep.equal([50007]);
        });
        it("refuses a length for a variable the template does not use (a typo would count nothing)", () => {
            const [violation] = check({ template: "{{name}}", type: 2, variableLengths: { name: 5, nmae: 5 } });
            expect(violation).to.include({ property: "variableLengths", code: 50007 });
            expect(violation.reason).to.contain("{{nmae}}");
            expect(
                codes({ template: "{{name}}", type: 2, variableLengths: { nmae: 5 } }, 500, ["template"]),
            ).to.deep.equal([]);
        });
        it("skips both while they are unknown", () => {
            expect(
                codes({ template: "{{a}}", type: 2, signature: "x", variableLengths: "x" }, 500, [
                    "signature",
                    "variableLengths",
                ]),
            ).to.deep.equal([]);
        });
    });

    describe("50052 special symbols", () => {
        for (const template of ["【极光】您好", "您好】", "您好【"]) {
            it(`refuses ${template}`, () => {
                expect(codes({ template, type: 2 })).to.deep.equal([50052]);
            });
        }
    });

    describe("50041 ttl", () => {
        for (const ttl of [1, 300, 86400]) {
            it(`allows ${ttl}`, () => {
                expect(codes({ template: OTP, type: 1, ttl })).to.deep.equal([]);
            });
        }
        for (const ttl of [0, -5, 86401, 1.5]) {
            it(`refuses ${ttl}`, () => {
                const [violation] = check({ template: OTP, type: 1, ttl });
                expect(violation).to.include({ property: "ttl", code: 50041 });
                expect(violation.reason).to.contain(`found ${ttl}`);
            });
        }
        it("requires ttl for a verification-code template", () => {
            expect(codes({ template: OTP, type: 1 })).to.deep.equal([50041]);
            expect(codes({ template: OTP, type: 1, ttl: null })).to.deep.equal([50041]);
        });
        it("does not require ttl for notification and marketing templates but checks it when given", () => {
            expect(codes({ template: "通知", type: 2 })).to.deep.equal([]);
            expect(codes({ template: "通知", type: 3, ttl: 0 })).to.deep.equal([50041]);
            expect(codes({ template: "通知", type: 2, ttl: 60 })).to.deep.equal([]);
        });
        it("answers 50007 for a ttl given as text", () => {
            expect(codes({ template: OTP, type: 1, ttl: "300" })).to.deep.equal([50007]);
        });
    });

    describe("50044 variables", () => {
        it("requires exactly one {{code}} in a verification-code template and names what it found", () => {
            expect(check({ template: "验证码{{code}}，{{name}}", type: 1, ttl: 60 })).to.deep.equal([
                {
                    property: "template",
                    code: 50044,
                    reason: "a verification-code template (type 1) must contain exactly one variable, {{code}}; found {{code}}, {{name}}.",
                },
            ]);
            expect(check({ template: "您好", type: 1, ttl: 60 })[0].reason).to.contain("found none");
            expect(codes({ template: "验证码{{name}}", type: 1, ttl: 60 })).to.deep.equal([50044]);
            expect(codes({ template: "{{code}}与{{code}}", type: 1, ttl: 60 })).to.deep.equal([50044]);
            expect(codes({ template: "{{Code}}", type: 1, ttl: 60 })).to.deep.equal([50044]);
        });
        it("allows only letters and digits in other templates' variable names", () => {
            expect(codes({ template: "{{name}}{{Name2}}{{3}}", type: 2 })).to.deep.equal([]);
            const [violation] = check({ template: "{{first_name}}您好{{姓名}}", type: 3 });
            expect(violation).to.include({ property: "template", code: 50044 });
            expect(violation.reason).to.contain("{{first_name}}, {{姓名}}");
        });
        it("refuses _ inside a name, as the API page does, and names the letters-and-digits spelling", () => {
            const [violation] = check({ template: "{{first_name}}您好，{{order__no_}}", type: 2 });
            expect(violation).to.include({ property: "template", code: 50044 });
            expect(violation.reason)
                .to.contain("rename {{first_name}}, {{order__no_}}")
                .and.to.contain("{{firstName}}, {{orderNo}}");
            expect(check({ template: "{{姓名}}", type: 2 })[0].reason).not.to.contain("e.g.");
        });
        for (const template of ["{{ name }}您好", "您好{{}}", "您好{{name", "您好name}}", "{{a}}}}"]) {
            it(`refuses the malformed ${template}`, () => {
                expect(codes({ template, type: 2 })).to.deep.equal([50044]);
            });
        }
        it("checks variable names even when the type is unknown", () => {
            expect(codes({ template: "{{first_name}}", type: 2 }, 500, ["type"])).to.deep.equal([50044]);
            expect(codes({ template: "{{code}}", type: 1 }, 500, ["type"])).to.deep.equal([]);
        });
    });

    describe("50053 {{url}} needs the link in remark", () => {
        const template = "活动详情{{url}}";
        it("refuses a missing remark or one that does not start with the link", () => {
            expect(codes({ template, type: 3 })).to.deep.equal([50053]);
            expect(codes({ template, type: 3, remark: "活动链接 https://example.com" })).to.deep.equal([50053]);
            expect(codes({ template, type: 3, remark: "ftp://example.com" })).to.deep.equal([50053]);
        });
        it("accepts an http or https link at the start", () => {
            expect(codes({ template, type: 3, remark: "https://example.com/a?b=1 春季活动" })).to.deep.equal([]);
            expect(codes({ template, type: 2, remark: "HTTP://example.com" })).to.deep.equal([]);
        });
        it("is skipped while remark is unknown", () => {
            expect(codes({ template, type: 3 }, 500, ["remark"])).to.deep.equal([]);
        });
    });

    describe("50045 remark", () => {
        it("allows 100 characters and refuses 101", () => {
            expect(codes({ template: "通知", type: 2, remark: "备".repeat(100) })).to.deep.equal([]);
            const [violation] = check({ template: "通知", type: 2, remark: "备".repeat(101) });
            expect(violation).to.include({ property: "remark", code: 50045 });
            expect(violation.reason).to.contain("101 characters");
        });
        it("answers 50007 for a remark that is not text", () => {
            expect(codes({ template: "通知", type: 2, remark: 5 })).to.deep.equal([50007]);
        });
    });

    it("returns every broken rule in the simulator's order", () => {
        const template = `【促销】${"优".repeat(500)}{{a_b}}{{url}}`;
        expect(codes({ template, type: 4, ttl: 0, remark: "活".repeat(101) })).to.deep.equal([
            50025, 50043, 50052, 50041, 50044, 50053, 50045,
        ]);
    });

    it("gives one sentence per violation that says what to do", () => {
        const violations = check({ template: "【促销】{{a b}}{{url}}", type: 1, remark: "备".repeat(101) });
        expect(violations.length).to.be.greaterThan(3);
        for (const { reason } of violations) {
            expect(reason).to.match(/^[^\n]+\.$/);
        }
    });

    describe("skip (unknown values during preview)", () => {
        it("validates nothing that needs the template while it is unknown", () => {
            expect(codes({ template: "【", type: 1, ttl: 60 }, 500, ["template"])).to.deep.equal([]);
        });
        it("skips the type rule and the type-1 ttl requirement while type is unknown", () => {
            expect(codes({ template: "{{code}}" }, 500, ["type"])).to.deep.equal([]);
            expect(codes({ template: "{{code}}", type: 1, ttl: 0 }, 500, ["type"])).to.deep.equal([50041]);
        });
        it("skips ttl and remark while they are unknown, even if the value is a placeholder string", () => {
            const placeholder = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            expect(
                codes({ template: OTP, type: 1, ttl: placeholder, remark: placeholder }, 500, ["ttl", "remark"]),
            ).to.deep.equal([]);
        });
    });
});

describe("templateVariables", () => {
    it("lists each variable once, in order, as written", () => {
        expect(templateVariables("{{name}}您好，{{code}}，{{name}}，{{ x }}")).to.deep.equal(["name", "code", " x "]);
        expect(templateVariables("没有变量")).to.deep.equal([]);
    });
});
