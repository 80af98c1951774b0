/**
 * The shared, adaptive request budget and the create faults, over real HTTP against the simulator: each test starts
 * its own simulator, so its endpoint (and with it the budget) is new. Counts come from the simulator's request log.
 */
import { expect } from "chai";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../simulator";
import { CLIENT_DEFAULTS, JsmsClient } from "../../provider/client/jsmsClient";
import { RATE_ADAPTATION, requestBudgetFor } from "../../provider/client/requestBudgets";
import { TemplateFields } from "../../provider/client/types";
import { APP_KEY, MASTER_SECRET, expectJsmsError, fastClient, SECRET_STRINGS } from "./clientFixtures";

const OTHER_APP = { appKey: "otherappkey0000000000002", masterSecret: "othermastersecret000002" };
const NOTICE: TemplateFields = { template: "您的订单{{order}}已发货", type: 2 };

/** One entry of `GET /_sim/requests`. */
interface LoggedRequest {
    method: string;
    path: string;
    status: number;
    code: number;
    fault?: string;
}

/**
 * The highest rate a limiter can show `elapsedMs` after it found a vendor limit of `limit` req/s: it cuts to at most
 * the limit, then each second of paced successes adds at most increasePerSecond (a busy machine only lengthens this).
 */
function mostAfterCut(limit: number, elapsedMs: number): number {
    return limit + (RATE_ADAPTATION.increasePerSecond * elapsedMs) / 1000;
}

