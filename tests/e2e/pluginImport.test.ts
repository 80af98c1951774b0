// End-to-end: `pulumi import` through the jsms plugin (objects created outside Pulumi become resources of a YAML
// program, and the program the import prints previews with no changes), and the migration of a stack from the
// dynamic resources to the plugin's with zero writes at JSMS (aliases to the old URNs, then up and refresh).
import { expect } from "chai";
import * as yaml from "js-yaml";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { EngineEvent, PulumiProject, describeResult, resourcesOfType, stepsOf, urnName } from "./support";
import { pluginsBlock, requireYamlHost, yamlProject } from "./support/pluginProject";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const IMPORTER = { appKey: "e2epluginimportkey5d2c", masterSecret: "e2e-plugin-import-secret-0b7e" };
const MIGRATOR = { appKey: "e2epluginmigratekey9a41", masterSecret: "e2e-plugin-migrate-secret-c3f8" };

function stackConfig(sim: ScenarioSimulator, app: { appKey: string; masterSecret: string }) {
    return {
        "jsms:endpoint": sim.url,
        "jsms:maxRetries": "1",
        "jsms:appKey": app.appKey,
        "jsms:masterSecret": { value: app.masterSecret, secret: true },
    };
}

/** The YAML program `pulumi import` prints after its summary. */
function printedProgram(stdout: string): { resources: Record<string, unknown> } {
    const start = stdout.indexOf("resources:");
    expect(start, stdout).to.be.greaterThan(-1);
    return yaml.load(stdout.slice(start)) as { resources: Record<string, unknown> };
}

