// End-to-end: signatures, secrets, balances, credentials and faults through the real Pulumi CLI against the local
// JSMS simulator. Each test asserts on what a person sees (CLI output and engine events), on `pulumi stack export`,
// and on the simulator's own state and request log.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
    CommandResult,
    diagnosticsOf,
    EngineEvent,
    failedStepsOf,
    findResource,
    getResource,
    isSecretEnvelope,
    OperationResult,
    PulumiProject,
    requirePulumiCli,
    resourcesOfType,
    stepsOf,
    urnName,
} from "./support";
import type { RequestLogEntry } from "../../simulator";
import {
    basicAuthValue,
    greyPng,
    leakedSecrets,
    seenText,
    sha256Hex,
    stackFrameLines,
    writeBytes,
} from "./support/signatureScenario";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";
const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// Distinctive values, so that finding one in any text is proof of a leak.
const APP_KEY = "e2esigappkey7f3a9c";
const MASTER_SECRET = "e2e-master-secret-5b8d2e7a91c4";
const APP2_KEY = "e2esecondappkey41d0";
const APP2_SECRET = "e2e-second-secret-c03f6a2b8e17";
const DEV_KEY = "e2edevkey2a6f";
const DEV_SECRET = "e2e-dev-secret-94e1b7c3d05a";
/** A valid PRC resident ID number (GB 11643) and one with a wrong check digit. */
const VALID_ID_NUMBER = "11010519491231002X";
const INVALID_ID_NUMBER = "110105194912310021";
/** A valid unified social credit code (GB 32100). */
const VALID_CREDIT_CODE = "91350100M00010000P";

/** How every program starts: CommonJS (no ts-node), the package imported by its public name as users do. */
const PROGRAM_HEADER = `"use strict";\nconst jsms = require("pulumi-jsms");\n`;

function allOutput(r: CommandResult): string {
    return `${r.stdout}\n${r.stderr}`;
}

/** "op name" of each step of the JSMS resources, sorted. */
function jsmsSteps(events: EngineEvent[]): string[] {
    return [...stepsOf(events, SIGNATURE), ...stepsOf(events, TEMPLATE)].map((s) => `${s.op} ${urnName(s.urn)}`).sort();
}

function errorDiagnostics(r: OperationResult, resourceName?: string): string[] {
    return diagnosticsOf(r.events, { severity: "error" })
        .filter((d) => resourceName === undefined || (d.urn !== undefined && urnName(d.urn) === resourceName))
        .map((d) => d.message);
}

/**
 * The events without debug diagnostics. @pulumi/pulumi's program runtime logs every RegisterResource response at
 * debug level ("RegisterResource RPC finished: …; resp: …") with secret outputs resolved to plain text, so the
 * event log holds the qualification's ID number in those lines whatever the provider does. The CLI prints them
 * only with --debug or -v; everything else in the events (steps, inputs, outputs, other diagnostics) must be clean.
 */
function withoutDebug(events: EngineEvent[]): EngineEvent[] {
    return events.filter((e) => e.diagnosticEvent?.severity !== "debug");
}

