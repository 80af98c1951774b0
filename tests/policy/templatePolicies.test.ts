/**
 * The template rules of `pulumi-jsms/policy`, called as @pulumi/policy calls them: each violation names the
 * resource, the rule and the fix; both type tokens match; other resources are not applicable.
 */
import { expect } from "chai";
import {
    DECLARED_VARIABLE_LENGTHS_POLICY,
    MAX_SEGMENTS_POLICY,
    NO_HAND_WRITTEN_OPT_OUT_POLICY,
    TEMPLATE_REMARK_POLICY,
    declaredVariableLengthsPolicy,
    maxSegmentsPolicy,
    noHandWrittenOptOutPolicy,
    templateRemarkPolicy,
} from "../../provider/policy";
import { PLUGIN_TEMPLATE, SIGNATURE, TEMPLATE, UNKNOWN_STRING, validate, violationsOf } from "./policyHarness";

const han = (n: number) => "通".repeat(n);
const template = (props: Record<string, unknown>, name = "promo", type = TEMPLATE) => ({ type, name, props });

describe("policy: jsms-max-segments", () => {
    it("passes a message of 70 characters and reports 71 by default (1 SMS per send)", async () => {
        expect(
            await violationsOf(maxSegmentsPolicy, template({ template: han(64), type: 2, signature: "极光推送" })),
        ).to.deep.equal([]);
        const [message, ...rest] = await violationsOf(
            maxSegmentsPolicy,
            template({ template: han(65), type: 2, signature: "极光推送" }),
        );
        expect(rest).to.deep.equal([]);
        expect(message).to.equal(
            `SmsTemplate "promo" breaks ${MAX_SEGMENTS_POLICY}: the template costs 2 SMS per send: 71 characters as JSMS counts them ` +
                "(signature 【极光推送】 6 + body 65), over the limit of 1 SMS. Fix: shorten the message to 70 characters or fewer, " +
                `or raise maxSegments of ${MAX_SEGMENTS_POLICY} in the policy config.`,
        );
    });

    it("takes maxSegments from the policy config: 2 allows 134 characters and reports 135", async () => {
        const config = { maxSegments: 2 };
        expect(
            await violationsOf(
                maxSegmentsPolicy,
                template({ template: han(128), type: 2, signature: "极光推送" }),
                config,
            ),
        ).to.deep.equal([]);
        const [message] = await violationsOf(
            maxSegmentsPolicy,
            template({ template: han(129), type: 2, signature: "极光推送" }),
            config,
        );
        expect(message)
            .to.contain("costs 3 SMS")
            .and.to.contain("limit of 2 SMS")
            .and.to.contain("134 characters or fewer");
    });

    it("counts variables at their declared lengths and the marketing opt-out text", async () => {
        const props = { template: `${han(50)}{{name}}`, type: 3, signature: "极光推送", variableLengths: { name: 10 } };
        expect(await violationsOf(maxSegmentsPolicy, template(props))).to.deep.equal([]); // 6 + 60 + 4 = 70
        const [message] = await violationsOf(maxSegmentsPolicy, template({ ...props, variableLengths: { name: 11 } }));
        expect(message).to.contain("71 characters").and.to.contain("opt-out text 回T退订 4");
        const [custom] = await violationsOf(maxSegmentsPolicy, template(props), { optOutSuffix: "拒收请回复R" });
        expect(custom).to.contain("72 characters").and.to.contain("opt-out text 拒收请回复R 6");
    });

    it("reports a minimum already over the limit as 'at least', naming what it could not count", async () => {
        const [message] = await violationsOf(maxSegmentsPolicy, template({ template: `${han(71)}{{name}}`, type: 2 }));
        expect(message)
            .to.contain("costs at least 2 SMS per send: at least 71 characters")
            .and.to.contain("not counting the signature, {{name}}");
        expect(
            await violationsOf(maxSegmentsPolicy, template({ template: `${han(70)}{{name}}`, type: 2 })),
        ).to.deep.equal([]);
    });

    it("counts without the signature while it is unknown in preview", async () => {
        const props = { template: han(71), type: 2, signature: UNKNOWN_STRING };
        const [message] = await violationsOf(maxSegmentsPolicy, template(props));
        expect(message).to.contain("at least 71 characters").and.to.contain("not counting the signature");
    });

    it("matches the provider plugin's token too, and does not apply to signatures or other resources", async () => {
        expect(
            await violationsOf(maxSegmentsPolicy, template({ template: han(71), type: 2 }, "promo", PLUGIN_TEMPLATE)),
        ).to.have.length(1);
        expect(
            (await validate(maxSegmentsPolicy, { type: SIGNATURE, name: "brand", props: { sign: "极光推送" } }))
                .notApplicable,
        ).to.contain("SmsTemplate");
        expect(
            (await validate(maxSegmentsPolicy, { type: "random:index/randomPet:RandomPet", name: "pet", props: {} }))
                .notApplicable,
        ).to.be.a("string");
    });
});