async function writes(sim: ScenarioSimulator): Promise<string[]> {
    return (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}

describe("e2e: pulumi import and migration through the jsms plugin (real Pulumi CLI)", function () {
    this.timeout(240_000);
    let sim: ScenarioSimulator;
    const projects: PulumiProject[] = [];

    before(async function () {
        requireYamlHost(this);
        sim = await ScenarioSimulator.start({ apps: [IMPORTER, MIGRATOR], review: "manual" });
    });

    after(async () => {
        for (const p of projects) await p.dispose();
        await sim?.close();
    });

    it("imports a template and a signature created outside Pulumi; the printed program previews with no changes", async () => {
        const outside = new JsmsClient({ endpoint: sim.url, ...IMPORTER, maxRetries: 0 });
        const signId = await outside.createSignature({ sign: "外部签名", remark: "控制台创建" });
        await outside.close();
        await sim.review("signs", signId, "approved");
        const tempId = await sim.createTemplateDirectly(IMPORTER, {
            template: "您的验证码是{{code}}，5分钟内有效",
            type: 1,
            ttl: 300,
            remark: "控制台创建",
        });
        await sim.review("templates", tempId, "approved");

        const project = await yamlProject("plugin-import", "resources: {}\n", stackConfig(sim, IMPORTER));
        projects.push(project);
        await sim.clearRequests();
        const signature = await project.run([
            "import",
            "jsms:index:SmsSignature",
            "brand",
            String(signId),
            "--yes",
            "--non-interactive",
            "--protect=false",
        ]);
        expect(signature.code, describeResult(signature)).to.equal(0);
        expect(signature.stdout.replace(/\s+/g, " ")).to.contain(
            `signature ${signId} was read with its text only: JSMS does not return a signature's images, type, remark or qualification, so declare just \`sign\``,
        );
        const template = await project.run([
            "import",
            "jsms:index:SmsTemplate",
            "otp",
            String(tempId),
            "--yes",
            "--non-interactive",
            "--protect=false",
        ]);
        expect(template.code, describeResult(template)).to.equal(0);
        expect(await writes(sim)).to.deep.equal([]);

        const resources = {
            ...printedProgram(signature.stdout).resources,
            ...printedProgram(template.stdout).resources,
        };
        expect(resources).to.deep.equal({
            brand: { type: "jsms:SmsSignature", properties: { sign: "外部签名" } },
            otp: {
                type: "jsms:SmsTemplate",
                properties: { template: "您的验证码是{{code}}，5分钟内有效", type: 1, ttl: 300, remark: "控制台创建" },
            },
        });
        project.writeFile(
            "Pulumi.yaml",
            `name: plugin-import\nruntime: yaml\n${pluginsBlock()}${yaml.dump({ resources })}`,
        );
        const preview = await project.preview({ args: ["--expect-no-changes"] });
        expect(preview.code).to.equal(0);
        const state = await project.exportStack();
        expect(resourcesOfType(state, "jsms:index:SmsTemplate").map((r) => [r.id, r.outputs?.status])).to.deep.equal([
            [String(tempId), "approved"],
        ]);
        expect(resourcesOfType(state, "jsms:index:SmsSignature").map((r) => [r.id, r.outputs?.status])).to.deep.equal([
            [String(signId), "approved"],
        ]);

        await project.destroy();
        expect(await sim.templates(IMPORTER.appKey)).to.deep.equal([]);
        expect(await sim.signs(IMPORTER.appKey)).to.deep.equal([]);
    });

    it("moves a dynamic-provider stack to the plugin with zero writes at JSMS: aliases to the old URNs, up, refresh", async () => {
        const project = await PulumiProject.create({
            name: "plugin-migration",
            program: `const jsms = require("pulumi-jsms");
const brand = new jsms.SmsSignature("brand", { sign: "迁移签名", remark: "公司简称" });
new jsms.SmsTemplate("otp", { template: "验证码{{code}}，5分钟内有效", type: jsms.TemplateType.VerificationCode, ttl: 300 }, { dependsOn: [brand] });
new jsms.SmsTemplate("shipped", { template: "订单{{orderNo}}已发货", type: jsms.TemplateType.Notification, remark: "发货通知" }, { dependsOn: [brand] });`,
            config: stackConfig(sim, MIGRATOR),
        });
        projects.push(project);
        await project.up();
        const before = await project.exportStack();
        const dynamic = [
            ...resourcesOfType(before, "pulumi-nodejs:dynamic/jsms:SmsTemplate"),
            ...resourcesOfType(before, "pulumi-nodejs:dynamic/jsms:SmsSignature"),
        ];
        expect(dynamic).to.have.length(3);
        const ids = Object.fromEntries(dynamic.map((r) => [urnName(r.urn), r.id!]));
        await sim.review("templates", ids.otp, "approved");
        await sim.clearRequests();

        // The same resources in a YAML program through the plugin; the project and the stack stay. (Pulumi YAML
        // takes aliases as literal URNs, as `pulumi stack --show-urns` prints them.)
        const resource = (name: string, kind: string, properties: string, aliased: boolean) => {
            const options =
                // biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation, not JavaScript's
                (name === "brand" ? "" : '      dependsOn: ["${brand}"]\n') +
                (aliased
                    ? `      aliases: ["urn:pulumi:${project.stack}::plugin-migration::pulumi-nodejs:dynamic/jsms:${kind}::${name}"]\n`
                    : "");
            return (
                `  ${name}:\n    type: jsms:${kind}\n    properties: ${properties}\n` +
                (options ? `    options:\n${options}` : "")
            );
        };
        const program = (aliased: boolean) =>
            `name: plugin-migration\nruntime: yaml\n${pluginsBlock()}resources:\n` +
            resource("brand", "SmsSignature", "{ sign: 迁移签名, remark: 公司简称 }", aliased) +
            resource("otp", "SmsTemplate", '{ template: "验证码{{code}}，5分钟内有效", type: 1, ttl: 300 }', aliased) +
            resource(
                "shipped",
                "SmsTemplate",
                '{ template: "订单{{orderNo}}已发货", type: 2, remark: 发货通知 }',
                aliased,
            );
        const jsmsSteps = (events: EngineEvent[]) =>
            stepsOf(events)
                .filter((s) => s.type.includes("jsms:"))
                .map((s) => `${s.op} ${s.type} ${urnName(s.urn)}`)
                .sort();

        // Without aliases the engine would create three new objects and delete the old ones.
        project.writeFile("Pulumi.yaml", program(false));
        const naive = await project.preview();
        expect(jsmsSteps(naive.events).filter((s) => s.startsWith("create "))).to.have.length(3);

        // With an alias to each old URN the plugin's diff compares the recorded values with the program: the same.
        project.writeFile("Pulumi.yaml", program(true));
        const aliased = await project.preview();
        expect(jsmsSteps(aliased.events)).to.deep.equal([
            "same jsms:index:SmsSignature brand",
            "same jsms:index:SmsTemplate otp",
            "same jsms:index:SmsTemplate shipped",
        ]);
        await project.up();
        expect(await sim.requests()).to.deep.equal([]);

        // refresh reads each object once through the plugin: the recorded outputs lose the dynamic provider's code.
        await project.refresh();
        expect(await writes(sim)).to.deep.equal([]);
        const after = await project.exportStack();
        expect(JSON.stringify(after)).to.not.contain("__provider");
        expect(resourcesOfType(after, "pulumi:providers:pulumi-nodejs")).to.deep.equal([]);
        const migrated = [
            ...resourcesOfType(after, "jsms:index:SmsSignature"),
            ...resourcesOfType(after, "jsms:index:SmsTemplate"),
        ];
        expect(Object.fromEntries(migrated.map((r) => [urnName(r.urn), r.id]))).to.deep.equal(ids);
        expect(migrated.find((r) => urnName(r.urn) === "otp")!.outputs!.status).to.equal("approved");
        // What JSMS never returns (a signature's remark) stays: nothing was re-read from scratch.
        expect(migrated.find((r) => urnName(r.urn) === "brand")!.outputs!.remark).to.equal("公司简称");

        // The aliases have done their job; the program without them agrees with the stack.
        project.writeFile("Pulumi.yaml", program(false));
        await project.preview({ args: ["--expect-no-changes"] });
        expect(await writes(sim)).to.deep.equal([]);

        // The plugin now manages them: destroy removes them at JSMS.
        await project.destroy();
        expect(await sim.templates(MIGRATOR.appKey)).to.deep.equal([]);
        expect(await sim.signs(MIGRATOR.appKey)).to.deep.equal([]);
    });
});
