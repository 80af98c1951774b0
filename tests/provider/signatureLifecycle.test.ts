/**
 * `SmsSignature` create, read, update and delete against the simulator, and the delete guard: a signature that is
 * in use or the default is never deleted, and the refusal says which one, why, and what to do.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import { handlers } from "./providerRuntime";
import { clientFor } from "./providerRuntime";
import {
    ImageFiles,
    VALID_CREDIT_CODE,
    VALID_ID_NUMBER,
    captureError,
    expectPlainOutputs,
    sha256Of,
    useSimulator,
    writeImageFiles,
    validQualification,
} from "./providerFixtures";

const PROVIDER = { __provider: "serialized provider text" };

describe("provider/signature lifecycle", () => {
    const sim = useSimulator();
    let files: ImageFiles;

    before(() => {
        files = writeImageFiles();
    });

    after(() => files.cleanup());

    // JSMS accepts one pending signature per app (50103): every test starts from an empty app.
    beforeEach(() => sim().reset());

    /** check then create, as the engine does; returns the id and the outputs it would store. */
    async function create(news: Record<string, unknown>) {
        const checked = await handlers.signature.check({} as any, { ...PROVIDER, ...news } as any);
        expect(checked.failures).to.deep.equal([]);
        const result = await handlers.signature.create(checked.inputs as any);
        return {
            id: result.id,
            inputs: checked.inputs as any,
            outs: { ...PROVIDER, ...(result.outs as any) } as Record<string, any>,
        };
    }

    async function live(id: string) {
        return (await sim().signs()).find((s) => String(s.id) === id);
    }

    it("creates: a string id, outputs with no undefined, digests instead of bytes, status pending", async () => {
        const { id, outs } = await create({
            sign: "极光推送",
            type: 1,
            remark: "公司简称",
            images: [files.png, files.jpg],
        });
        expect(id)
            .to.be.a("string")
            .and.to.match(/^[1-9][0-9]*$/);
        expectPlainOutputs(outs);
        expect(outs).to.deep.include({
            sign: "极光推送",
            type: 1,
            remark: "公司简称",
            images: [files.png, files.jpg],
            imageDigests: [sha256Of(files.png), sha256Of(files.jpg)],
            signId: Number(id),
            status: "pending",
            statusCode: 0,
            isDefault: false,
            inUse: false,
        });
        const stored = await live(id);
        expect(stored.sign).to.equal("极光推送");
        expect(stored.images.map((i: { sha256: string }) => i.sha256)).to.deep.equal([
            sha256Of(files.png),
            sha256Of(files.jpg),
        ]);
    });

    it("creates a plain signature with only its text: no undefined, empty digests", async () => {
        const { id, outs } = await create({ sign: "极光" });
        expectPlainOutputs(outs);
        expect(outs).to.deep.include({
            sign: "极光",
            imageDigests: [],
            signId: Number(id),
            status: "pending",
            statusCode: 0,
        });
    });

    it("sends the 2025 qualification fields and files", async () => {
        const { id } = await create({
            sign: "极光推送",
            type: 1,
            qualification: validQualification(files),
        });
        const stored = await live(id);
        expect(stored.qualification).to.deep.include({
            legalPersonName: "张三",
            socialCreditCode: VALID_CREDIT_CODE,
            legalPersonIdNumberSha256: createHash("sha256").update(VALID_ID_NUMBER).digest("hex"),
        });
        const fields = stored.images.map((i: { field: string }) => i.field);
        expect(fields).to.include.members(["idCardImage", "businessLicenseImage"]);
    });

    describe("no change on the next preview, straight after create and after a refresh", () => {
        const inputSets: Record<string, () => Record<string, unknown>> = {
            "text only": () => ({ sign: "极光推送" }),
            "with type and remark": () => ({ sign: "极光推送", type: 6, remark: "品牌" }),
            "with images": () => ({ sign: "极光推送", images: [files.png, files.jpg] }),
            "with a qualification": () => ({
                sign: "极光推送",
                type: 1,
                qualification: validQualification(files),
            }),
        };
        for (const [name, inputs] of Object.entries(inputSets)) {
            it(name, async () => {
                const { id, outs } = await create(inputs());
                await sim().review("signs", id, "approved");
                const again = await handlers.signature.check(outs as any, { ...PROVIDER, ...inputs() } as any);
                expect(await handlers.signature.diff(id, outs as any, again.inputs as any)).to.include({
                    changes: false,
                });
                const read = await handlers.signature.read(id, outs as any);
                const refreshed = { ...PROVIDER, ...read.props } as any;
                const afterRefresh = await handlers.signature.check(
                    read.inputs as any,
                    { ...PROVIDER, ...inputs() } as any,
                );
                expect(await handlers.signature.diff(id, refreshed, afterRefresh.inputs as any)).to.include({
                    changes: false,
                });
            });
        }
    });

    it("reads the approval, the default flag and the usage made at JSMS", async () => {
        const { id, outs } = await create({ sign: "极光推送" });
        await sim().review("signs", id, "approved");
        await sim().usage(id, { inUse: true, isDefault: true });
        const read = await handlers.signature.read(id, outs as any);
        expect(read.id).to.equal(id);
        expectPlainOutputs(read.props);
        expect(read.props).to.deep.include({
            sign: "极光推送",
            status: "approved",
            statusCode: 1,
            isDefault: true,
            inUse: true,
        });
        expect(read.inputs).to.deep.include({ sign: "极光推送" });
    });

    it("reads a signature text changed in the console as drift, in props and in inputs", async () => {
        const { id, outs } = await create({ sign: "极光推送", remark: "公司简称" });
        await sim().editSign(id, { sign: "极光短信", status: "approved" });
        const read = await handlers.signature.read(id, outs as any);
        expect(read.props).to.deep.include({ sign: "极光短信", status: "approved", remark: "公司简称" });
        expect(read.inputs).to.deep.include({ sign: "极光短信", remark: "公司简称" });
        // The declared text now differs from the live one: the next preview shows it (a replacement, as approved).
        const diff = await handlers.signature.diff(
            id,
            read.props as any,
            { ...PROVIDER, ...(read.inputs as any), sign: "极光推送" } as any,
        );
        expect(diff).to.deep.include({ changes: true, replaces: ["sign"] });
    });

    it('reads a signature deleted in the console as gone (id "")', async () => {
        const { id, outs } = await create({ sign: "极光推送" });
        await sim().consoleDelete("signs", id);
        expect((await handlers.signature.read(id, outs as any)).id ?? "").to.equal("");
    });

    it("updates a rejected signature in place (POST /v1/sign/{id}) and resubmits it", async () => {
        const { id, outs } = await create({ sign: "极光推送", images: [files.png] });
        await sim().review("signs", id, "rejected");
        const refreshed = { ...PROVIDER, ...(await handlers.signature.read(id, outs as any)).props } as any;
        expect(refreshed.statusCode).to.equal(2);
        const checked = await handlers.signature.check(refreshed, {
            ...PROVIDER,
            sign: "极光短信",
            images: [files.otherPng],
        } as any);
        const d = await handlers.signature.diff(id, refreshed, checked.inputs as any);
        expect(d.replaces ?? []).to.deep.equal([]);
        await sim().clearRequests();
        const result = await handlers.signature.update(id, refreshed, checked.inputs as any);
        const requests = (await sim().requests()).map((r) => `${r.method} ${r.path}`);
        expect(requests).to.include(`POST /v1/sign/${id}`);
        expect(requests).not.to.include("POST /v1/sign");
        expectPlainOutputs(result.outs);
        expect(result.outs).to.deep.include({
            sign: "极光短信",
            imageDigests: [sha256Of(files.otherPng)],
            status: "pending",
            statusCode: 0,
        });
        const stored = await live(id);
        expect(stored.sign).to.equal("极光短信");
        expect(stored.status).to.equal(0);
        expect(stored.images.map((i: { sha256: string }) => i.sha256)).to.deep.equal([sha256Of(files.otherPng)]);
    });

    it("takes an image renamed with the same content as an update without any write", async () => {
        const { id, outs } = await create({ sign: "极光推送", images: [files.png] });
        await sim().review("signs", id, "approved");
        const checked = await handlers.signature.check(
            outs as any,
            { ...PROVIDER, sign: "极光推送", images: [files.pngRenamed] } as any,
        );
        const d = await handlers.signature.diff(id, outs as any, checked.inputs as any);
        expect(d.replaces ?? []).to.deep.equal([]);
        await sim().clearRequests();
        const result = await handlers.signature.update(id, outs as any, checked.inputs as any);
        expect((await sim().requests()).map((r) => r.method)).to.deep.equal(["GET"]);
        expect(result.outs).to.deep.include({
            images: [files.pngRenamed],
            imageDigests: [sha256Of(files.png)],
            status: "approved",
        });
    });

    it("fails an update of a signature no longer rejected with an error that says to refresh", async () => {
        const { id, outs } = await create({ sign: "极光推送" });
        await sim().review("signs", id, "rejected");
        const stale = { ...PROVIDER, ...(await handlers.signature.read(id, outs as any)).props } as any;
        await sim().review("signs", id, "approved");
        const checked = await handlers.signature.check(stale, { ...PROVIDER, sign: "极光短信" } as any);
        const err = await captureError(handlers.signature.update(id, stale, checked.inputs as any));
        expect(err.message).to.contain(id).and.to.contain("pulumi refresh");
        expect((await live(id)).sign).to.equal("极光推送");
    });

    it("deletes a plain signature", async () => {
        const { id, outs } = await create({ sign: "极光推送" });
        await sim().review("signs", id, "approved");
        await handlers.signature.delete(id, outs as any);
        expect(await live(id)).to.equal(undefined);
    });

    it("treats deleting an already-deleted signature as success", async () => {
        const { id, outs } = await create({ sign: "极光推送" });
        await sim().consoleDelete("signs", id);
        await handlers.signature.delete(id, outs as any);
        expect(await live(id)).to.equal(undefined);
    });

    describe("delete guard", () => {
        const cases = [
            { usage: { inUse: true, isDefault: false }, reason: "in use" },
            { usage: { inUse: false, isDefault: true }, reason: "default" },
            { usage: { inUse: true, isDefault: true }, reason: "default" },
        ];
        for (const { usage, reason } of cases) {
            it(`refuses to delete a signature with ${JSON.stringify(usage)}, says why and what to do, and keeps it`, async () => {
                const { id, outs } = await create({ sign: "极光推送" });
                await sim().review("signs", id, "approved");
                await sim().usage(id, usage);
                await sim().clearRequests();
                const err = await captureError(handlers.signature.delete(id, outs as any));
                expect(err.message)
                    .to.contain(id)
                    .and.to.contain("极光推送")
                    .and.to.contain(reason)
                    .and.to.contain("retainOnDelete");
                // The engine prints `${err}: ${err.stack}` for a failed delete: the instructions must lead it.
                expect(String(err)).to.contain("retainOnDelete");
                expect(await live(id)).not.to.equal(undefined);
                // Refused before asking JSMS to delete anything.
                expect((await sim().requests()).map((r) => r.method)).not.to.include("DELETE");
            });
        }

        it("refuses with the same advice when JSMS itself answers 50105 (usage changed after the check)", async () => {
            const { id, outs } = await create({ sign: "极光推送" });
            await sim().review("signs", id, "approved");
            // The GET the guard makes sees a plain signature; JSMS refuses the DELETE because it became the default.
            const c = clientFor(undefined); // the cached client the handlers use for the default app
            const getSignature = c.getSignature.bind(c);
            (c as any).getSignature = async (n: number) => {
                const info = await getSignature(n);
                await sim().usage(id, { inUse: false, isDefault: true });
                return info;
            };
            try {
                const err = await captureError(handlers.signature.delete(id, outs as any));
                expect(err.message).to.contain(id).and.to.contain("50105").and.to.contain("retainOnDelete");
            } finally {
                delete (c as any).getSignature;
            }
            expect(await live(id)).not.to.equal(undefined);
        });

        it("deletes the signature once it is no longer used", async () => {
            const { id, outs } = await create({ sign: "极光推送" });
            await sim().review("signs", id, "approved");
            await sim().usage(id, { inUse: true, isDefault: false });
            await captureError(handlers.signature.delete(id, outs as any));
            await sim().usage(id, { inUse: false, isDefault: false });
            await handlers.signature.delete(id, outs as any);
            expect(await live(id)).to.equal(undefined);
        });
    });
});
