// End-to-end: the four example projects under examples/, copied into throwaway workspaces and run with the real
// Pulumi CLI against the local JSMS simulator, the way their comments tell a user to run them. Every preview must
// make no API call; examples/basic goes through up and destroy; examples/pipeline/ci.sh runs as a pipeline would.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
    CommandResult,
    EngineEvent,
    getResource,
    PulumiProject,
    repoRoot,
    requirePulumiCli,
    resourcesOfType,
    stepsOf,
    urnName,
} from "./support";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { basicAuthValue, describeScript, leakedSecrets, runScript, sha256Hex } from "./support/signatureScenario";

const SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";
const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";

const APP_KEY = "e2eexampleappkey93c1";
const MASTER_SECRET = "e2e-example-secret-7a2f9e0c4b61";
const SHOP_KEY = "e2eshopappkey18d2";
const SHOP_SECRET = "e2e-shop-secret-5f0a3c9e7d21";
const DELIVERY_KEY = "e2edeliveryappkey6e4b";
const DELIVERY_SECRET = "e2e-delivery-secret-b82d6f1a0c93";
const DEV_KEY = "e2eexampledevkey40af";
const DEV_SECRET = "e2e-example-dev-secret-1c7e5a9d3b08";

const SECRETS: Record<string, string> = {
    "jsms:masterSecret": MASTER_SECRET,
    "the shop profile's masterSecret": SHOP_SECRET,
    "the delivery profile's masterSecret": DELIVERY_SECRET,
    "jsms:devSecret": DEV_SECRET,
    "Basic auth of the default app": basicAuthValue(APP_KEY, MASTER_SECRET),
};

/** The examples are TypeScript: skip ts-node's type check here (the library's own build type-checks the API). */
const FAST_TS = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

function example(name: string): string {
    return path.join(repoRoot(), "examples", name);
}

/** "op name" of each planned or executed step of the JSMS resources, sorted. */
function jsmsSteps(events: EngineEvent[]): string[] {
    return [...stepsOf(events, SIGNATURE), ...stepsOf(events, TEMPLATE)].map((s) => `${s.op} ${urnName(s.urn)}`).sort();
}

function seen(r: CommandResult): string {
    return `${r.stdout}\n${r.stderr}`;
}

