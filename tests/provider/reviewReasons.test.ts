/**
 * Why a template or signature was rejected: with `jsms:reviewHookUrl`, the core reads the reason JSMS sent to the
 * review hook and records `rejectReason` and `reviewedAt`; a `waitForReview` rejection names it; a hook that is down
 * keeps the last known values with one warning and fails nothing; without the setting nothing changes.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createRuntime, dynamicMethods, ProviderRuntime } from "../../provider/runtime";
import { startReviewHook, type RunningReviewHook } from "../../reviewhook";
import { APP_KEY, MASTER_SECRET, Sim, captureError, isolateJsmsEnv, startSim, stackConfig } from "./providerFixtures";

const TOKEN = "provider-hook-token-5d1c9e";
const PROVIDER = { __provider: "serialized provider text" };
const REASON = "验证码模板缺少用途说明，请补充";

describe("provider/review reasons from the review hook", function () {
    this.timeout(30_000);
    let folder: string;
    let hook: RunningReviewHook;
    let sim: Sim;
    let runtime: ProviderRuntime;
    let warnings: string[];
    let restoreEnv: () => void;

    before(async () => {
        restoreEnv = isolateJsmsEnv();
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-provider-hook-"));
        hook = await startReviewHook({
            apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }],
            token: TOKEN,
            databasePath: path.join(folder, "reviews.sqlite"),
            log: () => undefined,
        });
        sim = await startSim({ callbacks: { [APP_KEY]: `${hook.url}/callbacks/${APP_KEY}` } } as never);
        await sign();
    });

    after(async () => {
        await runtime?.close();
        await sim?.close();
        await hook?.close();
        fs.rmSync(folder, { recursive: true, force: true });
        restoreEnv();
    });

    beforeEach(() => {
        warnings = [];
        const config = stackConfig(sim, { "jsms:reviewHookUrl": hook.url, "jsms:reviewHookToken": TOKEN });
        runtime = createRuntime({ get: (key) => config[key] }, { warn: (message) => warnings.push(message) });
    });
    afterEach(() => runtime.close());

    const template = () => dynamicMethods<any, any>(runtime.template as never);

    async function sign() {
        const config = stackConfig(sim);
        const plain = createRuntime({ get: (key) => config[key] });
        const { id } = await dynamicMethods<any, any>(plain.signature as never).create({
            ...PROVIDER,
            sign: "极光推送",
        });
        await sim.review("signs", id, "approved");
        await plain.close();
    }

    async function rejectWithReason(id: string) {
        const res = await fetch(`${sim.url}/_sim/templates/${id}/review`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ status: "rejected", reason: REASON }),
        });
        expect(res.status).to.equal(200);
    }

    async function create(extra: Record<string, unknown> = {}) {
        const checked = await template().check(
            {},
            { ...PROVIDER, template: "您的验证码是{{code}}", type: 1, ttl: 300, ...extra },
        );
        expect(checked.failures).to.deep.equal([]);
        return checked.inputs;
    }

    it("records the reason and the time of a rejection on refresh; a pending template has none", async () => {
        const { id, outs } = await template().create(await create());
        expect(outs).to.include({ status: "pending", rejectReason: "", reviewedAt: "" });
        await rejectWithReason(id);
        let read: any;
        for (const started = Date.now(); Date.now() - started < 5000; await new Promise((r) => setTimeout(r, 50))) {
            read = await template().read(id, { ...PROVIDER, ...outs });
            if (read.props.rejectReason) break;
        }
        expect(read.props).to.include({ status: "rejected", rejectReason: REASON });
        expect(Date.parse(read.props.reviewedAt)).to.be.closeTo(Date.now(), 60_000);
        expect(warnings).to.deep.equal([]);
    });

    it("names the reason in the waitForReview rejection", async () => {
        const inputs = await create({
            template: "您的登录验证码是{{code}}",
            waitForReview: { timeoutSeconds: 10, pollIntervalSeconds: 0.3 },
        });
        const creating = template().create(inputs);
        let id: number | undefined;
        for (
            const started = Date.now();
            id === undefined && Date.now() - started < 5000;
            await new Promise((r) => setTimeout(r, 20))
        ) {
            id = (await sim.templates()).find((t) => t.template === "您的登录验证码是{{code}}")?.id;
        }
        await rejectWithReason(String(id));
        const err = await captureError(creating);
        expect(err.reasons.join(" ")).to.contain(REASON);
        expect(err.properties).to.include({ rejectReason: REASON, status: "rejected" });
    });

    it("keeps the last known reason with one warning when the hook is down, and never fails", async () => {
        const { id, outs } = await template().create(await create({ template: "您的注册验证码是{{code}}" }));
        await rejectWithReason(id);
        let known: any;
        for (const started = Date.now(); Date.now() - started < 5000; await new Promise((r) => setTimeout(r, 50))) {
            known = (await template().read(id, { ...PROVIDER, ...outs })).props;
            if (known.rejectReason) break;
        }
        const config = stackConfig(sim, { "jsms:reviewHookUrl": "http://127.0.0.1:9", "jsms:reviewHookToken": TOKEN });
        const down = createRuntime({ get: (key) => config[key] }, { warn: (message) => warnings.push(message) });
        try {
            const methods = dynamicMethods<any, any>(down.template as never);
            const first = await methods.read(id, { ...PROVIDER, ...known });
            await methods.read(id, { ...PROVIDER, ...known });
            expect(first.props).to.include({ status: "rejected", rejectReason: REASON, reviewedAt: known.reviewedAt });
            expect(warnings).to.have.length(1);
            expect(warnings[0]).not.to.contain(TOKEN);
        } finally {
            await down.close();
        }
    });

    it("adds nothing without jsms:reviewHookUrl", async () => {
        const config = stackConfig(sim);
        const plain = createRuntime({ get: (key) => config[key] });
        try {
            const { outs } = await dynamicMethods<any, any>(plain.template as never).create(
                await create({ template: "您的绑定验证码是{{code}}" }),
            );
            expect(outs).not.to.have.property("rejectReason");
            expect(outs).not.to.have.property("reviewedAt");
        } finally {
            await plain.close();
        }
    });

    it("reports a hook URL without its token as a setting problem", async () => {
        const config = stackConfig(sim, { "jsms:reviewHookUrl": hook.url });
        const broken = createRuntime({ get: (key) => config[key] });
        const checked = await dynamicMethods<any, any>(broken.template as never).check(
            {},
            { ...PROVIDER, template: "您好", type: 2 },
        );
        expect(checked.failures.map((f: any) => f.reason).join()).to.contain("jsms:reviewHookToken");
        await broken.close();
    });
});
