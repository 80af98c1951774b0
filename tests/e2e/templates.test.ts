// SmsTemplate end to end: real `pulumi` runs (preview, up, refresh, destroy) of small JavaScript programs that import
// pulumi-jsms by its package name, against the JSMS simulator running in this process. Each test asserts on what the
// user sees (CLI output, engine events), on the stack state (`pulumi stack export`) and on the vendor side (the
// simulator's objects and its request log).
//
// To stay within a few minutes (one CLI run takes seconds), one stack goes through a whole life: preview, create,
// review, changes of copy, adoption, a package upgrade, console drift and destroy; a second stack covers
// waitForReview with a rejecting review. Tests within a stack run in order and build on each other.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    allResources,
    diagnosticsOf,
    failedStepsOf,
    getResource,
    OperationResult,
    PulumiProject,
    repoRoot,
    requirePulumiCli,
    ResourceState,
    resourcesOfType,
    serializedProvider,
    StackExport,
    stepsOf,
    summaryOf,
} from "./support";
import { previewBlock, previewBlocks } from "./support/templateScenarioPreview";
import { TemplateProgramOutputs, TemplateSpec, templateProgram } from "./support/templateScenarioProgram";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { LoggedRequest, requestLines, writesOf } from "./support/templateScenarioSimulator";
import { clearUpgradeMarker, installUpgradedPackage, readUpgradeMarker } from "./support/templateScenarioUpgrade";

const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";

// Distinctive credentials, so a leak would be easy to find in any output.
const APP = { appKey: "e2etplappkey7c1f90a2", masterSecret: "e2etplsecret-51d8c3b7a6f0" };
const REVIEW_APP = { appKey: "e2etplreviewkey3b82d1", masterSecret: "e2etplreviewsecret-9a0e4c" };

const OTP: TemplateSpec = {
    template: "您好，您的验证码是{{code}}，5分钟内有效！",
    type: 1,
    ttl: 300,
    remark: "用户注册",
};
const OTP_V2: TemplateSpec = { ...OTP, template: "您好，您的验证码是{{code}}，5分钟内有效，请勿告诉他人！" };
const NOTICE: TemplateSpec = { template: "您的订单{{orderNo}}已发货，请注意查收。", type: 2, remark: "订单发货通知" };
const NOTICE_V2: TemplateSpec = { ...NOTICE, template: "您的订单{{orderNo}}已发货，快递单号{{trackingNo}}。" };
const PROMO: TemplateSpec = {
    template: "会员日全场5折起，详情见{{url}}",
    type: 3,
    remark: "https://example.com/sale 会员日活动页",
};
const ADOPTED: TemplateSpec = {
    template: "您的账号于{{time}}登录，如非本人操作请及时修改密码。",
    type: 2,
    remark: "登录提醒",
};

function stackConfig(sim: ScenarioSimulator, app: { appKey: string; masterSecret: string }) {
    return {
        "jsms:endpoint": sim.url,
        "jsms:appKey": app.appKey,
        "jsms:masterSecret": { value: app.masterSecret, secret: true },
        // a failing call should fail the test quickly, not after the default backoff
        "jsms:maxRetries": "1",
    };
}

/** The operation of each step of a dynamic resource of `type`, as `name:op`, in the engine's order. */
function stepNames(result: OperationResult, type: string): string[] {
    return stepsOf(result.events, type).map((s) => `${s.urn.slice(s.urn.lastIndexOf("::") + 2)}:${s.op}`);
}

/** Everything the CLI printed, for messages that may land on either stream. */
function printed(result: OperationResult): string {
    return `${result.stdout}\n${result.stderr}`;
}

/** With JSMS_E2E_DUMP=1, prints what a command showed, for a post-mortem or to see what users see. */
function dump(label: string, result: OperationResult): OperationResult {
    if (process.env.JSMS_E2E_DUMP === "1") {
        process.stderr.write(
            `\n===== ${label}: pulumi ${result.args.join(" ")} (exit ${result.code})\n${printed(result)}\n`,
        );
    }
    return result;
}

