/**
 * The simulator counts a template against its length limit with the shared counting rules: a line break is 2,
 * marketing templates carry the opt-out text, and the Pulumi-only inputs in a body change nothing.
 */
import { expect } from "chai";
import { call, createSign, useSimulator, vendorError } from "./simulatorHarness";

const han = (n: number) => "长".repeat(n);

describe("simulator: template length as JSMS counts it", () => {
    // The current vendor page's limit (the simulator's default is the provider's 350).
    const simulator = useSimulator({ maxTemplateLength: 500 });

    async function create(json: Record<string, unknown>) {
        await createSign(simulator());
        return call(simulator(), "POST", "/v1/templates", { json });
    }

    it("counts the opt-out text of a marketing template: 496 characters pass, 497 answer 50043", async () => {
        expect((await create({ template: han(496), type: 3 })).status).to.equal(200);
        expect((await create({ template: han(497), type: 3 })).json).to.deep.equal(
            vendorError(50043, "template too long"),
        );
        expect((await create({ template: han(497), type: 2 })).status).to.equal(200);
    });

    it("counts a line break as 2 (\\r\\n too): 498 characters and a break pass, 499 and a break answer 50043", async () => {
        expect((await create({ template: `${han(249)}\n${han(249)}`, type: 2 })).status).to.equal(200);
        expect((await create({ template: `${han(249)}\r\n${han(249)}`, type: 2 })).status).to.equal(200);
        expect((await create({ template: `${han(250)}\n${han(249)}`, type: 2 })).json.error.code).to.equal(50043);
    });

    it("ignores signature and variableLengths in a body, as the vendor ignores unknown fields", async () => {
        const response = await create({ template: han(500), type: 2, signature: "【bad】", variableLengths: "bad" });
        expect(response.status).to.equal(200);
    });

    describe("with another opt-out text", () => {
        const custom = useSimulator({ optOutSuffix: "拒收请回复R", maxTemplateLength: 500 });
        it("counts it instead: 494 characters pass, 495 answer 50043", async () => {
            await createSign(custom());
            expect(
                (await call(custom(), "POST", "/v1/templates", { json: { template: han(494), type: 3 } })).status,
            ).to.equal(200);
            expect(
                (await call(custom(), "POST", "/v1/templates", { json: { template: han(495), type: 3 } })).json.error
                    .code,
            ).to.equal(50043);
        });
    });

    it("refuses _ in a variable name with 50044, as check does", async () => {
        expect((await create({ template: "{{first_name}}您好", type: 2 })).json.error.code).to.equal(50044);
    });
});