describe("e2e: the examples (real Pulumi CLI)", function () {
    this.timeout(240_000);

    before(function () {
        requirePulumiCli(this);
    });

    describe("basic, gitops and multi-app", function () {
        let sim: ScenarioSimulator;
        const projects: PulumiProject[] = [];

        const defaultApp = () => ({
            "jsms:endpoint": sim.url,
            "jsms:appKey": APP_KEY,
            "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
        });

        async function copyOf(
            name: string,
            config: Parameters<typeof PulumiProject.create>[0]["config"],
        ): Promise<PulumiProject> {
            const project = await PulumiProject.create({
                name: `example-${name}`,
                copyFrom: example(name),
                config,
                env: FAST_TS,
            });
            projects.push(project);
            return project;
        }

        before(async function () {
            sim = await ScenarioSimulator.start({
                apps: [
                    { appKey: APP_KEY, masterSecret: MASTER_SECRET },
                    { appKey: SHOP_KEY, masterSecret: SHOP_SECRET },
                    { appKey: DELIVERY_KEY, masterSecret: DELIVERY_SECRET },
                ],
                dev: { devKey: DEV_KEY, devSecret: DEV_SECRET },
            });
        });

        after(async function () {
            for (const p of projects) {
                await p.dispose();
            }
            await sim?.close();
        });

        it("basic: with app credentials only, up succeeds and says how to see the account balance", async function () {
            const project = await PulumiProject.create({
                name: "example-basic-app-only",
                copyFrom: example("basic"),
                config: defaultApp(),
                env: FAST_TS,
            });
            projects.push(project);
            const up = await project.up({ args: ["--skip-preview"] });
            expect(up.code, seen(up)).to.equal(0);
            const outputs = (await project.outputs()) as Record<string, any>;
            expect(outputs.appBalance).to.deep.equal({ total: 1000, voice: null, industry: 500, market: 200 });
            expect(outputs.devBalance).to.be.a("string").and.to.contain("jsms:devKey");
            await project.destroy();
        });

        it("basic: preview plans the signature and three templates without calling JSMS, then up and destroy leave JSMS clean", async function () {
            const project = await copyOf("basic", {
                ...defaultApp(),
                "jsms:devKey": DEV_KEY,
                "jsms:devSecret": { value: DEV_SECRET, secret: true },
            });
            await sim.clearRequests();
            const preview = await project.preview();
            expect(await sim.requests(), seen(preview)).to.deep.equal([]);
            expect(jsmsSteps(preview.events)).to.deep.equal([
                "create brand",
                "create order-shipped",
                "create otp",
                "create promo",
            ]);

            const up = await project.up();
            expect(jsmsSteps(up.events)).to.deep.equal([
                "create brand",
                "create order-shipped",
                "create otp",
                "create promo",
            ]);
            const outputs = (await project.outputs()) as Record<string, any>;
            const state = await sim.state();
            expect(state.signs.map((s) => [s.id, s.sign])).to.deep.equal([[outputs.signId, "极光推送"]]);
            const licence = fs.readFileSync(path.join(example("basic"), "assets", "licence.png"));
            expect(state.signs[0].images.map((f) => [f.name, f.sha256])).to.deep.equal([
                ["licence.png", sha256Hex(licence)],
            ]);
            const ids = [outputs.templates.otp.id, outputs.templates.orderShipped.id, outputs.templates.promo.id];
            expect(state.templates.map((t) => t.id).sort()).to.deep.equal([...ids].sort());
            expect(outputs.templates.otp.status).to.equal("pending");
            // What one send delivers, as counted: no signature declared, and the marketing opt-out text.
            expect(outputs.templates.promo.message).to.equal("会员日全场5折起，详情见{{url}}回T退订");
            expect(outputs.appBalance).to.deep.equal({ total: 1000, voice: null, industry: 500, market: 200 });
            expect(outputs.devBalance).to.deep.equal({ total: 10000, voice: 1000, industry: 5000, market: 2000 });
            expect(leakedSecrets(seen(up) + JSON.stringify(await project.exportStack()), SECRETS)).to.deep.equal([]);

            const destroy = await project.destroy();
            expect(jsmsSteps(destroy.events)).to.deep.equal([
                "delete brand",
                "delete order-shipped",
                "delete otp",
                "delete promo",
            ]);
            const after = await sim.state();
            expect(
                after.signs.map((s) => s.id),
                "the stack's signature is gone from JSMS",
            ).to.not.include(outputs.signId);
            for (const id of ids) {
                expect(
                    after.templates.map((t) => t.id),
                    `template ${id} is gone from JSMS`,
                ).to.not.include(id);
            }
            const exported = await project.exportStack();
            expect([...resourcesOfType(exported, SIGNATURE), ...resourcesOfType(exported, TEMPLATE)]).to.deep.equal([]);
        });

        it("gitops: preview shows the copy of templates.yaml and makes no API call", async function () {
            const project = await copyOf("gitops", defaultApp());
            await sim.clearRequests();
            const preview = await project.preview();
            expect(await sim.requests(), seen(preview)).to.deep.equal([]);
            expect(jsmsSteps(preview.events)).to.deep.equal([
                "create login-code",
                "create order-paid",
                "create password-reset",
                "create signature",
            ]);
            // What a reviewer reads in the pull request: the copy itself.
            expect(preview.stdout).to.contain("您的登录验证码是{{code}}，10分钟内有效，请勿泄露。");
            expect(preview.stdout).to.contain("订单{{orderNo}}已支付{{amount}}元，我们会尽快为您发货。");
        });

        it("multi-app: preview resolves both jsms:apps profiles without calling JSMS or showing a secret", async function () {
            const apps = {
                shop: { appKey: SHOP_KEY, masterSecret: SHOP_SECRET },
                delivery: { appKey: DELIVERY_KEY, masterSecret: DELIVERY_SECRET },
            };
            const project = await copyOf("multi-app", {
                "jsms:endpoint": sim.url,
                "jsms:apps": { value: JSON.stringify(apps), secret: true },
            });
            await sim.clearRequests();
            const preview = await project.preview();
            expect(await sim.requests(), seen(preview)).to.deep.equal([]);
            expect(jsmsSteps(preview.events)).to.deep.equal([
                "create delivery-otp",
                "create delivery-signature",
                "create shop-otp",
                "create shop-signature",
            ]);
            expect(leakedSecrets(seen(preview), SECRETS), seen(preview)).to.deep.equal([]);

            // The profile names are checked in preview (stack config only, still no API call): a typo fails there.
            const source = fs.readFileSync(path.join(project.dir, "index.ts"), "utf8");
            project.writeProgram(source.replace("delivery: {", "deliverry: {"));
            const typo = await project.preview({ allowFailure: true });
            expect(typo.code, seen(typo)).to.not.equal(0);
            expect(seen(typo)).to.contain('app profile "deliverry" is not defined');
            expect(leakedSecrets(seen(typo), SECRETS), seen(typo)).to.deep.equal([]);
            expect(await sim.requests()).to.deep.equal([]);
        });
    });

    describe("pipeline: ci.sh waits for the review", function () {
        /** A copy of examples/pipeline against a simulator whose reviewers always decide `review`. */
        async function pipeline(review: "approve" | "reject") {
            // Approval comes after a while, so the pipeline really waits (polling every JSMS_REVIEW_POLL_SECONDS).
            const sim = await ScenarioSimulator.start({
                apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }],
                review,
                reviewDelayMs: review === "approve" ? 1500 : 0,
            });
            const project = await PulumiProject.create({
                name: `example-pipeline-${review}`,
                copyFrom: example("pipeline"),
                env: FAST_TS,
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                },
            });
            const ci = (command: string) =>
                runScript("bash", [path.join(project.dir, "ci.sh"), command], {
                    cwd: project.workspace,
                    env: project.env({
                        PULUMI_STACK: project.stack,
                        JSMS_REVIEW_TIMEOUT_SECONDS: "5",
                        JSMS_REVIEW_POLL_SECONDS: "1",
                    }),
                });
            return { sim, project, ci };
        }

        let cleanup: Array<() => Promise<void>> = [];

        afterEach(async function () {
            for (const c of cleanup) {
                await c();
            }
            cleanup = [];
        });

        it("previews without calling JSMS, and `ci.sh up` exits 0 once JSMS approves", async function () {
            const { sim, project, ci } = await pipeline("approve");
            cleanup.push(
                () => project.dispose(),
                () => sim.close(),
            );

            const preview = await ci("preview");
            expect(preview.code, describeScript(preview)).to.equal(0);
            expect(preview.stdout).to.contain("欢迎注册，您的验证码是{{code}}，10分钟内有效。");
            expect(await sim.requests(), "ci.sh preview makes no API call").to.deep.equal([]);

            const up = await ci("up");
            expect(up.code, describeScript(up)).to.equal(0);
            // ci.sh prints the stack outputs as JSON after a successful up.
            const json = up.stdout.slice(up.stdout.lastIndexOf("\n{") + 1);
            const outputs = JSON.parse(json) as Record<string, unknown>;
            expect(outputs.welcomeStatus).to.equal("approved");
            const state = await sim.state();
            expect(state.signs.map((s) => [s.id, s.status])).to.deep.equal([[outputs.signId, 1]]);
            expect(state.templates.map((t) => [t.id, t.status])).to.deep.equal([[outputs.welcomeId, 1]]);
            expect(leakedSecrets(seen(preview) + seen(up), SECRETS)).to.deep.equal([]);
        });

        it("`ci.sh up` exits non-zero and prints the rejection when JSMS rejects; the signature stays recorded", async function () {
            const { sim, project, ci } = await pipeline("reject");
            cleanup.push(
                () => project.dispose(),
                () => sim.close(),
            );

            const up = await ci("up");
            const text = seen(up);
            expect(up.code, describeScript(up)).to.not.equal(0);
            expect(text).to.match(/signature \d+ "极光推送" was rejected by the JSMS review/);
            expect(up.stderr).to.contain("SMS copy was not applied");

            // Nothing orphaned: the rejected signature is in the stack (partial failure) and at JSMS; the template
            // that depends on it was never submitted.
            const state = await sim.state();
            expect(state.signs.map((s) => s.status)).to.deep.equal([2]);
            expect(state.templates).to.deep.equal([]);
            const recorded = getResource(await project.exportStack(), SIGNATURE, "signature");
            expect(recorded.id).to.equal(String(state.signs[0].id));
            expect(recorded.outputs?.status).to.equal("rejected");
            expect((recorded.initErrors ?? []).join("\n")).to.contain("was rejected by the JSMS review");
            expect(leakedSecrets(text, SECRETS)).to.deep.equal([]);

            // The recorded rejection can still be cleaned up: destroy loads its provider and deletes it at JSMS.
            const destroy = await project.destroy({ allowFailure: true });
            expect(destroy.code, seen(destroy)).to.equal(0);
            expect((await sim.state()).signs).to.deep.equal([]);
        });
    });
});
