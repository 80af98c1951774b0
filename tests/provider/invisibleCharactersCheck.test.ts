/**
 * `check` of templates and signatures refuses copy, remarks and signs holding characters no reviewer can see (a
 * right-to-left override, a zero-width space), naming the code point and its position, before any API call; and
 * the simulator refuses the same text, as it shares the rule.
 */
import { expect } from "chai";
import { clientFor, handlers } from "./providerRuntime";
import { recordFailures, useSimulator } from "./providerFixtures";

const PROVIDER = { __provider: "serialized provider text" };

describe("provider/check: invisible and bidirectional control characters", () => {
    const sim = useSimulator();

    async function failures(kind: "template" | "signature", news: Record<string, unknown>) {
        const result = recordFailures(await handlers[kind].check({} as any, { ...PROVIDER, ...news } as any));
        return (result.failures ?? []) as Array<{ property: string; reason: string }>;
    }

    it("fails a template's copy, remark and signature input on their own properties, calling nothing", async () => {
        await sim().clearRequests();
        const found = await failures("template", {
            template: "您的订单已退款\u202e0001\u202c元",
            type: 2,
            remark: "\u200b退款通知",
            signature: "极光\u2060推送",
        });
        expect(found.map((f) => f.property).sort()).to.deep.equal(["remark", "signature", "template"]);
        const on = (property: string) => found.find((f) => f.property === property)!.reason;
        expect(on("template")).to.contain("U+202E RIGHT-TO-LEFT OVERRIDE at character 8");
        expect(on("template")).to.contain("U+202C POP DIRECTIONAL FORMATTING at character 13");
        expect(on("remark")).to.contain("U+200B ZERO WIDTH SPACE at character 1");
        expect(on("signature")).to.contain("U+2060 WORD JOINER at character 3");
        expect(await sim().requests()).to.deep.equal([]);
    });

    it("fails a signature's sign and remark", async () => {
        const found = await failures("signature", { sign: "极光\u200d推送", type: 7, remark: "品牌\u2067简称" });
        expect(found.map((f) => f.property).sort()).to.deep.equal(["remark", "sign"]);
        expect(found.find((f) => f.property === "sign")!.reason).to.contain("U+200D ZERO WIDTH JOINER at character 3");
        expect(found.find((f) => f.property === "remark")!.reason).to.contain(
            "U+2067 RIGHT-TO-LEFT ISOLATE at character 3",
        );
    });

    it("is refused by the simulator too (the shared rule), so a client that skips check gets 50007", async () => {
        const error = await clientFor(undefined)
            .createTemplate({ template: "您的订单已退款\u202e0001元", type: 2 })
            .then(
                () => undefined,
                (e: unknown) => e as { code?: number; message: string },
            );
        expect(error?.code, error?.message).to.equal(50007);
    });

    it("accepts the same copy without them, emoji joined by a zero-width joiner included", async () => {
        expect(
            await failures("template", {
                template: "您的订单已退款0001元👨\u200d👩\u200d👧",
                type: 2,
                remark: "退款通知",
            }),
        ).to.deep.equal([]);
    });
});