describe("client: the shared, adaptive request budget (against the simulator)", function () {
    this.timeout(30_000);
    let sim: RunningSimulator;
    const open: JsmsClient[] = [];
    const started: RunningSimulator[] = [];

    async function start(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
        sim = await startSimulator({ apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }, OTHER_APP], ...options });
        started.push(sim);
        return sim;
    }

    /** The process's request budget of `appKey` at this test's simulator (what every client of that app draws on). */
    function budget(appKey = APP_KEY) {
        return requestBudgetFor(sim.url, appKey, Number.POSITIVE_INFINITY).stats();
    }

    function client(overrides: Parameters<typeof fastClient>[1] = {}): JsmsClient {
        const c = fastClient(sim.url, overrides);
        open.push(c);
        return c;
    }

    async function control(method: string, path: string, body?: unknown): Promise<any> {
        const response = await fetch(`${sim.url}${path}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        expect(response.status, path).to.equal(200);
        return response.json();
    }

    async function log(): Promise<LoggedRequest[]> {
        return control("GET", "/_sim/requests");
    }

    afterEach(async () => {
        for (const c of open.splice(0)) await c.close();
        for (const s of started.splice(0)) await s.close();
    });

    it("starts at maxRequestsPerSecond, unpaced (no maximum) by default", async () => {
        await start();
        client();
        expect(budget()).to.include({
            maxPerSecond: Number.POSITIVE_INFINITY,
            learnedPerSecond: Number.POSITIVE_INFINITY,
        });
        expect(CLIENT_DEFAULTS.maxRequestsPerSecond).to.equal(Number.POSITIVE_INFINITY);
        await start();
        client({ maxRequestsPerSecond: 0 });
        expect(budget().maxPerSecond).to.equal(Number.POSITIVE_INFINITY);
        await start();
        client({ maxRequestsPerSecond: 7.5 });
        expect(budget()).to.include({ maxPerSecond: 7.5, learnedPerSecond: 7.5 });
    });

    it("learns the limit from the first refusals when it starts unpaced", async () => {
        await start({ rateLimitPerSecond: 10 });
        const c = client();
        const started = Date.now();
        await Promise.all(Array.from({ length: 30 }, () => c.getAppBalance()));
        const stats = budget();
        expect(stats.learnedPerSecond).to.be.within(
            10 * RATE_ADAPTATION.decreaseFactor ** 2,
            mostAfterCut(10, Date.now() - started),
        );
        // At most maxConcurrency (8) in flight when the first refusal came back, then paced: a bounded number of refusals.
        expect(stats.refused).to.be.within(1, 25);
    });

    it("lowers the rate on 50009 to just under the vendor's limit, and every call succeeds", async () => {
        await start({ rateLimitPerSecond: 10 });
        const c = client({ maxRequestsPerSecond: 40 });
        const started = Date.now();
        await Promise.all(Array.from({ length: 40 }, () => c.getAppBalance()));
        const elapsed = Date.now() - started;
        const stats = budget();
        const refusals = (await log()).filter((e) => e.code === 50009).length;
        expect(stats.refused).to.equal(refusals);
        expect(refusals).to.be.within(1, 12);
        expect(stats.learnedPerSecond).to.be.within(
            10 * RATE_ADAPTATION.decreaseFactor ** 2,
            mostAfterCut(10, elapsed),
        );
        // 10 go through in the first second, the other 30 at the learned pace: about 3 s (a busy machine only adds).
        expect(elapsed).to.be.at.least(2500);
    });

    it("raises the rate again, additively, while paced calls succeed", async () => {
        await start({ rateLimitPerSecond: 4 });
        const c = client({ maxRequestsPerSecond: 20 });
        await Promise.all(Array.from({ length: 12 }, () => c.getAppBalance()));
        const learned = budget().learnedPerSecond;
        expect(learned, "cut well below the 20 it started at").to.be.below(10);
        await control("PUT", "/_sim/faults", { rateLimitPerSecond: 0 });
        await Promise.all(Array.from({ length: 16 }, () => c.getAppBalance()));
        const raised = budget().learnedPerSecond;
        // Each paced success adds increasePerSecond / rate (about +1 req/s per second of them): it rose, by at most
        // what 16 successes at the lower rate can add (counted, not timed), far from the 20 a multiplicative rise reaches.
        expect(raised).to.be.above(learned);
        expect(raised - learned).to.be.at.most((16 * RATE_ADAPTATION.increasePerSecond) / learned + 1e-9);
        expect(raised).to.be.below(20);
    });

    it("shares one budget between concurrent callers and clients of the same app, and not with another app", async () => {
        await start({ rateLimitPerSecond: 10 });
        const first = client({ maxRequestsPerSecond: 10 });
        const second = client({ maxRequestsPerSecond: 10 });
        const other = client({
            appKey: OTHER_APP.appKey,
            masterSecret: OTHER_APP.masterSecret,
            maxRequestsPerSecond: 10,
        });
        const started = Date.now();
        await Promise.all([
            ...Array.from({ length: 15 }, () => first.getAppBalance()),
            ...Array.from({ length: 15 }, () => second.getAppBalance()),
        ]);
        const elapsed = Date.now() - started;
        // 30 requests through one 10 req/s budget take about 3 s; two budgets would have taken half that.
        expect(elapsed).to.be.at.least(2500);
        expect(budget().sent).to.equal((await log()).length);
        await other.getAppBalance();
        // The simulator's limit is global, so the other app may be refused once too; but it has its own count.
        const otherBudget = budget(OTHER_APP.appKey);
        expect(otherBudget.sent - otherBudget.refused).to.equal(1);
        // The budget is keyed without anything printable from the credentials.
        const shown = JSON.stringify(budget()) + JSON.stringify(first);
        for (const secret of SECRET_STRINGS) expect(shown).not.to.contain(secret);
    });

    it("retries a create answered 50009 and creates exactly one template", async () => {
        await start({ rateLimitPerSecond: 1 });
        const c = client();
        await c.createSignature({ sign: "极光推送" });
        const id = await c.createTemplate(NOTICE);
        const state = await control("GET", "/_sim/state");
        expect(state.templates.map((t: { id: number }) => t.id)).to.deep.equal([id]);
        const posts = (await log()).filter((e) => e.path === "/v1/templates");
        expect(posts.filter((e) => e.code === 50009).length).to.be.at.least(1);
        expect(posts.filter((e) => e.code === 50000)).to.have.length(1);
    });

    describe("creates that may have reached JSMS are not retried, and the simulator shows why", () => {
        for (const [fault, failure, extra] of [
            ["insert-then-error", "response", {}],
            ["insert-then-slow", "timeout", { createFaultDelayMs: 2000 }],
            ["insert-then-drop", "network", {}],
        ] as const) {
            it(`${fault}: fails with "may have been created" after one request, and the template exists`, async () => {
                await start();
                const c = client({ requestTimeoutMs: 400 });
                await c.createSignature({ sign: "极光推送" });
                await control("PUT", "/_sim/faults", { createFault: fault, createFaultCount: 1, ...extra });
                const error = await expectJsmsError(c.createTemplate(NOTICE));
                expect(error.failure).to.equal(failure);
                expect(error.retryable).to.equal(false);
                expect(error.message).to.contain("may have been created").and.to.contain("adoptId");
                const posts = (await log()).filter((e) => e.path === "/v1/templates");
                expect(posts).to.have.length(1);
                expect(posts[0].fault).to.equal(fault);
                expect((await control("GET", "/_sim/state")).templates).to.have.length(1);
            });
        }
    });

    it("says a wait is for a connection, not the rate, while nothing is paced", async () => {
        await start({ latencyMs: 250 });
        const notices: string[] = [];
        const c = client({ maxConcurrency: 1, waitNoticeMs: 300, onWait: (message) => notices.push(message) });
        await Promise.all(Array.from({ length: 4 }, () => c.getAppBalance()));
        expect(notices.length).to.be.at.least(1);
        expect(notices[0]).to.match(
            /^waiting for a free connection to JSMS \(jsms:maxConcurrency\): the app balance has waited \d+ s/,
        );
    });

    it("tells onWait about long waits, with the learned rate, at most once per waitNoticeMs", async () => {
        await start();
        const notices: string[] = [];
        const c = client({ maxRequestsPerSecond: 4, waitNoticeMs: 400, onWait: (message) => notices.push(message) });
        await c.getAppBalance();
        expect(notices, "a call that does not wait says nothing").to.deep.equal([]);
        const started = Date.now();
        await Promise.all(Array.from({ length: 10 }, () => c.getAppBalance()));
        const elapsed = Date.now() - started;
        expect(notices.length).to.be.within(2, Math.ceil(elapsed / 400));
        expect(notices[0]).to.match(
            /^waiting for the JSMS rate limit \(learned ≈ 4\.\d req\/s\): the app balance has waited \d+ s, \d+ more requests? waiting$/,
        );
    });

    it("names the client's subject in its wait notices", async () => {
        await start();
        const lines: string[] = [];
        const c = client({
            maxRequestsPerSecond: 2,
            waitNoticeMs: 300,
            subject: 'template "otp"',
            onWait: (message) => lines.push(message),
        });
        await Promise.all(Array.from({ length: 4 }, () => c.getAppBalance()));
        expect(lines.length).to.be.at.least(1);
        expect(lines[0]).to.match(
            /^waiting for the JSMS rate limit \(learned ≈ 2\.0 req\/s\): template "otp" has waited \d+ s/,
        );
    });

    it("drops queued requests once its signal aborts, and sends nothing after", async () => {
        await start();
        const controller = new AbortController();
        const c = client({ maxRequestsPerSecond: 2, signal: controller.signal });
        const calls = Array.from({ length: 8 }, () =>
            c.getAppBalance().then(
                () => "done",
                (error: unknown) => error,
            ),
        );
        await new Promise((resolve) => setTimeout(resolve, 700));
        controller.abort(new Error("the Pulumi engine is gone (test)"));
        const outcomes = await Promise.all(calls);
        const sentBefore = (await log()).length;
        expect(outcomes.filter((o) => o === "done").length).to.equal(sentBefore);
        expect(sentBefore).to.be.within(1, 3);
        const dropped = outcomes.filter((o) => o !== "done") as Array<{ failure: string; message: string }>;
        expect(dropped).to.have.length(8 - sentBefore);
        for (const error of dropped) {
            expect(error.failure).to.equal("aborted");
            expect(error.message).to.equal(
                "JSMS request GET /v1/accounts/app for the app balance was not sent: the Pulumi engine is gone (test).",
            );
        }
        const late = await expectJsmsError(c.getAppBalance());
        expect(late.failure).to.equal("aborted");
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect((await log()).length).to.equal(sentBefore);
    });
});