function templateState(state: StackExport, name: string): ResourceState {
    return getResource(state, TEMPLATE, name);
}

function copyOf(spec: TemplateSpec): Record<string, unknown> {
    const { template, type, ttl, remark } = spec;
    return JSON.parse(JSON.stringify({ template, type, ttl, remark }));
}

describe("e2e: SmsTemplate through the Pulumi CLI", function () {
    this.timeout(180_000);

    before(function () {
        // Fails (JSMS_REQUIRE_PULUMI_CLI=1, as under `npm test`) or skips, naming the install script.
        requirePulumiCli(this);
    });

    describe("one stack from preview to destroy", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        /** Vendor ids as the tests learn them. */
        const ids: Record<string, number> = {};

        const program = (templates: Record<string, TemplateSpec>) => templateProgram(templates);

        before(async function () {
            sim = await ScenarioSimulator.start({ apps: [APP], review: "manual" });
            project = await PulumiProject.create({
                name: "jsms-templates",
                program: program({ otp: OTP, notice: NOTICE, promo: PROMO }),
                config: stackConfig(sim, APP),
            });
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
        });

        describe("1. preview of a new stack", function () {
            it("shows the signature and templates to create and makes no API call", async function () {
                const preview = dump("preview", await project.preview());

                expect(summaryOf(preview.events)).to.deep.include({ isPreview: true, result: "succeeded" });
                expect(stepNames(preview, SIGNATURE)).to.deep.equal(["brand:create"]);
                expect(stepNames(preview, TEMPLATE)).to.have.members(["otp:create", "notice:create", "promo:create"]);
                const otp = previewBlock(preview.stdout, "otp");
                expect([otp.marker, otp.op]).to.deep.equal(["+", "create"]);
                expect(otp.text).to.contain(JSON.stringify(OTP.template));
                expect(preview.stdout).to.match(/\+ 5 to create/);

                expect(requestLines(await sim.requests()), "requests made by preview").to.deep.equal([]);
                expect(allResources(await project.exportStack()), "state after a preview").to.deep.equal([]);
            });

            it("fails on an invalid template with each rule's message on its property, still with no API call", async function () {
                // Both rules are broken on one resource: the engine (3.248) stops at the first invalid resource and
                // never reports the failures of the others, so which of several bad resources shows up is a race.
                project.writeProgram(
                    program({
                        otp: { ...OTP, template: "您好，您的验证码是，5分钟内有效！", ttl: 0 },
                        notice: NOTICE,
                        promo: PROMO,
                    }),
                );
                try {
                    const preview = dump("preview", await project.preview({ allowFailure: true }));
                    expect(preview.code, printed(preview)).to.not.equal(0);

                    const out = printed(preview);
                    expect(out).to.match(
                        /SmsTemplate resource 'otp': property template value \{[^}]*\} has a problem: a verification-code template \(type 1\) must contain exactly one variable, \{\{code\}\}; found none\./,
                    );
                    expect(out).to.match(
                        /SmsTemplate resource 'otp': property ttl value \{0\} has a problem: ttl must be a whole number of seconds with 0 < ttl ≤ 86400; found 0\./,
                    );
                    const errors = diagnosticsOf(preview.events, { severity: "error" }).filter((d) =>
                        d.urn?.endsWith("::otp"),
                    );
                    expect(
                        errors.map((d) => d.message.match(/property (\w+)/)?.[1]),
                        JSON.stringify(errors),
                    ).to.have.members(["template", "ttl"]);
                    expect(stepNames(preview, TEMPLATE)).to.not.include("otp:create");
                    expect(summaryOf(preview.events)?.result).to.equal("failed");

                    expect(requestLines(await sim.requests()), "requests made by the failed preview").to.deep.equal([]);
                } finally {
                    project.writeProgram(program({ otp: OTP, notice: NOTICE, promo: PROMO }));
                }
            });
        });

        describe("2. up", function () {
            let up: OperationResult;
            let log: LoggedRequest[];

            before(async function () {
                up = dump("up", await project.up());
                log = await sim.requests();
            });

            it("creates the signature and the templates, submitted for review", async function () {
                expect(stepNames(up, SIGNATURE)).to.deep.equal(["brand:create"]);
                expect(stepNames(up, TEMPLATE)).to.have.members(["otp:create", "notice:create", "promo:create"]);
                expect(summaryOf(up.events)).to.deep.include({ result: "succeeded" });
                const posts = requestLines(writesOf(log));
                expect(
                    posts.filter((l) => l === "POST /v1/sign"),
                    posts.join(", "),
                ).to.have.length(1);
                expect(
                    posts.filter((l) => l === "POST /v1/templates"),
                    posts.join(", "),
                ).to.have.length(3);
                expect(posts, "only creations").to.have.length(4);
            });

            it("puts numeric ids and the pending status in the stack outputs, string ids equal to the vendor's in state", async function () {
                const outputs = (await project.outputs()) as TemplateProgramOutputs;
                const state = await project.exportStack();
                const stored = await sim.templates(APP.appKey);
                expect(stored).to.have.length(3);

                for (const [name, spec] of Object.entries({ otp: OTP, notice: NOTICE, promo: PROMO })) {
                    const out = outputs.templates?.[name];
                    expect(out, `stack output templates.${name}`).to.not.equal(undefined);
                    expect(out!.id, `templates.${name}.id`).to.be.a("number");
                    expect(out!.status).to.equal("pending");

                    const resource = templateState(state, name);
                    expect(resource.id).to.be.a("string").and.equal(String(out!.id));
                    expect(resource.outputs).to.deep.include({
                        ...copyOf(spec),
                        tempId: out!.id,
                        status: "pending",
                        statusCode: 0,
                    });

                    const vendor = stored.find((t) => t.id === out!.id);
                    expect(vendor, `the simulator's template ${out!.id}`).to.not.equal(undefined);
                    expect(vendor).to.deep.include({ template: spec.template, type: spec.type, status: 0 });
                    ids[name] = out!.id;
                }
                expect(outputs.signId).to.be.a("number");
                expect(getResource(state, SIGNATURE, "brand").id).to.equal(String(outputs.signId));
                expect((await sim.signs(APP.appKey)).map((s) => s.id)).to.deep.equal([outputs.signId]);
                ids.brand = outputs.signId!;
            });

            it("is a no-op the second time: no change reported, no request to JSMS", async function () {
                await sim.clearRequests();
                const again = dump("up", await project.up());
                expect(requestLines(await sim.requests()), "requests made by the second up").to.deep.equal([]);
                expect(stepsOf(again.events).map((s) => s.op)).to.satisfy(
                    (ops: string[]) => ops.every((op) => op === "same"),
                    "every step is same",
                );
                expect(Object.keys(summaryOf(again.events)?.resourceChanges ?? {})).to.deep.equal(["same"]);
                expect(again.stdout).to.match(/5 unchanged/);
            });
        });

        describe("3. review, then refresh", function () {
            let refresh: OperationResult;

            before(async function () {
                await sim.review("templates", ids.otp, "approved");
                await sim.review("templates", ids.promo, "approved");
                await sim.review("templates", ids.notice, "rejected");
                await sim.clearRequests();
                refresh = dump("refresh", await project.refresh());
            });

            it("records the review status in the resource outputs, reading JSMS without writing", async function () {
                const state = await project.exportStack();
                expect(templateState(state, "otp").outputs).to.deep.include({ status: "approved", statusCode: 1 });
                expect(templateState(state, "promo").outputs).to.deep.include({ status: "approved", statusCode: 1 });
                expect(templateState(state, "notice").outputs).to.deep.include({ status: "rejected", statusCode: 2 });
                expect(templateState(state, "otp").id).to.equal(String(ids.otp));
                const log = await sim.requests();
                expect(writesOf(log), requestLines(log).join(", ")).to.deep.equal([]);
                expect(requestLines(log)).to.include.members([
                    `GET /v1/templates/${ids.otp}`,
                    `GET /v1/templates/${ids.notice}`,
                ]);
                expect(summaryOf(refresh.events)?.result).to.equal("succeeded");
                // What a pipeline reading the engine events sees. (The CLI's refresh summary counts these as
                // "unchanged": refresh shows input drift, not output-only changes such as a review status.)
                const refreshed = refresh.events
                    .filter((e) => e.resOutputsEvent && e.resOutputsEvent.metadata.type === TEMPLATE)
                    .map((e) => e.resOutputsEvent!.metadata)
                    .map((m) => [m.urn.slice(m.urn.lastIndexOf("::") + 2), m.new?.outputs?.status]);
                expect(refreshed).to.have.deep.members([
                    ["otp", "approved"],
                    ["promo", "approved"],
                    ["notice", "rejected"],
                ]);
            });

            it("leaves nothing to change: preview shows no resource diff and makes no API call", async function () {
                await sim.clearRequests();
                const preview = dump("preview", await project.preview());
                const jsmsSteps = [...stepsOf(preview.events, TEMPLATE), ...stepsOf(preview.events, SIGNATURE)];
                expect(jsmsSteps.map((s) => s.op)).to.deep.equal(["same", "same", "same", "same"]);
                expect(Object.keys(summaryOf(preview.events)?.resourceChanges ?? {})).to.deep.equal(["same"]);
                expect(
                    previewBlocks(preview.stdout).filter((b) => b.op !== "same"),
                    preview.stdout,
                ).to.deep.equal([]);
                expect(requestLines(await sim.requests())).to.deep.equal([]);
                // refresh does not re-run the program, so the stack outputs catch up on the next up; preview says so
                expect(preview.stdout).to.match(/~ status: "pending" => "approved"/);
                expect(preview.stdout).to.match(/~ status: "pending" => "rejected"/);
            });
        });

        describe("4–5. a change of copy", function () {
            it("preview --diff shows old and new copy: a replacement for the approved template, an update for the rejected one", async function () {
                project.writeProgram(program({ otp: OTP_V2, notice: NOTICE_V2, promo: PROMO }));
                await sim.clearRequests();
                const preview = dump("preview", await project.preview());

                const otp = previewBlock(preview.stdout, "otp");
                expect([otp.marker, otp.op], otp.text).to.deep.equal(["+-", "replace"]);
                expect(otp.text).to.contain(`${JSON.stringify(OTP.template)} => ${JSON.stringify(OTP_V2.template)}`);
                const notice = previewBlock(preview.stdout, "notice");
                expect([notice.marker, notice.op], notice.text).to.deep.equal(["~", "update"]);
                expect(notice.text).to.contain(
                    `${JSON.stringify(NOTICE.template)} => ${JSON.stringify(NOTICE_V2.template)}`,
                );
                // unchanged resources get no block in the diff; the engine still reports them as same
                expect(previewBlocks(preview.stdout).map((b) => b.name)).to.not.include("promo");
                expect(stepNames(preview, TEMPLATE)).to.include("promo:same");

                const steps = stepNames(preview, TEMPLATE);
                expect(steps).to.include.members([
                    "otp:create-replacement",
                    "otp:replace",
                    "otp:delete-replaced",
                    "notice:update",
                ]);
                expect(steps.indexOf("otp:create-replacement"), steps.join(", ")).to.be.lessThan(
                    steps.indexOf("otp:delete-replaced"),
                );
                const replace = stepsOf(preview.events, TEMPLATE).find((s) => s.op === "replace")!;
                expect(replace.keys).to.deep.equal(["template"]);
                expect(requestLines(await sim.requests())).to.deep.equal([]);
            });

            describe("pulumi up", function () {
                let up: OperationResult;
                let log: string[];
                let outputs: TemplateProgramOutputs;
                let state: StackExport;

                before(async function () {
                    await sim.clearRequests();
                    up = dump("up", await project.up());
                    log = requestLines(await sim.requests());
                    outputs = (await project.outputs()) as TemplateProgramOutputs;
                    state = await project.exportStack();
                });

                it("replaces the approved template: creates the new one, then deletes the old one", async function () {
                    const newId = outputs.templates!.otp.id;
                    expect(newId).to.be.a("number").and.not.equal(ids.otp);
                    const post = log.indexOf("POST /v1/templates");
                    const del = log.indexOf(`DELETE /v1/templates/${ids.otp}`);
                    expect(post, log.join(", ")).to.be.at.least(0);
                    expect(del, log.join(", ")).to.be.greaterThan(post);
                    expect(log.filter((l) => l === "POST /v1/templates")).to.have.length(1);

                    expect(await sim.template(ids.otp), "the old template at JSMS").to.equal(undefined);
                    expect(await sim.template(newId)).to.deep.include({ template: OTP_V2.template, status: 0 });
                    expect(templateState(state, "otp").id).to.equal(String(newId));
                    expect(templateState(state, "otp").outputs).to.deep.include({
                        template: OTP_V2.template,
                        tempId: newId,
                        status: "pending",
                    });
                    expect(outputs.templates!.otp.status).to.equal("pending");

                    const steps = stepNames(up, TEMPLATE);
                    expect(steps.indexOf("otp:create-replacement"), steps.join(", ")).to.be.at.least(0);
                    expect(steps.indexOf("otp:create-replacement")).to.be.lessThan(
                        steps.indexOf("otp:delete-replaced"),
                    );
                    ids.otp = newId;
                });

                it("modifies the rejected template in place (same id, one PUT) and resubmits it for review", async function () {
                    expect(log).to.include(`PUT /v1/templates/${ids.notice}`);
                    expect(log.filter((l) => l.startsWith("PUT "))).to.have.length(1);
                    expect(log).to.not.include(`DELETE /v1/templates/${ids.notice}`);
                    expect(outputs.templates!.notice).to.deep.equal({ id: ids.notice, status: "pending" });
                    expect(templateState(state, "notice").id).to.equal(String(ids.notice));
                    expect(templateState(state, "notice").outputs).to.deep.include({
                        template: NOTICE_V2.template,
                        status: "pending",
                        statusCode: 0,
                    });
                    expect(await sim.template(ids.notice)).to.deep.include({ template: NOTICE_V2.template, status: 0 });
                    expect(stepNames(up, TEMPLATE)).to.include("notice:update");
                    expect(stepNames(up, TEMPLATE)).to.include("promo:same");
                });
            });
        });

        describe("8. adoptId", function () {
            it("takes over a template made outside Pulumi with no write to JSMS", async function () {
                const adoptId = await sim.createTemplateDirectly(APP, copyOf(ADOPTED) as never);
                await sim.review("templates", adoptId, "approved");
                const before = (await sim.templates(APP.appKey)).length;

                project.writeProgram(
                    program({ otp: OTP_V2, notice: NOTICE_V2, promo: PROMO, adopted: { ...ADOPTED, adoptId } }),
                );
                await sim.clearRequests();
                const up = dump("up", await project.up());

                const log = await sim.requests();
                expect(writesOf(log), requestLines(log).join(", ")).to.deep.equal([]);
                expect(requestLines(log)).to.include(`GET /v1/templates/${adoptId}`);
                expect((await sim.templates(APP.appKey)).length).to.equal(before);
                expect(stepNames(up, TEMPLATE)).to.include("adopted:create");

                const state = await project.exportStack();
                expect(templateState(state, "adopted").id).to.equal(String(adoptId));
                expect(templateState(state, "adopted").outputs).to.deep.include({
                    ...copyOf(ADOPTED),
                    tempId: adoptId,
                    status: "approved",
                    statusCode: 1,
                });
                const outputs = (await project.outputs()) as TemplateProgramOutputs;
                expect(outputs.templates!.adopted).to.deep.equal({ id: adoptId, status: "approved" });
                ids.adopted = adoptId;
            });
        });

        describe("9. package upgrade", function () {
            let marker: string;
            let providersBefore: Record<string, { inputs: unknown; outputs: unknown }>;

            const storedProviders = (state: StackExport) =>
                Object.fromEntries(
                    [...resourcesOfType(state, TEMPLATE), ...resourcesOfType(state, SIGNATURE)].map((r) => [
                        r.urn,
                        { inputs: r.inputs?.__provider, outputs: r.outputs?.__provider },
                    ]),
                );

            it("stores a provider in state that only forwards to the installed package", async function () {
                const state = await project.exportStack();
                providersBefore = storedProviders(state);
                const resources = [...resourcesOfType(state, TEMPLATE), ...resourcesOfType(state, SIGNATURE)];
                expect(resources).to.have.length(5);
                for (const r of resources) {
                    const text = serializedProvider(r)!;
                    expect(r.inputs?.__provider, r.urn).to.equal(r.outputs?.__provider);
                    expect(text, r.urn).to.contain('require("pulumi-jsms/runtime")');
                    expect(text.length, `size of ${r.urn}'s __provider`).to.be.at.most(1536);
                    const requires = [...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
                    expect(requires, r.urn).to.deep.equal(['"pulumi-jsms/runtime"']);
                    for (const forbidden of [
                        "templateHandlers",
                        "/v1/",
                        "JsmsClient",
                        "getTemplate",
                        "node_modules",
                        "dist/",
                        repoRoot(),
                        APP.appKey,
                        APP.masterSecret,
                    ]) {
                        expect(text, `${r.urn}'s __provider`).to.not.contain(forbidden);
                    }
                }
            });

            it("after an upgrade, preview runs the new code and shows no change", async function () {
                marker = installUpgradedPackage(project.dir);
                await sim.clearRequests();
                const preview = dump("preview", await project.preview());

                expect(readUpgradeMarker(marker).attaches, "the upgraded runtime ran check/diff").to.include.members([
                    "attach template",
                    "attach signature",
                ]);
                expect(Object.keys(summaryOf(preview.events)?.resourceChanges ?? {})).to.deep.equal(["same"]);
                expect(
                    previewBlocks(preview.stdout).filter((b) => b.op !== "same"),
                    preview.stdout,
                ).to.deep.equal([]);
                expect(requestLines(await sim.requests())).to.deep.equal([]);
            });

            it("up with the upgraded package changes nothing, not even the provider text in state", async function () {
                clearUpgradeMarker(marker);
                await sim.clearRequests();
                const up = dump("up", await project.up());
                expect(Object.keys(summaryOf(up.events)?.resourceChanges ?? {})).to.deep.equal(["same"]);
                expect(requestLines(await sim.requests())).to.deep.equal([]);
                expect(
                    readUpgradeMarker(marker).loads,
                    "the program serialized the upgraded package's providers",
                ).to.not.deep.equal([]);
                expect(storedProviders(await project.exportStack())).to.deep.equal(providersBefore);
            });
        });

        describe("7. changes made in the JSMS console", function () {
            const DRIFTED = "您的订单{{orderNo}}已发货（客服在控制台改过）";
            let refresh: OperationResult;

            before(async function () {
                await sim.consoleDeleteTemplate(ids.promo);
                await sim.consoleEditTemplate(ids.notice, { template: DRIFTED });
                await sim.clearRequests();
                refresh = dump("refresh", await project.refresh());
            });

            it("refresh drops the template deleted in the console from the stack, without writing to JSMS", async function () {
                const state = await project.exportStack();
                expect(
                    resourcesOfType(state, TEMPLATE).map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2)),
                ).to.have.members(["otp", "notice", "adopted"]);
                expect(summaryOf(refresh.events)?.result).to.equal("succeeded");
                const log = await sim.requests();
                expect(writesOf(log), requestLines(log).join(", ")).to.deep.equal([]);
                expect(requestLines(log)).to.include(`GET /v1/templates/${ids.promo}`);
            });

            it("refresh records the console's copy, and preview --diff shows it against the declared copy", async function () {
                const notice = templateState(await project.exportStack(), "notice");
                expect(notice.id).to.equal(String(ids.notice));
                expect(notice.outputs?.template).to.equal(DRIFTED);
                expect(notice.inputs?.template).to.equal(DRIFTED);

                await sim.clearRequests();
                const preview = dump("preview", await project.preview());
                const block = previewBlock(preview.stdout, "notice");
                expect(block.op, block.text).to.not.equal("same");
                expect(block.text).to.contain(`${JSON.stringify(DRIFTED)} => ${JSON.stringify(NOTICE_V2.template)}`);
                // the template deleted in the console is declared still: the stack will create it again
                expect(previewBlock(preview.stdout, "promo").op).to.equal("create");
                expect(requestLines(await sim.requests())).to.deep.equal([]);
            });
        });

        describe("9–10. destroy", function () {
            it("runs the installed (upgraded) code and leaves JSMS with no template and no signature of the app", async function () {
                const state = await project.exportStack();
                const expected = [
                    ...resourcesOfType(state, TEMPLATE).map((r) => `delete template ${r.id}`),
                    ...resourcesOfType(state, SIGNATURE).map((r) => `delete signature ${r.id}`),
                ];
                expect(expected).to.have.length(4);
                const marker = path.join(project.dir, "upgrade-marker.log");
                clearUpgradeMarker(marker);
                await sim.clearRequests();

                const destroy = dump("destroy", await project.destroy());

                expect(readUpgradeMarker(marker).deletes, "deletes run by the upgraded runtime").to.have.members(
                    expected,
                );
                expect(stepNames(destroy, TEMPLATE)).to.have.members(["otp:delete", "notice:delete", "adopted:delete"]);
                expect(stepNames(destroy, SIGNATURE)).to.deep.equal(["brand:delete"]);
                const log = requestLines(await sim.requests());
                expect(log).to.include.members([
                    `DELETE /v1/templates/${ids.otp}`,
                    `DELETE /v1/templates/${ids.notice}`,
                    `DELETE /v1/templates/${ids.adopted}`,
                    `DELETE /v1/sign/${ids.brand}`,
                ]);
                expect(await sim.templates(APP.appKey)).to.deep.equal([]);
                expect(await sim.signs(APP.appKey)).to.deep.equal([]);
                const after = await project.exportStack();
                expect([...resourcesOfType(after, TEMPLATE), ...resourcesOfType(after, SIGNATURE)]).to.deep.equal([]);
            });
        });
    });

    describe("6. waitForReview when the review rejects", function () {
        const WAIT = { timeoutSeconds: 30, pollIntervalSeconds: 1 };
        const REJECTED_COPY: TemplateSpec = {
            template: "验证码{{code}}，速来领取大奖！",
            type: 1,
            ttl: 600,
            waitForReview: WAIT,
        };
        const FIXED_COPY: TemplateSpec = { ...REJECTED_COPY, template: "您的登录验证码是{{code}}，10分钟内有效。" };
        let stateDir: string;
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        let templateId: string;

        before(async function () {
            stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-e2e-review-"));
            sim = await ScenarioSimulator.start({
                apps: [REVIEW_APP],
                review: "reject",
                statePath: path.join(stateDir, "jsms-state.json"),
            });
            project = await PulumiProject.create({
                name: "jsms-review",
                program: templateProgram({ otp: REJECTED_COPY }),
                config: stackConfig(sim, REVIEW_APP),
            });
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
            fs.rmSync(stateDir, { recursive: true, force: true });
        });

        it("fails up with the rejection and what to do, and keeps the template in the stack with its id", async function () {
            const up = dump("up", await project.up({ allowFailure: true }));
            expect(up.code, printed(up)).to.not.equal(0);

            const stored = await sim.templates(REVIEW_APP.appKey);
            expect(stored).to.have.length(1);
            expect(stored[0]).to.deep.include({ template: REJECTED_COPY.template, status: 2 });
            templateId = String(stored[0].id);

            expect(printed(up)).to.contain(`template ${templateId} was rejected by the JSMS review`);
            expect(printed(up)).to.match(/fix the copy and run pulumi up again/);
            expect(summaryOf(up.events)?.result).to.equal("failed");
            expect(failedStepsOf(up.events).map((s) => s.urn.slice(s.urn.lastIndexOf("::") + 2))).to.include("otp");

            const otp = templateState(await project.exportStack(), "otp");
            expect(otp.id).to.equal(templateId);
            expect(otp.outputs).to.deep.include({ tempId: Number(templateId), status: "rejected", statusCode: 2 });
            expect(otp.initErrors ?? [], "the partial failure's reasons").to.satisfy((reasons: string[]) =>
                reasons.some((r) => r.includes("rejected")),
            );
        });

        it("can be refreshed right after the rejection: the partial failure recorded a complete provider", async function () {
            // The engine stores a partial failure's properties as the outputs without adding __provider (it does for a
            // successful create); refresh and destroy load the provider from the outputs, so without it they fail
            // with "code must be a string, not undefined" and the rejected template could not even be destroyed.
            const otp = templateState(await project.exportStack(), "otp");
            expect(otp.outputs?.__provider, "outputs.__provider after the partial failure")
                .to.be.a("string")
                .and.equal(otp.inputs?.__provider);

            await sim.clearRequests();
            const refresh = dump("refresh", await project.refresh({ allowFailure: true }));
            expect(refresh.code, printed(refresh)).to.equal(0);
            expect(requestLines(await sim.requests())).to.include(`GET /v1/templates/${templateId}`);
            const after = templateState(await project.exportStack(), "otp");
            expect(after.id).to.equal(templateId);
            expect(after.outputs).to.deep.include({ status: "rejected", statusCode: 2 });
        });

        it("resubmits the fixed copy with a PUT on the next up, waits, and succeeds once the review approves", async function () {
            // The reviewers change their mind: the same simulator state, now approving after a delay the wait must sit out.
            await sim.restart({ review: "approve", reviewDelayMs: 1500 });
            project.writeProgram(templateProgram({ otp: FIXED_COPY }));

            const up = dump("up", await project.up());

            const log = requestLines(await sim.requests());
            expect(
                log.filter((l) => l !== `GET /v1/templates/${templateId}`),
                log.join(", "),
            ).to.deep.equal([`PUT /v1/templates/${templateId}`]);
            const polls = log.slice(log.indexOf(`PUT /v1/templates/${templateId}`) + 1);
            expect(polls.length, `reads after the PUT: ${polls.join(", ")}`).to.be.at.least(2);
            expect(stepNames(up, TEMPLATE)).to.deep.equal(["otp:update"]);

            const otp = templateState(await project.exportStack(), "otp");
            expect(otp.id).to.equal(templateId);
            expect(otp.outputs).to.deep.include({ template: FIXED_COPY.template, status: "approved", statusCode: 1 });
            expect(otp.initErrors ?? []).to.deep.equal([]);
            const outputs = (await project.outputs()) as TemplateProgramOutputs;
            expect(outputs.templates!.otp).to.deep.equal({ id: Number(templateId), status: "approved" });
            expect(await sim.template(templateId)).to.deep.include({ template: FIXED_COPY.template, status: 1 });
        });

        it("destroy leaves JSMS with no template and no signature of the app", async function () {
            const destroy = dump("destroy", await project.destroy());
            expect(stepNames(destroy, TEMPLATE)).to.deep.equal(["otp:delete"]);
            expect(await sim.templates(REVIEW_APP.appKey)).to.deep.equal([]);
            expect(await sim.signs(REVIEW_APP.appKey)).to.deep.equal([]);
        });
    });
});
