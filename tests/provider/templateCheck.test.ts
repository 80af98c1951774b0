/**
 * `SmsTemplate` check: every documented rule fails on its own property with a reason that states the rule, on both
 * sides of each boundary; preview placeholders are skipped; and check never calls the API.
 */
import { expect } from "chai";
import { configure, handlers } from "./providerRuntime";
import { UNKNOWN, recordFailures, stackConfig, useSimulator } from "./providerFixtures";

type Failure = { property: string; reason: string };

const PROVIDER = { __provider: "serialized provider text" };
const OTP = { template: "您好，您的验证码是{{code}}，5分钟内有效！", type: 1, ttl: 300, remark: "用户注册" };
const NOTICE = { template: "您的订单{{orderNo}}已发货", type: 2 };

describe("provider/template check", () => {
    const sim = useSimulator();
    let config: Record<string, string | undefined>;

    before(() => {
        config = stackConfig(sim());
    });

    afterEach(() => {
        // Tests that change jsms:maxTemplateLength put the suite's config back.
        configure({ get: (k) => config[k] });
    });

    async function failures(news: Record<string, unknown>): Promise<Failure[]> {
        const result = recordFailures(await handlers.template.check({} as any, { ...PROVIDER, ...news } as any));
        return result.failures ?? [];
    }

    /** The failures on one property. */
    async function failuresOn(property: string, news: Record<string, unknown>): Promise<Failure[]> {
        return (await failures(news)).filter((f) => f.property === property);
    }

    it("accepts valid verification, notification and marketing templates without failures", async () => {
        expect(await failures(OTP)).to.deep.equal([]);
        expect(await failures(NOTICE)).to.deep.equal([]);
        expect(
            await failures({
                template: "双十一全场五折，详见{{url}}",
                type: 3,
                remark: "https://shop.example.com/sale 双十一活动",
            }),
        ).to.deep.equal([]);
        expect(await failures({ template: "系统维护通知：今晚停机一小时", type: 2 })).to.deep.equal([]);
    });

    it("returns the inputs it was given (with __provider) so the engine keeps them", async () => {
        const result = await handlers.template.check({} as any, { ...PROVIDER, ...OTP } as any);
        expect(result.inputs).to.deep.include({ ...PROVIDER, ...OTP });
    });

    describe("template length (default limit 350)", () => {
        const ofLength = (n: number) => ({ template: "通".repeat(n), type: 2 });

        it("accepts 349 and 350 characters", async () => {
            expect(await failures(ofLength(349))).to.deep.equal([]);
            expect(await failures(ofLength(350))).to.deep.equal([]);
        });

        it("fails 351 characters on template, naming the length and the limit", async () => {
            const f = await failuresOn("template", ofLength(351));
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("351").and.to.contain("350");
        });

        it("counts characters, not UTF-16 units: 350 characters outside the BMP pass", async () => {
            expect(await failures({ template: "𠀀".repeat(350), type: 2 })).to.deep.equal([]);
            expect(await failuresOn("template", { template: "𠀀".repeat(351), type: 2 })).to.have.length(1);
        });

        it("follows jsms:maxTemplateLength: 500 accepts 351 and 500 characters and fails 501", async () => {
            configure({ get: (k) => ({ ...config, "jsms:maxTemplateLength": "500" })[k] });
            expect(await failures(ofLength(351))).to.deep.equal([]);
            expect(await failures(ofLength(500))).to.deep.equal([]);
            const f = await failuresOn("template", ofLength(501));
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("501").and.to.contain("500");
        });

        it("fails with a message naming jsms:maxTemplateLength when it is not a whole number", async () => {
            configure({ get: (k) => ({ ...config, "jsms:maxTemplateLength": "lots" })[k] });
            // check never throws for a setting: it answers with a failure the engine prints.
            const reasons = (await failures(OTP)).map((f) => f.reason);
            expect(reasons).to.have.length(1);
            expect(reasons[0])
                .to.contain("jsms:maxTemplateLength")
                .and.to.contain('"lots"')
                .and.to.contain("whole number");
        });

        it("follows a lower jsms:maxTemplateLength too (20 fails 21 characters)", async () => {
            configure({ get: (k) => ({ ...config, "jsms:maxTemplateLength": "20" })[k] });
            expect(await failures(ofLength(20))).to.deep.equal([]);
            const f = await failuresOn("template", ofLength(21));
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("20");
        });
    });

    describe("ttl", () => {
        it("fails 0 and 86401 on ttl, stating 0 < ttl ≤ 86400", async () => {
            for (const ttl of [0, 86401]) {
                const f = await failuresOn("ttl", { ...OTP, ttl });
                expect(f, `ttl ${ttl}`).to.have.length(1);
                expect(f[0].reason).to.contain("86400").and.to.contain(String(ttl));
            }
        });

        it("accepts 1 and 86400", async () => {
            expect(await failures({ ...OTP, ttl: 1 })).to.deep.equal([]);
            expect(await failures({ ...OTP, ttl: 86400 })).to.deep.equal([]);
        });

        it("fails a fractional or negative ttl", async () => {
            expect(await failuresOn("ttl", { ...OTP, ttl: 1.5 })).to.have.length(1);
            expect(await failuresOn("ttl", { ...OTP, ttl: -5 })).to.have.length(1);
        });

        it("requires ttl for a verification-code template, and says so on ttl", async () => {
            const { ttl: _ttl, ...noTtl } = OTP;
            const f = await failuresOn("ttl", noTtl);
            expect(f).to.have.length(1);
            expect(f[0].reason)
                .to.match(/type 1/)
                .and.to.contain("ttl");
        });

        it("fails a ttl that is not a number on ttl", async () => {
            const f = await failuresOn("ttl", { ...OTP, ttl: "300" });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("number");
        });
    });

    describe("remark", () => {
        it("accepts 100 characters and fails 101 on remark, naming the limit", async () => {
            expect(await failures({ ...OTP, remark: "备".repeat(100) })).to.deep.equal([]);
            const f = await failuresOn("remark", { ...OTP, remark: "备".repeat(101) });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("101").and.to.contain("100");
        });
    });

    describe("type", () => {
        it("fails 0, 4 and a missing type on type, listing 1, 2 and 3", async () => {
            for (const type of [0, 4, undefined]) {
                const f = await failuresOn("type", { template: "系统通知", type });
                expect(f, `type ${type}`).to.have.length(1);
                expect(f[0].reason).to.contain("1").and.to.contain("2").and.to.contain("3");
            }
        });
    });

    describe("variables", () => {
        it("fails a verification-code template without {{code}} on template", async () => {
            const f = await failuresOn("template", { ...OTP, template: "您的验证码5分钟内有效" });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("{{code}}");
        });

        it("fails a verification-code template with another variable, or {{code}} twice, on template", async () => {
            for (const template of [
                "验证码{{code}}，用户{{name}}",
                "验证码{{code}}，再说一遍{{code}}",
                "验证码{{pin}}",
            ]) {
                const f = await failuresOn("template", { ...OTP, template });
                expect(f, template).to.have.length(1);
                expect(f[0].reason).to.contain("exactly one variable").and.to.contain("{{code}}");
            }
        });

        it("fails variable names other than letters and digits in other templates on template", async () => {
            const f = await failuresOn("template", { template: "尊敬的{{user_name}}，您好", type: 2 });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("letters and digits").and.to.contain("{{user_name}}");
            expect(await failures({ template: "尊敬的{{userName1}}，您好", type: 2 })).to.deep.equal([]);
        });

        it("fails an unclosed {{ on template", async () => {
            const f = await failuresOn("template", { template: "尊敬的{{name，您好", type: 2 });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("{{name}}");
        });

        it("fails {{url}} without a remark on remark, asking for the link", async () => {
            const f = await failuresOn("remark", { template: "点击{{url}}查看", type: 2 });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("{{url}}").and.to.contain("link");
        });

        it("fails {{url}} when the remark does not start with the link, and accepts it when it does", async () => {
            const template = { template: "点击{{url}}查看", type: 2 };
            expect(await failuresOn("remark", { ...template, remark: "活动页 https://example.com/a" })).to.have.length(
                1,
            );
            expect(await failures({ ...template, remark: "https://example.com/a 活动页" })).to.deep.equal([]);
        });
    });

    it("fails 【 and 】 on template, explaining that JSMS adds them", async () => {
        for (const template of ["【极光】您的订单已发货", "您的订单已发货】"]) {
            const f = await failuresOn("template", { template, type: 2 });
            expect(f, template).to.have.length(1);
            expect(f[0].reason).to.contain("【").and.to.contain("signature");
        }
    });

    it("fails an empty template on template", async () => {
        const f = await failuresOn("template", { template: "  ", type: 2 });
        expect(f).to.have.length(1);
        expect(f[0].reason).to.contain("empty");
    });

    describe("shared inputs", () => {
        it("fails an app with no jsms:apps profile on app, naming jsms:apps", async () => {
            const f = await failuresOn("app", { ...OTP, app: "nosuchapp" });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("nosuchapp").and.to.contain("jsms:apps");
        });

        it("fails a malformed waitForReview on waitForReview", async () => {
            for (const waitForReview of [{ timeoutSeconds: 0 }, { timeout: 5 }, "yes"]) {
                const f = await failuresOn("waitForReview", { ...OTP, waitForReview });
                expect(f, JSON.stringify(waitForReview)).to.have.length(1);
            }
            expect(
                await failures({ ...OTP, waitForReview: { timeoutSeconds: 5, pollIntervalSeconds: 0.5 } }),
            ).to.deep.equal([]);
            expect(await failures({ ...OTP, waitForReview: true })).to.deep.equal([]);
        });

        it("fails an adoptId that is not a positive whole number on adoptId, and takes a numeric string as a number", async () => {
            for (const adoptId of [0, -3, 1.5, "abc"]) {
                const f = await failuresOn("adoptId", { ...OTP, adoptId });
                expect(f, String(adoptId)).to.have.length(1);
            }
            const result = await handlers.template.check({} as any, { ...PROVIDER, ...OTP, adoptId: "10001" } as any);
            expect(result.failures).to.deep.equal([]);
            expect(result.inputs?.adoptId).to.equal(10001);
        });
    });

    describe("unknown values (preview placeholder)", () => {
        // Each case would fail if the placeholder were validated as text.
        const cases: Record<string, Record<string, unknown>> = {
            template: { ...OTP, template: UNKNOWN },
            type: { template: "尊敬的{{name}}，您好", type: UNKNOWN },
            ttl: { ...OTP, ttl: UNKNOWN },
            remark: { template: "点击{{url}}查看", type: 2, remark: UNKNOWN },
            app: { ...OTP, app: UNKNOWN },
            waitForReview: { ...OTP, waitForReview: UNKNOWN },
            adoptId: { ...OTP, adoptId: UNKNOWN },
        };
        for (const [field, news] of Object.entries(cases)) {
            it(`skips an unknown ${field}`, async () => {
                expect(await failures(news)).to.deep.equal([]);
            });
        }

        it("still checks the known fields next to an unknown one", async () => {
            const f = await failures({ ...OTP, template: UNKNOWN, ttl: 0 });
            expect(f.map((x) => x.property)).to.deep.equal(["ttl"]);
        });
    });

    it("makes no API call, whatever it checks", async () => {
        await sim().clearRequests();
        await failures(OTP);
        await failures({ ...OTP, app: "nosuchapp" });
        await failures({ ...OTP, adoptId: 10001 });
        await failures({ template: "通".repeat(400), type: 2, remark: "备".repeat(120) });
        await failures({ ...OTP, template: UNKNOWN });
        expect(await sim().requests()).to.deep.equal([]);
        // The log does record API calls: one direct GET shows up, so the empty log above means something.
        await fetch(`${sim().url}/v1/templates/1`);
        expect((await sim().requests()).map((r) => `${r.method} ${r.path}`)).to.deep.equal(["GET /v1/templates/1"]);
    });
});