describe("e2e: signatures, secrets, balances, credentials and faults (real Pulumi CLI)", function () {
    this.timeout(240_000);

    before(function () {
        requirePulumiCli(this);
    });

    describe("the signature delete guard", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;

        const program = (retain: boolean) =>
            PROGRAM_HEADER +
            `const brand = new jsms.SmsSignature("brand", { sign: "极光推送", images: ["assets/licence.png"] }${retain ? ", { retainOnDelete: true }" : ""});
const otp = new jsms.SmsTemplate("otp", {
    template: "您好，您的验证码是{{code}}，5分钟内有效！",
    type: jsms.TemplateType.VerificationCode,
    ttl: 300,
}, { dependsOn: [brand] });
exports.signId = brand.signId;
exports.otpId = otp.tempId;
`;

        before(async function () {
            sim = await ScenarioSimulator.start({ apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }] });
            project = await PulumiProject.create({
                name: "sig-guard",
                program: program(false),
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                },
            });
            writeBytes(project.dir, "assets/licence.png", greyPng(0x80));
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
        });

        it("refuses to destroy a signature in use and default, keeps it in the stack and at JSMS; retainOnDelete lets it go", async function () {
            await project.up();
            const ids = await project.outputs();
            const signId = Number(ids.signId);
            const otpId = Number(ids.otpId);
            await sim.setUsage(signId, { inUse: true, isDefault: true });

            const destroy = await project.destroy({ allowFailure: true });
            const seen = allOutput(destroy);
            expect(destroy.code, seen).to.not.equal(0);
            // The message names the signature (id and text), the reason and the way out.
            const guard = errorDiagnostics(destroy, "brand").join("\n");
            expect(guard, seen).to.contain(`refusing to delete signature ${signId} "极光推送"`);
            expect(guard).to.contain("it is the app's default signature and it is in use for sending");
            expect(guard).to.contain("retainOnDelete");
            expect(seen).to.contain(`refusing to delete signature ${signId} "极光推送"`);
            expect(seen).to.contain("retainOnDelete: true");
            // An expected refusal, not a crash: no JavaScript stack in anything the person sees.
            expect(stackFrameLines(seen), seen).to.deep.equal([]);
            expect(stackFrameLines(guard)).to.deep.equal([]);
            expect(failedStepsOf(destroy.events).map((s) => `${s.op} ${urnName(s.urn)}`)).to.deep.equal([
                "delete brand",
            ]);

            // Still in the stack and still at JSMS; the template (deleted first, as it depends on it) is gone.
            const afterFailed = await project.exportStack();
            expect(getResource(afterFailed, SIGNATURE, "brand").id).to.equal(String(signId));
            expect(findResource(afterFailed, TEMPLATE, "otp")).to.equal(undefined);
            const simAfterFailed = await sim.state();
            expect(simAfterFailed.signs.map((s) => s.id)).to.deep.equal([signId]);
            expect(simAfterFailed.templates.map((t) => t.id)).to.not.include(otpId);

            // The way out the message names: retainOnDelete on the signature, recorded by an up, then destroy.
            project.writeProgram(program(true));
            await project.up();
            expect(getResource(await project.exportStack(), SIGNATURE, "brand").retainOnDelete).to.equal(true);
            await sim.clearRequests();
            const destroyRetained = await project.destroy();
            expect(stackFrameLines(allOutput(destroyRetained))).to.deep.equal([]);
            const calls = (await sim.requests()).map((e) => `${e.method} ${e.path.replace(/\d+$/, "ID")}`);
            expect(calls, "the retained signature is not even asked about").to.deep.equal(["DELETE /v1/templates/ID"]);
            const empty = await project.exportStack();
            expect(resourcesOfType(empty, SIGNATURE)).to.deep.equal([]);
            expect(resourcesOfType(empty, TEMPLATE)).to.deep.equal([]);
            const simEnd = await sim.state();
            expect(
                simEnd.signs.map((s) => s.id),
                "the retained signature stays at JSMS",
            ).to.deep.equal([signId]);
            expect(simEnd.templates, "the template is deleted").to.deep.equal([]);
        });
    });

    describe("the delete guard during a replacement", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        const IMAGE = "assets/licence.png";

        const program = (retain: boolean) =>
            PROGRAM_HEADER +
            `const brand = new jsms.SmsSignature("brand", { sign: "极光推送", images: [${JSON.stringify(IMAGE)}] }${retain ? ", { retainOnDelete: true }" : ""});
exports.signId = brand.signId;
`;

        before(async function () {
            sim = await ScenarioSimulator.start({ apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }] });
            project = await PulumiProject.create({
                name: "sig-guard-replace",
                program: program(false),
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                },
            });
            writeBytes(project.dir, IMAGE, greyPng(0x30));
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
        });

        // The old signature of a replacement stays in the state as a pending delete with the options it was created
        // with: a retainOnDelete added later does not apply to it. The refusal says so, and its first way out
        // (stop using it, run again) must work.
        it("refuses to delete the replaced signature while in use, says what works, and deletes it once it is no longer used", async function () {
            await project.up();
            const oldId = Number((await project.outputs()).signId);
            await sim.review("signs", oldId, "approved");
            await sim.setUsage(oldId, { inUse: true, isDefault: true });
            await project.refresh();

            writeBytes(project.dir, IMAGE, greyPng(0x31));
            const replace = await project.up({ allowFailure: true });
            const text = allOutput(replace);
            expect(replace.code, text).to.not.equal(0);
            expect(errorDiagnostics(replace, "brand").join("\n"), text).to.contain(
                `refusing to delete signature ${oldId} "极光推送"`,
            );
            expect(text).to.contain("retainOnDelete: true");
            expect(stackFrameLines(text), text).to.deep.equal([]);
            // The new signature exists and is recorded; the old one is still at JSMS and still in the stack.
            const newId = Number((await project.outputs()).signId);
            expect(newId).to.not.equal(oldId);
            expect((await sim.state()).signs.map((s) => s.id)).to.deep.equal([oldId, newId]);
            const recorded = resourcesOfType(await project.exportStack(), SIGNATURE).map(
                (r) => `${r.id}${r.delete ? " (pending delete)" : ""}`,
            );
            expect(recorded).to.have.members([String(newId), `${oldId} (pending delete)`]);

            // The advice is right for a replacement: retainOnDelete must come before the change.
            expect(text).to.contain("declare retainOnDelete before changing the signature");

            // Follow the first way out: stop using it, then run the command again.
            await sim.setUsage(oldId, { inUse: false, isDefault: false });
            const again = await project.up({ allowFailure: true });
            expect(
                again.code,
                `after the signature is no longer used, pulumi up must finish\n${allOutput(again)}`,
            ).to.equal(0);
            expect(resourcesOfType(await project.exportStack(), SIGNATURE).map((r) => r.id)).to.deep.equal([
                String(newId),
            ]);
            expect((await sim.state()).signs.map((s) => s.id)).to.deep.equal([newId]);
        });
    });

    describe("secrets: credentials, jsms:apps profiles and the qualification's ID number", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        const seen: CommandResult[] = [];
        const SECRETS: Record<string, string> = {
            "jsms:masterSecret": MASTER_SECRET,
            "the second app's masterSecret": APP2_SECRET,
            "the valid ID number": VALID_ID_NUMBER,
            "the invalid ID number": INVALID_ID_NUMBER,
            "Basic auth of the default app": basicAuthValue(APP_KEY, MASTER_SECRET),
            "Basic auth of the second app": basicAuthValue(APP2_KEY, APP2_SECRET),
        };

        const program = (idNumber: string) =>
            PROGRAM_HEADER +
            `const licensed = new jsms.SmsSignature("licensed", {
    sign: "极光推送",
    type: 1,
    qualification: {
        legalPersonName: "张三",
        legalPersonIdNumber: ${JSON.stringify(idNumber)},
        socialCreditCode: ${JSON.stringify(VALID_CREDIT_CODE)},
        idCardImage: "files/idcard.png",
        businessLicenseImage: "files/licence.png",
    },
});
const shop = new jsms.SmsSignature("shop", { sign: "好物商城", app: "second" });
const shopOtp = new jsms.SmsTemplate("shop-otp", {
    template: "您的商城登录验证码是{{code}}，5分钟内有效。",
    type: jsms.TemplateType.VerificationCode,
    ttl: 300,
    app: "second",
}, { dependsOn: [shop] });
exports.licensedId = licensed.signId;
exports.shopId = shop.signId;
exports.shopOtpId = shopOtp.tempId;
`;

        async function record<T extends CommandResult>(p: Promise<T>): Promise<T> {
            const r = await p;
            seen.push(r);
            return r;
        }

        async function expectNoLeakInExport(when: string): Promise<void> {
            const text = JSON.stringify(await project.exportStack());
            expect(leakedSecrets(text, SECRETS), `pulumi stack export after ${when}`).to.deep.equal([]);
        }

        before(async function () {
            sim = await ScenarioSimulator.start({
                apps: [
                    { appKey: APP_KEY, masterSecret: MASTER_SECRET },
                    { appKey: APP2_KEY, masterSecret: APP2_SECRET },
                ],
            });
            project = await PulumiProject.create({
                name: "sig-secrets",
                program: program(VALID_ID_NUMBER),
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                    "jsms:apps": {
                        value: JSON.stringify({ second: { appKey: APP2_KEY, masterSecret: APP2_SECRET } }),
                        secret: true,
                    },
                },
            });
            writeBytes(project.dir, "files/idcard.png", greyPng(0x20));
            writeBytes(project.dir, "files/licence.png", greyPng(0x40));
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
        });

        it("keeps the secrets out of the state, the output and the request log through up and refresh", async function () {
            const up = await record(project.up());
            await expectNoLeakInExport("up");

            // The ID number is stored, but only inside secret envelopes (it is there with --show-secrets).
            const plain = await project.exportStack();
            // The engine records the whole stack config on the default pulumi-nodejs provider (it hands it to
            // configure): the secret keys are there, encrypted, because they were set with --secret.
            const [nodejsProvider] = resourcesOfType(plain, "pulumi:providers:pulumi-nodejs");
            for (const key of ["jsms:masterSecret", "jsms:apps"]) {
                expect(isSecretEnvelope(nodejsProvider?.inputs?.[key]), `${key} on the provider in state`).to.equal(
                    true,
                );
            }
            const licensed = getResource(plain, SIGNATURE, "licensed");
            expect(isSecretEnvelope(licensed.inputs?.qualification), "inputs.qualification").to.equal(true);
            expect(isSecretEnvelope(licensed.outputs?.qualification), "outputs.qualification").to.equal(true);
            const revealed = JSON.stringify(
                getResource(await project.exportStack({ showSecrets: true }), SIGNATURE, "licensed"),
            );
            expect(revealed).to.contain(VALID_ID_NUMBER);

            // Both apps were used, the second through its jsms:apps profile.
            const state = await sim.state();
            expect(state.signs.map((s) => [s.sign, s.app])).to.have.deep.members([
                ["极光推送", APP_KEY],
                ["好物商城", APP2_KEY],
            ]);
            expect(state.templates.map((t) => t.app)).to.deep.equal([APP2_KEY]);
            const sent = state.signs.find((s) => s.sign === "极光推送")!.qualification!;
            expect(sent.legalPersonIdNumberSha256, "the ID number reached JSMS").to.equal(sha256Hex(VALID_ID_NUMBER));

            const refresh = await record(project.refresh());
            await expectNoLeakInExport("refresh");
            // Nothing drifted, and the refreshed qualification (a secret) is not seen as a change.
            const afterRefresh = await record(project.preview());
            expect(jsmsSteps(afterRefresh.events), allOutput(afterRefresh)).to.deep.equal([
                "same licensed",
                "same shop",
                "same shop-otp",
            ]);

            const log = await sim.requests();
            expect(log.length).to.be.greaterThan(0);
            expect(new Set(log.map((e) => e.app))).to.deep.equal(new Set([APP_KEY, APP2_KEY]));
            expect(leakedSecrets(JSON.stringify(log), SECRETS), "the simulator's request log").to.deep.equal([]);
            expect(leakedSecrets(seenText([up, refresh]), SECRETS), seenText([up, refresh])).to.deep.equal([]);
            // The engine's own events (what --event-log and Automation API consumers get), steps and diagnostics.
            const events = JSON.stringify(withoutDebug([...up.events, ...refresh.events]));
            expect(leakedSecrets(events, SECRETS), "engine events").to.deep.equal([]);
            // And the stack's config file holds the secrets encrypted.
            const configFile = fs.readFileSync(path.join(project.dir, `Pulumi.${project.stack}.yaml`), "utf8");
            expect(leakedSecrets(configFile, SECRETS), "Pulumi.<stack>.yaml").to.deep.equal([]);
        });

        it("reports an invalid ID number without echoing it", async function () {
            project.writeProgram(program(INVALID_ID_NUMBER));
            await sim.clearRequests();
            const preview = await record(project.preview({ allowFailure: true }));
            const text = allOutput(preview);
            expect(preview.code, text).to.not.equal(0);
            expect(text).to.contain(
                "qualification.legalPersonIdNumber is not a valid 18-character PRC resident ID number",
            );
            expect(leakedSecrets(text + JSON.stringify(withoutDebug(preview.events)), SECRETS), text).to.deep.equal([]);
            expect(await sim.requests(), "a failed check makes no API call").to.deep.equal([]);
        });

        it("keeps the secrets out after destroy too", async function () {
            const destroy = await record(project.destroy());
            await expectNoLeakInExport("destroy");
            expect(leakedSecrets(JSON.stringify(withoutDebug(destroy.events)), SECRETS)).to.deep.equal([]);
            expect(leakedSecrets(seenText(seen), SECRETS), seenText(seen)).to.deep.equal([]);
            expect(leakedSecrets(JSON.stringify(await sim.requests()), SECRETS)).to.deep.equal([]);
            const state = await sim.state();
            expect(state.signs).to.deep.equal([]);
            expect(state.templates).to.deep.equal([]);
        });
    });

    describe("image content and balances as outputs", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        const IMAGE = "assets/licence.png";
        const firstBytes = greyPng(0x10, 4);
        const secondBytes = greyPng(0xf0, 4);

        before(async function () {
            sim = await ScenarioSimulator.start({
                apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }],
                dev: { devKey: DEV_KEY, devSecret: DEV_SECRET },
            });
            project = await PulumiProject.create({
                name: "sig-image",
                program:
                    PROGRAM_HEADER +
                    `const brand = new jsms.SmsSignature("brand", { sign: "极光推送", images: [${JSON.stringify(IMAGE)}] });
exports.signId = brand.signId;
exports.imageDigests = brand.imageDigests;
exports.appBalance = jsms.getAppBalanceOutput();
exports.devBalance = jsms.getDevBalanceOutput();
`,
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                    "jsms:devKey": DEV_KEY,
                    "jsms:devSecret": { value: DEV_SECRET, secret: true },
                },
            });
            writeBytes(project.dir, IMAGE, firstBytes);
        });

        after(async function () {
            await project?.destroy({ allowFailure: true });
            await project?.dispose();
            await sim?.close();
        });

        it("exports the balances with null for what is not allocated, and the image's sha256 but never its bytes", async function () {
            await sim.putBalances({ app: { [APP_KEY]: { voice: null, market: null } }, dev: { industry: null } });
            await project.up();
            const outputs = await project.outputs();
            expect(outputs.appBalance).to.deep.equal({ total: 1000, voice: null, industry: 500, market: null });
            expect(outputs.devBalance).to.deep.equal({ total: 10000, voice: 1000, industry: null, market: 2000 });

            const digest = sha256Hex(firstBytes);
            expect(outputs.imageDigests).to.deep.equal([digest]);
            const exported = await project.exportStack({ showSecrets: true });
            const brand = getResource(exported, SIGNATURE, "brand");
            expect(brand.outputs?.imageDigests).to.deep.equal([digest]);
            expect(brand.inputs?.imageDigests).to.deep.equal([digest]);
            expect(brand.outputs?.images).to.deep.equal([IMAGE]);
            const text = JSON.stringify(exported);
            for (const encoding of ["base64", "hex"] as const) {
                expect(text, `image bytes (${encoding}) in state`).to.not.contain(firstBytes.toString(encoding));
            }
            // What JSMS received is the same file.
            const sent = (await sim.state()).signs[0].images;
            expect(sent.map((f) => [f.field, f.name, f.sha256])).to.deep.equal([["image0", "licence.png", digest]]);
        });

        it("previews with balance outputs unknown and no API call", async function () {
            await sim.clearRequests();
            const preview = await project.preview();
            expect(await sim.requests(), allOutput(preview)).to.deep.equal([]);
            expect(stepsOf(preview.events, SIGNATURE).map((s) => s.op)).to.deep.equal(["same"]);
            // The engine's view of the stack outputs in this preview: the balances are unknown, not read.
            const planned = preview.events.filter((e) => e.resOutputsEvent?.metadata.type === "pulumi:pulumi:Stack");
            expect(planned, "the stack's planned outputs").to.not.have.length(0);
            const outputs = planned[planned.length - 1].resOutputsEvent!.metadata.new?.outputs ?? {};
            expect(outputs.appBalance).to.equal(UNKNOWN);
            expect(outputs.devBalance).to.equal(UNKNOWN);
            expect(outputs.imageDigests, "known outputs stay known").to.deep.equal([sha256Hex(firstBytes)]);
        });

        it("shows a change of the image's bytes at the same path as a replacement on imageDigests", async function () {
            const signId = Number((await project.outputs()).signId);
            await sim.review("signs", signId, "approved");
            await project.refresh();
            expect(getResource(await project.exportStack(), SIGNATURE, "brand").outputs?.statusCode).to.equal(1);

            writeBytes(project.dir, IMAGE, secondBytes);
            await sim.clearRequests();
            const preview = await project.preview();
            expect(await sim.requests(), "preview makes no API call").to.deep.equal([]);
            const steps = stepsOf(preview.events, SIGNATURE);
            const ops = steps.map((s) => s.op);
            expect(ops, allOutput(preview)).to.include("create-replacement");
            expect(ops).to.include("replace");
            const replace = steps.find((s) => s.op === "replace")!;
            expect([...(replace.keys ?? []), ...(replace.diffs ?? [])]).to.include("imageDigests");
            expect(preview.stdout, preview.stdout).to.contain("imageDigests");
            expect(preview.stdout).to.contain(sha256Hex(secondBytes));
            expect(replace.new?.inputs?.imageDigests).to.deep.equal([sha256Hex(secondBytes)]);
            expect(replace.old?.outputs?.imageDigests).to.deep.equal([sha256Hex(firstBytes)]);
            // The approved signature keeps sending until the new one exists: created first, deleted after.
            expect(ops).to.deep.equal(["create-replacement", "replace", "delete-replaced"]);

            // And up does it at JSMS in that order, uploading the new bytes.
            const up = await project.up();
            expect(stepsOf(up.events, SIGNATURE).map((s) => s.op)).to.deep.equal([
                "create-replacement",
                "replace",
                "delete-replaced",
            ]);
            const calls = (await sim.requests()).map((e) => `${e.method} ${e.path}`);
            const created = calls.indexOf("POST /v1/sign");
            expect(created, calls.join("\n")).to.be.greaterThan(-1);
            expect(calls.indexOf(`DELETE /v1/sign/${signId}`)).to.be.greaterThan(created);
            const signs = (await sim.state()).signs;
            expect(signs.map((s) => s.id)).to.not.include(signId);
            expect(signs.map((s) => s.images.map((f) => f.sha256))).to.deep.equal([[sha256Hex(secondBytes)]]);
            expect((await project.outputs()).imageDigests).to.deep.equal([sha256Hex(secondBytes)]);
        });
    });

    describe("missing credentials", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;

        before(async function () {
            sim = await ScenarioSimulator.start({ apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }] });
            project = await PulumiProject.create({
                name: "sig-nocreds",
                program:
                    PROGRAM_HEADER +
                    `const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
new jsms.SmsTemplate("otp", { template: "验证码{{code}}", type: jsms.TemplateType.VerificationCode, ttl: 60 }, { dependsOn: [brand] });
`,
                config: { "jsms:endpoint": sim.url },
            });
        });

        after(async function () {
            await project?.dispose();
            await sim?.close();
        });

        it("fails up naming the config keys and the environment variables, and creates nothing", async function () {
            const up = await project.up({ allowFailure: true });
            const text = allOutput(up);
            expect(up.code, text).to.not.equal(0);
            const messages = errorDiagnostics(up, "brand").join("\n");
            for (const name of ["jsms:appKey", "jsms:masterSecret", "JSMS_APP_KEY", "JSMS_MASTER_SECRET"]) {
                expect(messages, text).to.contain(name);
                expect(text).to.contain(name);
            }
            expect(stackFrameLines(text), text).to.deep.equal([]);
            const state = await sim.state();
            expect(state.signs).to.deep.equal([]);
            expect(state.templates).to.deep.equal([]);
            expect(await sim.requests()).to.deep.equal([]);
            expect(resourcesOfType(await project.exportStack(), SIGNATURE)).to.deep.equal([]);
        });

        // The balance functions run in the program, where an unhandled CredentialsError would be printed with a
        // JavaScript stack trace. Same program as README's quick start.
        it("fails without a stack trace when a balance output of the quick-start program needs the missing credentials", async function () {
            project.writeProgram(
                PROGRAM_HEADER +
                    `const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
new jsms.SmsTemplate("otp", { template: "验证码{{code}}", type: jsms.TemplateType.VerificationCode, ttl: 60 }, { dependsOn: [brand] });
exports.balance = jsms.getAppBalanceOutput();
`,
            );
            const up = await project.up({ allowFailure: true });
            const text = allOutput(up);
            expect(up.code, text).to.not.equal(0);
            for (const name of ["jsms:appKey", "jsms:masterSecret", "JSMS_APP_KEY", "JSMS_MASTER_SECRET"]) {
                expect(text).to.contain(name);
            }
            const state = await sim.state();
            expect(state.signs).to.deep.equal([]);
            expect(state.templates).to.deep.equal([]);
            expect(stackFrameLines(text), text).to.deep.equal([]);
            expect(text).to.contain("error: getAppBalance: JSMS app credentials are missing");
            // Node's PromiseRejectionHandledWarning lines may still appear: @pulumi/pulumi 3.248 prints them for any
            // Output whose apply rejects (checked with a bare program: exports.x = pulumi.output({}).apply(() => {
            // throw new pulumi.RunError("boom") })), so they are not this package's to remove.
        });
    });

    describe("rate limits and server errors", function () {
        let sim: ScenarioSimulator;
        let project: PulumiProject;
        const TEMPLATES = 4;

        const program = (templates: number) =>
            PROGRAM_HEADER +
            `const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });\n` +
            Array.from(
                { length: templates },
                (_, i) =>
                    `new jsms.SmsTemplate("notice-${i}", { template: "通知${i}：您的订单{{orderNo}}已发货。", type: jsms.TemplateType.Notification }, { dependsOn: [brand] });\n`,
            ).join("");

        /** Every refused call (not 50000) was made again later and answered with success (same method and path). */
        function expectEachRetriedToSuccess(log: RequestLogEntry[]): void {
            log.forEach((entry, i) => {
                if (entry.code !== 50000) {
                    const later = log
                        .slice(i + 1)
                        .some((e) => e.method === entry.method && e.path === entry.path && e.code === 50000);
                    expect(
                        later,
                        `${entry.method} ${entry.path} answered ${entry.code} (#${i}) was retried to success`,
                    ).to.equal(true);
                }
            });
        }

        before(async function () {
            sim = await ScenarioSimulator.start({ apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }] });
            project = await PulumiProject.create({
                name: "sig-faults",
                program: program(TEMPLATES),
                config: {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP_KEY,
                    "jsms:masterSecret": { value: MASTER_SECRET, secret: true },
                    // More room than the default 4 retries: at 2 requests a second, ten calls queue for a while and
                    // some are refused several times in a row.
                    "jsms:maxRetries": "10",
                },
            });
        });

        after(async function () {
            await sim?.putFaults({ rateLimitPerSecond: 0, errorRate: 0 });
            await project?.destroy({ allowFailure: true });
            await project?.dispose();
            await sim?.close();
        });

        it("creates every template exactly once through 50009 (rate limit) answers", async function () {
            await sim.putFaults({ rateLimitPerSecond: 2 });
            await project.up();

            const log = await sim.requests();
            const creates = log.filter((e) => e.method === "POST" && e.path === "/v1/templates");
            expect(
                creates.filter((e) => e.code === 50009),
                "some template creates were rate limited",
            ).to.not.have.length(0);
            expect(creates.filter((e) => e.code === 50000)).to.have.length(TEMPLATES);
            expect(
                log.every((e) => e.code === 50000 || e.code === 50009),
                JSON.stringify(log),
            ).to.equal(true);
            expectEachRetriedToSuccess(log);

            const state = await sim.state();
            expect(state.templates).to.have.length(TEMPLATES);
            expect(state.signs).to.have.length(1);
            const exported = resourcesOfType(await project.exportStack(), TEMPLATE);
            expect(exported.map((r) => Number(r.id)).sort()).to.deep.equal(state.templates.map((t) => t.id).sort());
        });

        it("does not retry a create answered 50019 (it may have been inserted) and says how to adopt it", async function () {
            await sim.putFaults({ rateLimitPerSecond: 0, errorRate: 1 });
            await sim.clearRequests();
            project.writeProgram(program(TEMPLATES + 1));
            const up = await project.up({ allowFailure: true });
            const text = allOutput(up);
            expect(up.code, text).to.not.equal(0);
            const message = errorDiagnostics(up, `notice-${TEMPLATES}`).join("\n");
            expect(message, text).to.contain("JSMS 50019");
            expect(message).to.contain("may have been created").and.to.contain("adoptId");
            expect(stackFrameLines(text), text).to.deep.equal([]);
            expect((await sim.requests()).map((e) => `${e.method} ${e.path} ${e.code}`)).to.deep.equal([
                "POST /v1/templates 50019",
            ]);
            expect(resourcesOfType(await project.exportStack(), TEMPLATE)).to.have.length(TEMPLATES);
            project.writeProgram(program(TEMPLATES));
        });

        it("refreshes and destroys through 50019 (server error) answers", async function () {
            // Seed 5 answers 50019 to the 3rd and 5th request (and later ones): the refresh's reads meet them.
            await sim.putFaults({ errorRate: 0.3, seed: 5 });
            await sim.clearRequests();
            await project.refresh();
            const destroy = await project.destroy();
            expect(stepsOf(destroy.events, TEMPLATE)).to.have.length(TEMPLATES);

            const log = await sim.requests();
            expect(
                log.filter((e) => e.code === 50019),
                "the seeded error rate answered some 50019s",
            ).to.not.have.length(0);
            expect(
                log.every((e) => e.code === 50000 || e.code === 50019),
                JSON.stringify(log),
            ).to.equal(true);
            expectEachRetriedToSuccess(log);
            const deletes = log.filter((e) => e.method === "DELETE" && e.code === 50000).map((e) => e.path);
            expect(new Set(deletes).size, "each object deleted once").to.equal(deletes.length);
            expect(deletes).to.have.length(TEMPLATES + 1);
            const state = await sim.state();
            expect(state.templates).to.deep.equal([]);
            expect(state.signs).to.deep.equal([]);
        });
    });
});