describe("policy: jsms-no-hand-written-opt-out", () => {
    it("reports opt-out text written into a marketing template, naming it and the fix", async () => {
        const [message] = await violationsOf(
            noHandWrittenOptOutPolicy,
            template({ template: "新品上架，回T退订", type: 3 }),
        );
        expect(message).to.equal(
            `SmsTemplate "promo" breaks ${NO_HAND_WRITTEN_OPT_OUT_POLICY}: the marketing template writes its own opt-out text "回T退订", ` +
                'but JSMS appends "回T退订" to every marketing SMS itself, so it would be sent (and paid for) twice and JSMS\'s ' +
                'review refuses it. Fix: remove "回T退订" from template.',
        );
        for (const copy of ["新品上架，拒收请回复R", "新品上架，退订回TD", "新品上架 回复T", "新品上架，回Ｔ退订"]) {
            expect(
                await violationsOf(noHandWrittenOptOutPolicy, template({ template: copy, type: 3 })),
                copy,
            ).to.have.length(1);
        }
    });

    it("leaves marketing copy without opt-out text, and other template types, alone", async () => {
        for (const copy of ["新品上架，详见{{url}}", "回复Y确认参加", "Try our new TDS meter"]) {
            expect(
                await violationsOf(noHandWrittenOptOutPolicy, template({ template: copy, type: 3 })),
                copy,
            ).to.deep.equal([]);
        }
        expect(
            await violationsOf(noHandWrittenOptOutPolicy, template({ template: "订单已取消，回T退订", type: 2 })),
        ).to.deep.equal([]);
    });

    it("looks for the configured opt-out text as well", async () => {
        const copy = "新品上架，STOP to end";
        expect(await violationsOf(noHandWrittenOptOutPolicy, template({ template: copy, type: 3 }))).to.deep.equal([]);
        expect(
            await violationsOf(noHandWrittenOptOutPolicy, template({ template: copy, type: 3 }), {
                optOutSuffix: "STOP to end",
            }),
        ).to.have.length(1);
    });
});

describe("policy: jsms-declared-variable-lengths", () => {
    it("reports each variable without a declared length, with the fix spelled out", async () => {
        const props = { template: "{{name}}，订单{{orderNo}}已发货{{name}}", type: 2, variableLengths: { name: 20 } };
        const [message] = await violationsOf(declaredVariableLengthsPolicy, template(props, "shipped"));
        expect(message).to.equal(
            `SmsTemplate "shipped" breaks ${DECLARED_VARIABLE_LENGTHS_POLICY}: {{orderNo}} has no declared length, so the length ` +
                "and segments shown for this template are only a minimum. Fix: set variableLengths: { orderNo: N }, with N the " +
                "characters of the longest value each can take.",
        );
        const [none] = await violationsOf(declaredVariableLengthsPolicy, template({ template: "{{a}}{{b}}", type: 2 }));
        expect(none)
            .to.contain("{{a}}, {{b}} have no declared length")
            .and.to.contain("variableLengths: { a: N, b: N }");
    });

    it("passes templates whose variables are all declared, and templates without variables", async () => {
        expect(
            await violationsOf(
                declaredVariableLengthsPolicy,
                template({ template: "验证码{{code}}", type: 1, variableLengths: { code: 6 } }),
            ),
        ).to.deep.equal([]);
        expect(
            await violationsOf(declaredVariableLengthsPolicy, template({ template: "系统维护通知", type: 2 })),
        ).to.deep.equal([]);
    });
});

describe("policy: jsms-template-remark", () => {
    it("reports a missing or blank remark", async () => {
        for (const remark of [undefined, "", "  "]) {
            const [message] = await violationsOf(
                templateRemarkPolicy,
                template({ template: "通知", type: 2, remark }, "notice"),
            );
            expect(message, JSON.stringify(remark)).to.match(
                new RegExp(`^SmsTemplate "notice" breaks ${TEMPLATE_REMARK_POLICY}: .* Fix: set remark`),
            );
        }
    });

    it("passes a template with a remark", async () => {
        expect(
            await violationsOf(templateRemarkPolicy, template({ template: "通知", type: 2, remark: "发货通知" })),
        ).to.deep.equal([]);
    });
});
