/** The signature rule of `pulumi-jsms/policy`, and the banned phrases rule that covers templates and signatures. */
import { expect } from "chai";
import {
    BANNED_PHRASES_POLICY,
    SIGNATURE_QUALIFICATION_POLICY,
    bannedPhrasesPolicy,
    signatureQualificationPolicy,
} from "../../provider/policy";
import { PLUGIN_SIGNATURE, PLUGIN_TEMPLATE, SIGNATURE, TEMPLATE, validate, violationsOf } from "./policyHarness";

const ID_NUMBER = "11010519491231002X";
const QUALIFICATION = {
    legalPersonName: "张三",
    legalPersonIdNumber: ID_NUMBER,
    socialCreditCode: "91350100M000100Y43",
    idCardImage: "./idcard.jpg",
    businessLicenseImage: "./licence.png",
};
const signature = (props: Record<string, unknown>, type = SIGNATURE) => ({
    type,
    name: "brand",
    props: { sign: "极光推送", ...props },
});

describe("policy: jsms-signature-qualification", () => {
    it("passes a type 1 signature with its full qualification, for both type tokens", async () => {
        expect(
            await violationsOf(signatureQualificationPolicy, signature({ type: 1, qualification: QUALIFICATION })),
        ).to.deep.equal([]);
        expect(
            await violationsOf(
                signatureQualificationPolicy,
                signature({ type: 1, qualification: QUALIFICATION }, PLUGIN_SIGNATURE),
            ),
        ).to.deep.equal([]);
    });

    it("reports a signature with neither type nor qualification, naming the rule and the fix", async () => {
        const [message] = await violationsOf(signatureQualificationPolicy, signature({}));
        expect(message).to.equal(
            `SmsSignature "brand" breaks ${SIGNATURE_QUALIFICATION_POLICY}: it has no type and it has no qualification, which JSMS ` +
                "requires of every signature since 2025. Fix: set type to 1 (company), 3 (app), 6 (brand) or 7 (other); set " +
                "qualification.legalPersonName, qualification.legalPersonIdNumber, qualification.socialCreditCode, qualification.idCardImage.",
        );
    });

    it("asks for the file of the signature's type", async () => {
        const { businessLicenseImage: _licence, ...common } = QUALIFICATION;
        const [message] = await violationsOf(
            signatureQualificationPolicy,
            signature({ type: 3, qualification: common }),
        );
        expect(message)
            .to.contain("its qualification lacks icpAppScreenshot")
            .and.to.contain("Fix: set qualification.icpAppScreenshot.");
        expect(
            await violationsOf(
                signatureQualificationPolicy,
                signature({ type: 3, qualification: { ...common, icpAppScreenshot: "./icp.png" } }),
            ),
        ).to.deep.equal([]);
    });

    it("reports a pre-2025 type and empty fields, never echoing the secret values", async () => {
        const [message] = await violationsOf(
            signatureQualificationPolicy,
            signature({ type: 2, qualification: { ...QUALIFICATION, socialCreditCode: "" } }),
        );
        expect(message).to.contain("its type 2 is not one of the 2025 types").and.to.contain("lacks socialCreditCode");
        expect(message).not.to.contain(ID_NUMBER).and.not.to.contain("张三");
    });

    it("does not apply to templates", async () => {
        expect(
            (await validate(signatureQualificationPolicy, { type: TEMPLATE, name: "otp", props: {} })).notApplicable,
        ).to.contain("SmsSignature");
    });
});

describe("policy: jsms-banned-phrases", () => {
    const config = { phrases: ["免费", "Free", "最低价"] };

    it("reports banned phrases in a template, ignoring case and full-width forms, each once", async () => {
        const props = { template: "全场免费领取，ＦＲＥＥ shipping，免费！", type: 3 };
        const [message, ...rest] = await violationsOf(
            bannedPhrasesPolicy,
            { type: TEMPLATE, name: "promo", props },
            config,
        );
        expect(rest).to.deep.equal([]);
        expect(message).to.equal(
            `SmsTemplate "promo" breaks ${BANNED_PHRASES_POLICY}: template contains the banned phrases "免费", "Free". ` +
                `Fix: reword template without "免费", "Free" (the list is phrases of ${BANNED_PHRASES_POLICY} in the policy config).`,
        );
    });

    it("checks signature text too, and the plugin's tokens", async () => {
        const [message] = await violationsOf(
            bannedPhrasesPolicy,
            { type: PLUGIN_SIGNATURE, name: "brand", props: { sign: "最低价商城" } },
            config,
        );
        expect(message).to.contain('SmsSignature "brand"').and.to.contain('sign contains the banned phrase "最低价"');
        expect(
            await violationsOf(
                bannedPhrasesPolicy,
                { type: PLUGIN_TEMPLATE, name: "t", props: { template: "免费", type: 2 } },
                config,
            ),
        ).to.have.length(1);
    });

    it("reports nothing without configured phrases or when the copy is clean", async () => {
        expect(
            await violationsOf(bannedPhrasesPolicy, {
                type: TEMPLATE,
                name: "promo",
                props: { template: "免费", type: 3 },
            }),
        ).to.deep.equal([]);
        expect(
            await violationsOf(
                bannedPhrasesPolicy,
                { type: TEMPLATE, name: "promo", props: { template: "新品上架", type: 3 } },
                config,
            ),
        ).to.deep.equal([]);
    });

    it("does not apply to other resources", async () => {
        expect(
            (
                await validate(
                    bannedPhrasesPolicy,
                    { type: "random:index/randomPet:RandomPet", name: "pet", props: {} },
                    config,
                )
            ).notApplicable,
        ).to.be.a("string");
    });
});
