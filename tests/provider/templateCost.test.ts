/**
 * What a template costs, derived by `check` so that `preview --diff` shows it: `variables`, `message`, `length`,
 * `segments` and `lengthIsMinimum`, counted with the declared `signature` and `variableLengths`, which JSMS never sees.
 */
import { expect } from "chai";
import { UNKNOWN, configureFor, useSimulator } from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";
import { handlers } from "./providerRuntime";

const PROVIDER = { __provider: "serialized provider text" };
const han = (n: number) => "长".repeat(n);

describe("provider/template cost", () => {
    const sim = useSimulator();

    before(() => seedApprovedSignature(sim()));
    afterEach(() => configureFor(sim()));

    async function cost(news: Record<string, unknown>) {
        const { inputs, failures } = await handlers.template.check({}, { ...PROVIDER, ...news } as any);
        expect(failures).to.deep.equal([]);
        const { variables, length, segments, lengthIsMinimum } = inputs as any;
        return { variables, length, segments, lengthIsMinimum };
    }

    it("counts the signature in brackets with the body: 70 characters are 1 SMS, 71 are 2", async () => {
        // 【极光推送】 is 6 characters.
        expect(await cost({ template: han(64), type: 2, signature: "极光推送" })).to.deep.equal({
            variables: [],
            length: 70,
            segments: 1,
            lengthIsMinimum: false,
        });
        expect(await cost({ template: han(65), type: 2, signature: "极光推送" })).to.deep.equal({
            variables: [],
            length: 71,
            segments: 2,
            lengthIsMinimum: false,
        });
    });

    it("counts variables at their declared lengths and says when a length is a minimum", async () => {
        const template = "验证码{{code}}，{{minutes}}分钟内有效";
        expect(
            await cost({ template, type: 2, signature: "极光推送", variableLengths: { code: 6, minutes: 2 } }),
        ).to.deep.equal({
            variables: ["code", "minutes"],
            length: 6 + 3 + 6 + 1 + 2 + 5,
            segments: 1,
            lengthIsMinimum: false,
        });
        const undeclared = await cost({ template, type: 2, signature: "极光推送", variableLengths: { code: 6 } });
        expect(undeclared).to.include({ lengthIsMinimum: true, length: 6 + 3 + 6 + 1 + 5 });
        expect((await cost({ template: "您好", type: 2 })).lengthIsMinimum, "no signature declared").to.equal(true);
    });

    it("adds the marketing opt-out text, and jsms:optOutSuffix changes it", async () => {
        expect((await cost({ template: han(10), type: 3, signature: "极光推送" })).length).to.equal(6 + 10 + 4);
        configureFor(sim(), { "jsms:optOutSuffix": "拒收请回复R" });
        expect((await cost({ template: han(10), type: 3, signature: "极光推送" })).length).to.equal(6 + 10 + 6);
    });

    it("derives the message one send delivers: signature in 【】, copy, and jsms:optOutSuffix for marketing", async () => {
        const check = (news: Record<string, unknown>) => handlers.template.check({}, { ...PROVIDER, ...news } as any);
        expect(
            (await check({ template: "验证码{{code}}", type: 1, ttl: 300, signature: "极光推送" })).inputs,
        ).to.include({ message: "【极光推送】验证码{{code}}" });
        configureFor(sim(), { "jsms:optOutSuffix": "拒收请回复R" });
        expect((await check({ template: han(3), type: 3, signature: "极光推送" })).inputs).to.include({
            message: "【极光推送】长长长拒收请回复R",
        });
    });

    it("is unknown during preview while the copy or the signature is unknown", async () => {
        for (const unknown of [{ template: UNKNOWN }, { signature: UNKNOWN }]) {
            const { inputs } = await handlers.template.check({}, {
                ...PROVIDER,
                template: "您好",
                type: 2,
                ...unknown,
            } as any);
            expect(inputs).to.include({
                variables: UNKNOWN,
                message: UNKNOWN,
                length: UNKNOWN,
                segments: UNKNOWN,
                lengthIsMinimum: UNKNOWN,
            });
        }
    });

    it("a new signature or variable length is an update that writes nothing, even for an approved template", async () => {
        const first = await handlers.template.check({}, {
            ...PROVIDER,
            template: han(64),
            type: 2,
            signature: "极光推送",
        } as any);
        const { id, outs } = await handlers.template.create(first.inputs as any);
        await sim().review("templates", id, "approved");
        const olds = { ...PROVIDER, ...(outs as any), status: "approved", statusCode: 1 };
        const next = await handlers.template.check(olds, {
            ...PROVIDER,
            template: han(64),
            type: 2,
            signature: "极光推送通知",
        } as any);
        const diff = await handlers.template.diff(id, olds as any, next.inputs as any);
        expect(diff).to.deep.include({ changes: true, replaces: [] });
        expect(diff.detailedDiff).to.deep.equal({
            signature: "update",
            message: "update",
            length: "update",
            segments: "update",
        });
        await sim().clearRequests();
        const { outs: updated } = await handlers.template.update(id, olds as any, next.inputs as any);
        expect((await sim().requests()).map((r) => r.method)).to.deep.equal(["GET"]);
        expect(updated).to.include({ segments: 2, length: 72, status: "approved" });
    });

    it("refresh recounts the live copy, so a console edit shows its new cost", async () => {
        const first = await handlers.template.check({}, {
            ...PROVIDER,
            template: han(10),
            type: 2,
            signature: "极光推送",
        } as any);
        const { id, outs } = await handlers.template.create(first.inputs as any);
        await sim().editTemplate(id, { template: han(80) });
        const read = await handlers.template.read(id, { ...PROVIDER, ...(outs as any) });
        expect(read.props).to.include({ length: 86, segments: 2 });
        expect(read.inputs).to.include({ length: 86, segments: 2, signature: "极光推送" });
    });
});
