/**
 * `SmsTemplate` create, read, update and delete against the simulator over loopback, called the way the engine
 * calls them: checked inputs (with `__provider`) for create, and the stored OUTPUTS as `olds`/`props` afterwards.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import { clientFor } from "./providerRuntime";
import { captureError, expectPlainOutputs, useSimulator, Sim } from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";

const PROVIDER = { __provider: "serialized provider text" };
const OTP = { template: "您好，您的验证码是{{code}}，5分钟内有效！", type: 1, ttl: 300, remark: "用户注册" };

describe("provider/template lifecycle", () => {
    const sim = useSimulator();

    before(async () => {
        // JSMS refuses templates in an app without a signature (50046).
        await seedApprovedSignature(sim());
    });

    /** Checks then creates a template from `inputs`, as the engine does; returns the id and outputs it would store. */
    async function create(inputs: Record<string, unknown> = OTP) {
        const checked = await handlers.template.check({}, { ...PROVIDER, ...inputs } as any);
        expect(checked.failures).to.deep.equal([]);
        const result = await handlers.template.create(checked.inputs as any);
        return { id: result.id, outs: { ...PROVIDER, ...(result.outs as Record<string, any>) } as Record<string, any> };
    }

    async function live(s: Sim, id: string) {
        return (await s.templates()).find((t) => String(t.id) === id);
    }

    it("creates: a string id, outputs with every input and no undefined, status pending", async () => {
        const { id, outs } = await create();
        expect(id)
            .to.be.a("string")
            .and.to.match(/^[1-9][0-9]*$/);
        expectPlainOutputs(outs);
        expect(outs).to.deep.include({ ...OTP, tempId: Number(id), status: "pending", statusCode: 0 });
        expect((await live(sim(), id))?.template).to.equal(OTP.template);
    });

    it("creates a template without ttl and remark and leaves them out of the outputs", async () => {
        const notice = { template: "您的订单{{orderNo}}已发货", type: 2 };
        const { id, outs } = await create(notice);
        expectPlainOutputs(outs);
        expect(outs).not.to.have.property("ttl");
        expect(outs).not.to.have.property("remark");
        expect(outs).to.deep.include({ ...notice, tempId: Number(id), status: "pending", statusCode: 0 });
    });

    it("keeps a declared waitForReview: false in the outputs and leaves an undeclared app out", async () => {
        const { outs } = await create({ ...OTP, waitForReview: false });
        expect(outs.waitForReview).to.equal(false);
        expect(outs).not.to.have.property("app");
    });

    describe("no change on the next preview, straight after create and after a refresh", () => {
        const inputSets: Record<string, Record<string, unknown>> = {
            "verification code": OTP,
            "notification without ttl or remark": { template: "您的订单{{orderNo}}已发货", type: 2 },
            "marketing with a link": {
                template: "双十一五折，详见{{url}}",
                type: 3,
                remark: "https://shop.example.com/sale",
            },
            "with waitForReview off": { ...OTP, waitForReview: false },
        };
        for (const [name, inputs] of Object.entries(inputSets)) {
            it(name, async () => {
                const { id, outs } = await create(inputs);
                await sim().review("templates", id, "approved");
                const again = await handlers.template.check(outs as any, { ...PROVIDER, ...inputs } as any);
                expect(await handlers.template.diff(id, outs as any, again.inputs as any)).to.include({
                    changes: false,
                });
                const read = await handlers.template.read(id, outs as any);
                const refreshed = { ...PROVIDER, ...read.props } as any;
                const afterRefresh = await handlers.template.check(
                    read.inputs as any,
                    { ...PROVIDER, ...inputs } as any,
                );
                expect(await handlers.template.diff(id, refreshed, afterRefresh.inputs as any)).to.include({
                    changes: false,
                });
            });
        }
    });

    it("reads the approval made at JSMS", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "approved");
        const read = await handlers.template.read(id, outs as any);
        expect(read.id).to.equal(id);
        expectPlainOutputs(read.props);
        expect(read.props).to.deep.include({ ...OTP, tempId: Number(id), status: "approved", statusCode: 1 });
        expect(read.inputs).to.deep.include(OTP);
    });

    it("reads a rejection made at JSMS", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "rejected");
        const read = await handlers.template.read(id, outs as any);
        expect(read.props).to.deep.include({ status: "rejected", statusCode: 2 });
    });

    it("reads a copy changed in the console into both props and inputs, so the next diff shows it", async () => {
        const { id, outs } = await create();
        await sim().editTemplate(id, { template: "控制台改过的验证码{{code}}", ttl: 120, remark: "控制台备注" });
        const read = await handlers.template.read(id, outs as any);
        const drifted = { template: "控制台改过的验证码{{code}}", type: 1, ttl: 120, remark: "控制台备注" };
        expect(read.props).to.deep.include(drifted);
        expect(read.inputs).to.deep.include(drifted);
        expectPlainOutputs(read.inputs);
        const d = await handlers.template.diff(id, { ...PROVIDER, ...(read.props as any) }, {
            ...PROVIDER,
            ...OTP,
        } as any);
        expect(d.changes).to.equal(true);
        expect(d.replaces).to.include("template");
    });

    it('reads a template deleted in the console as gone (id "")', async () => {
        const { id, outs } = await create();
        await sim().consoleDelete("templates", id);
        const read = await handlers.template.read(id, outs as any);
        expect(read.id ?? "").to.equal("");
        expect(read.props).to.equal(undefined);
    });

    it("updates a rejected template with PUT and resubmits it (pending again)", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "rejected");
        const refreshed = { ...PROVIDER, ...(await handlers.template.read(id, outs as any)).props } as any;
        const news = { ...PROVIDER, ...OTP, template: "您的验证码是{{code}}，请勿告诉他人。" };
        await sim().clearRequests();
        const result = await handlers.template.update(id, refreshed, news as any);
        const requests = (await sim().requests()).map((r) => `${r.method} ${r.path}`);
        expect(requests).to.include(`PUT /v1/templates/${id}`);
        expect(requests.filter((r) => r.startsWith("POST"))).to.deep.equal([]);
        expectPlainOutputs(result.outs);
        expect(result.outs).to.deep.include({
            template: news.template,
            tempId: Number(id),
            status: "pending",
            statusCode: 0,
        });
        const stored = await live(sim(), id);
        expect(stored.template).to.equal(news.template);
        expect(stored.status).to.equal(0);
    });

    it("fails an update of a template no longer rejected with an error that says to refresh", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "rejected");
        const stale = { ...PROVIDER, ...(await handlers.template.read(id, outs as any)).props } as any;
        await sim().review("templates", id, "approved"); // reviewed again since the last refresh
        const news = { ...PROVIDER, ...OTP, template: "新的验证码{{code}}" };
        const err = await captureError(handlers.template.update(id, stale, news as any));
        expect(err.message).to.contain(id).and.to.contain("pulumi refresh").and.to.contain("50047");
        expect((await live(sim(), id)).template).to.equal(OTP.template);
    });

    it("update with no change of copy only re-reads the status (no write)", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "approved");
        await sim().clearRequests();
        const result = await handlers.template.update(
            id,
            outs as any,
            { ...PROVIDER, ...OTP, waitForReview: false } as any,
        );
        expect((await sim().requests()).map((r) => r.method)).to.deep.equal(["GET"]);
        expect(result.outs).to.deep.include({ status: "approved", statusCode: 1, waitForReview: false });
    });

    it("deletes, and the template is gone at JSMS", async () => {
        const { id, outs } = await create();
        await handlers.template.delete(id, outs as any);
        expect(await live(sim(), id)).to.equal(undefined);
        expect((await handlers.template.read(id, outs as any)).id ?? "").to.equal("");
    });

    it("deletes an approved template", async () => {
        const { id, outs } = await create();
        await sim().review("templates", id, "approved");
        await handlers.template.delete(id, outs as any);
        expect(await live(sim(), id)).to.equal(undefined);
    });

    it("treats deleting an already-deleted template as success", async () => {
        const { id, outs } = await create();
        await sim().consoleDelete("templates", id);
        await handlers.template.delete(id, outs as any);
        await sim().clearRequests();
        await handlers.template.delete(id, outs as any);
        expect((await sim().requests()).map((r) => r.code)).to.deep.equal([50013]);
    });

    it("creates with one request: a template JSMS has just accepted is under review, so nothing is read", async () => {
        await sim().clearRequests();
        const { outs } = await handlers.template.create({ ...PROVIDER, ...OTP } as any);
        expect((await sim().requests()).map((r) => `${r.method} ${r.path}`)).to.deep.equal(["POST /v1/templates"]);
        expect(outs).to.deep.include({ status: "pending", statusCode: 0 });
    });

    it("records a created template even when reading its status fails (partial failure, nothing orphaned)", async () => {
        const client = clientFor(undefined); // the cached client the handlers use for the default app
        (client as any).getTemplate = async () => {
            throw new Error("connection reset while reading the review status");
        };
        let err;
        try {
            const waitForReview = { timeoutSeconds: 5, pollIntervalSeconds: 0.01 };
            err = await captureError(handlers.template.create({ ...PROVIDER, ...OTP, waitForReview } as any));
        } finally {
            delete (client as any).getTemplate;
        }
        expect(err.id)
            .to.be.a("string")
            .and.match(/^[1-9][0-9]*$/);
        expectPlainOutputs(err.properties);
        expect(err.properties).to.deep.include({ ...OTP, tempId: Number(err.id), status: "pending", statusCode: 0 });
        expect(err.properties).to.have.property("waitForReview");
        expect(err.reasons.join(" ")).to.contain("connection reset").and.to.contain("pulumi up");
        expect(await live(sim(), err.id)).not.to.equal(undefined);
    });

    it("reports a copy JSMS refuses as a clear error naming the code, and records nothing", async () => {
        // Past check (a skipped unknown during preview, say), the vendor's own rules still apply.
        const before = (await sim().templates()).length;
        const err = await captureError(
            handlers.template.create({ ...PROVIDER, template: "【签名】验证码{{code}}", type: 1, ttl: 60 } as any),
        );
        expect(err.message).to.contain("50052");
        expect((await sim().templates()).length).to.equal(before);
    });
});
