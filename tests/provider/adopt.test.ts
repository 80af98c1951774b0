/**
 * `adoptId`: taking over an existing template or signature instead of creating one (`pulumi import` does not work
 * for dynamic resources). A match is adopted without any write; a rejected mismatch is modified; anything else is a
 * clear error that creates nothing.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import { captureError, expectPlainOutputs, useSimulator } from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";

const PROVIDER = { __provider: "serialized provider text" };
const OTP = { template: "您好，您的验证码是{{code}}，5分钟内有效！", type: 1, ttl: 300, remark: "用户注册" };

describe("provider/adoptId", () => {
    const sim = useSimulator();
    let signId: string;

    before(async () => {
        signId = await seedApprovedSignature(sim(), undefined, "既有签名");
    });

    /** A template made outside this stack (in the console, say), reviewed as `status`. */
    async function existingTemplate(
        status: "approved" | "rejected" | "pending",
        copy: Record<string, unknown> = OTP,
    ): Promise<string> {
        const { id } = await handlers.template.create({ ...PROVIDER, ...copy } as any);
        if (status !== "pending") await sim().review("templates", id, status);
        return id;
    }

    async function methods(): Promise<string[]> {
        return (await sim().requests()).map((r) => `${r.method} ${r.path}`);
    }

    describe("template", () => {
        it("adopts a matching template with zero writes", async () => {
            const id = await existingTemplate("approved");
            const count = (await sim().templates()).length;
            await sim().clearRequests();
            const result = await handlers.template.create({ ...PROVIDER, ...OTP, adoptId: Number(id) } as any);
            expect(result.id).to.equal(id);
            expectPlainOutputs(result.outs);
            expect(result.outs).to.deep.include({
                ...OTP,
                adoptId: Number(id),
                tempId: Number(id),
                status: "approved",
                statusCode: 1,
            });
            const calls = await methods();
            expect(calls.length).to.be.greaterThan(0);
            expect(calls.every((c) => c.startsWith("GET "))).to.equal(true, calls.join(", "));
            expect((await sim().templates()).length).to.equal(count);
        });

        it('adopts a matching template that declares no remark although JSMS stores ""', async () => {
            const notice = { template: "您的订单{{orderNo}}已发货", type: 2 };
            const id = await existingTemplate("approved", notice);
            await sim().clearRequests();
            const result = await handlers.template.create({ ...PROVIDER, ...notice, adoptId: Number(id) } as any);
            expect(result.id).to.equal(id);
            expect((await methods()).every((c) => c.startsWith("GET "))).to.equal(true);
        });

        it("refuses a mismatching approved template with the differences listed, and creates nothing", async () => {
            const id = await existingTemplate("approved");
            const count = (await sim().templates()).length;
            await sim().clearRequests();
            const declared = { ...OTP, template: "您的验证码是{{code}}，10分钟内有效。", ttl: 600 };
            const err = await captureError(
                handlers.template.create({ ...PROVIDER, ...declared, adoptId: Number(id) } as any),
            );
            expect(err.message).to.contain(`template ${id}`);
            expect(err.message).to.contain("template:").and.to.contain(OTP.template).and.to.contain(declared.template);
            expect(err.message).to.contain("ttl:").and.to.contain("600");
            expect(err.message).not.to.contain("remark:");
            expect(err.message).to.contain("approved");
            expect((await methods()).every((c) => c.startsWith("GET "))).to.equal(true);
            expect((await sim().templates()).length).to.equal(count);
            expect((await sim().templates()).find((t) => String(t.id) === id).template).to.equal(OTP.template);
        });

        it("refuses a mismatching pending template too", async () => {
            const id = await existingTemplate("pending");
            const err = await captureError(
                handlers.template.create({ ...PROVIDER, ...OTP, remark: "别的备注", adoptId: Number(id) } as any),
            );
            expect(err.message).to.contain("remark:").and.to.contain("pending");
        });

        it("modifies a mismatching rejected template (PUT) and adopts it, pending again", async () => {
            const id = await existingTemplate("rejected");
            const count = (await sim().templates()).length;
            await sim().clearRequests();
            const declared = { ...OTP, template: "您的验证码是{{code}}，请勿泄露。" };
            const result = await handlers.template.create({ ...PROVIDER, ...declared, adoptId: Number(id) } as any);
            expect(result.id).to.equal(id);
            expect(result.outs).to.deep.include({ template: declared.template, status: "pending", statusCode: 0 });
            const calls = await methods();
            expect(calls).to.include(`PUT /v1/templates/${id}`);
            expect(calls.filter((c) => c.startsWith("POST"))).to.deep.equal([]);
            expect((await sim().templates()).length).to.equal(count);
            expect((await sim().templates()).find((t) => String(t.id) === id).template).to.equal(declared.template);
        });

        it("fails clearly for an id the app does not have, and creates nothing", async () => {
            const count = (await sim().templates()).length;
            const err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, adoptId: 99999 } as any));
            expect(err.message).to.contain("adoptId").and.to.contain("99999").and.to.contain("50013");
            expect((await sim().templates()).length).to.equal(count);
        });
    });

    describe("after the adoption, while the program still declares adoptId", () => {
        const adopted = { ...PROVIDER, ...OTP, adoptId: 10001, tempId: 10001, status: "approved", statusCode: 1 };

        it("refuses a change that needs a replacement, which would adopt and then delete the same template", async () => {
            const err = await captureError(
                handlers.template.diff(
                    "10001",
                    adopted as any,
                    { ...PROVIDER, ...OTP, template: "新的验证码{{code}}", adoptId: 10001 } as any,
                ),
            );
            expect(err.message).to.contain("template 10001").and.to.contain("Remove adoptId");
            expect(String(err), "printed without a stack trace").to.equal(err.message);
        });

        it("refuses a change of app for the same reason", async () => {
            const err = await captureError(
                handlers.template.diff(
                    "10001",
                    adopted as any,
                    { ...PROVIDER, ...OTP, app: "b", adoptId: 10001 } as any,
                ),
            );
            expect(err.message).to.contain("Remove adoptId");
        });

        it("still updates a rejected template in place, and reports no change when nothing changed", async () => {
            const rejected = { ...adopted, status: "rejected", statusCode: 2 };
            const update = await handlers.template.diff(
                "10001",
                rejected as any,
                { ...PROVIDER, ...OTP, template: "新的验证码{{code}}", adoptId: 10001 } as any,
            );
            expect(update).to.deep.include({ changes: true, replaces: [] });
            const same = await handlers.template.diff(
                "10001",
                adopted as any,
                { ...PROVIDER, ...OTP, adoptId: 10001 } as any,
            );
            expect(same.changes).to.equal(false);
        });

        it("refuses the same way for a signature", async () => {
            const sign = {
                ...PROVIDER,
                sign: "既有签名",
                adoptId: 20001,
                signId: 20001,
                status: "approved",
                statusCode: 1,
                imageDigests: [],
            };
            const err = await captureError(
                handlers.signature.diff("20001", sign as any, { ...PROVIDER, sign: "新签名", adoptId: 20001 } as any),
            );
            expect(err.message).to.contain("signature 20001").and.to.contain("Remove adoptId");
        });
    });

    describe("signature", () => {
        it("adopts a signature whose text matches, with zero writes", async () => {
            const count = (await sim().signs()).length;
            await sim().clearRequests();
            const result = await handlers.signature.create({
                ...PROVIDER,
                sign: "既有签名",
                adoptId: Number(signId),
            } as any);
            expect(result.id).to.equal(signId);
            expectPlainOutputs(result.outs);
            expect(result.outs).to.deep.include({
                sign: "既有签名",
                signId: Number(signId),
                status: "approved",
                statusCode: 1,
            });
            expect((await methods()).every((c) => c.startsWith("GET "))).to.equal(true);
            expect((await sim().signs()).length).to.equal(count);
        });

        it("refuses an approved signature whose text differs, naming both texts, and creates nothing", async () => {
            const count = (await sim().signs()).length;
            await sim().clearRequests();
            const err = await captureError(
                handlers.signature.create({ ...PROVIDER, sign: "别的签名", adoptId: Number(signId) } as any),
            );
            expect(err.message).to.contain(signId).and.to.contain("既有签名").and.to.contain("别的签名");
            expect((await methods()).every((c) => c.startsWith("GET "))).to.equal(true);
            expect((await sim().signs()).length).to.equal(count);
        });

        it("fails clearly for an id the app does not have", async () => {
            const err = await captureError(
                handlers.signature.create({ ...PROVIDER, sign: "既有签名", adoptId: 99999 } as any),
            );
            expect(err.message).to.contain("adoptId").and.to.contain("99999").and.to.contain("50102");
        });
    });
});
