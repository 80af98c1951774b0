/**
 * `waitForReview`: create polls until the review ends. Approved → a normal create; rejected or timed out → Pulumi's
 * partial-failure error (`id`, `properties`, `reasons`) so the object is recorded, never orphaned, and the next
 * `pulumi up` (an update with unchanged inputs) re-checks it.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import { Sim, captureError, eventually, expectPlainOutputs, useSimulator } from "./providerFixtures";
import { seedApprovedSignature } from "./providerSeeds";

const PROVIDER = { __provider: "serialized provider text" };
const FAST = { timeoutSeconds: 5, pollIntervalSeconds: 0.01 };

let copyNumber = 0;
/** A distinct verification template per test, so the test can find its template in the simulator's state. */
function otp(): Record<string, unknown> {
    copyNumber += 1;
    return { template: `第${copyNumber}号：您的验证码是{{code}}，5分钟内有效`, type: 1, ttl: 300 };
}

/** Waits until the provider has created the template with this copy, and returns its id. */
function createdId(sim: Sim, template: unknown): Promise<string> {
    return eventually(async () => {
        const found = (await sim.templates()).find((t) => t.template === template);
        return found ? String(found.id) : undefined;
    }, `the template "${template}" to be created`);
}

describe("provider/waitForReview", () => {
    describe("with reviews made through /_sim while the provider polls", () => {
        const sim = useSimulator();

        before(async () => {
            await seedApprovedSignature(sim());
        });

        it("returns an approved template once the review approves it", async () => {
            const copy = otp();
            const creating = handlers.template.create({ ...PROVIDER, ...copy, waitForReview: FAST } as any);
            const id = await createdId(sim(), copy.template);
            await sim().review("templates", id, "approved");
            const result = await creating;
            expect(result.id).to.equal(id);
            expectPlainOutputs(result.outs);
            expect(result.outs).to.deep.include({ ...copy, status: "approved", statusCode: 1, waitForReview: FAST });
        });

        it("throws a partial failure (id, properties, reasons) on rejection, and the template stays", async () => {
            const copy = otp();
            const creating = captureError(
                handlers.template.create({ ...PROVIDER, ...copy, waitForReview: FAST } as any),
            );
            const id = await createdId(sim(), copy.template);
            await sim().review("templates", id, "rejected");
            const err = await creating;
            expect(err.id).to.equal(id);
            expectPlainOutputs(err.properties);
            expect(err.properties).to.deep.include({ ...copy, tempId: Number(id), status: "rejected", statusCode: 2 });
            // The engine records these properties as they are: without __provider, refresh and destroy could not run.
            expect(err.properties.__provider).to.equal(PROVIDER.__provider);
            expect(err.reasons).to.be.an("array").that.is.not.empty;
            expect(err.reasons.join(" ")).to.contain(id).and.to.contain("rejected");
            expect(err.message).to.contain("rejected");
            expect((await sim().templates()).some((t) => String(t.id) === id)).to.equal(true);
        });

        it("throws a partial failure with status pending on timeout; the next update re-checks and succeeds", async () => {
            const copy = otp();
            const news = { ...PROVIDER, ...copy, waitForReview: { timeoutSeconds: 0.1, pollIntervalSeconds: 0.02 } };
            const started = Date.now();
            const err = await captureError(handlers.template.create(news as any));
            expect(Date.now() - started).to.be.lessThan(3000);
            expect(err.id).to.be.a("string").and.not.equal("");
            expect(err.properties).to.deep.include({
                ...copy,
                status: "pending",
                statusCode: 0,
                __provider: PROVIDER.__provider,
            });
            expect(err.reasons.join(" ")).to.contain("under review").and.to.contain("pulumi up");
            const id: string = err.id;
            expect((await sim().templates()).find((t) => String(t.id) === id)?.status).to.equal(0);

            // Next `pulumi up`: the engine calls update with the recorded properties and the unchanged inputs.
            await sim().review("templates", id, "approved");
            await sim().clearRequests();
            const result = await handlers.template.update(id, { ...PROVIDER, ...err.properties }, news as any);
            expect(result.outs).to.deep.include({ ...copy, status: "approved", statusCode: 1 });
            expect((await sim().requests()).every((r) => r.method === "GET")).to.equal(true);
        });

        it("re-checks a rejected template on the next update and fails again while it stays rejected", async () => {
            const copy = otp();
            const news = { ...PROVIDER, ...copy, waitForReview: FAST };
            const creating = captureError(handlers.template.create(news as any));
            const id = await createdId(sim(), copy.template);
            await sim().review("templates", id, "rejected");
            const err = await creating;
            const again = await captureError(
                handlers.template.update(id, { ...PROVIDER, ...err.properties }, news as any),
            );
            expect(again.id).to.equal(id);
            expect(again.properties).to.deep.include({ status: "rejected", statusCode: 2 });
        });

        it("waits for a signature review too, and reports a rejection as a partial failure", async () => {
            const creating = captureError(
                handlers.signature.create({ ...PROVIDER, sign: "等待审核", waitForReview: FAST } as any),
            );
            const id = await eventually(async () => {
                const found = (await sim().signs()).find((s) => s.sign === "等待审核");
                return found ? String(found.id) : undefined;
            }, "the signature to be created");
            await sim().review("signs", id, "rejected");
            const err = await creating;
            expect(err.id).to.equal(id);
            expect(err.properties).to.deep.include({ sign: "等待审核", status: "rejected", statusCode: 2 });
            expect(err.reasons.join(" ")).to.contain("等待审核");
            expect((await sim().signs()).some((s) => String(s.id) === id)).to.equal(true);
        });

        it("does not wait when waitForReview is off: create returns pending at once", async () => {
            const result = await handlers.template.create({ ...PROVIDER, ...otp() } as any);
            expect(result.outs).to.deep.include({ status: "pending", statusCode: 0 });
        });
    });

    describe("with a simulator that approves on its own after a delay", () => {
        // The review takes 1 s, a hundred poll intervals: the create sees it pending at least once even when a busy
        // machine delays its first status read.
        const sim = useSimulator({ review: "approve", reviewDelayMs: 1000 });

        before(async () => {
            // The automatic review approves the seed signature too, after the same delay.
            const seed = await handlers.signature.create({ ...PROVIDER, sign: "自动审核", waitForReview: FAST } as any);
            expect(seed.outs).to.deep.include({ status: "approved" });
        });

        it("create returns the template approved", async () => {
            const copy = otp();
            const result = await handlers.template.create({ ...PROVIDER, ...copy, waitForReview: FAST } as any);
            expect(result.outs).to.deep.include({ ...copy, status: "approved", statusCode: 1 });
            const polls = (await sim().requests()).filter(
                (r) => r.method === "GET" && r.path === `/v1/templates/${result.id}`,
            );
            expect(polls.length).to.be.greaterThan(1);
        });
    });
});
