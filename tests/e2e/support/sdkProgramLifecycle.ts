// The life of a stack whose program uses a generated SDK (TypeScript, Go) with the released plugin, under the real
// CLI against the simulator: the same steps for every language, so each SDK is held to the same behaviour. The
// program declares a signature `brand` and a template `otp` whose copy is the stack config `copy`, and, when the
// config `imported` holds a template's fields as JSON, a template `imported` with them.
import { expect } from "chai";
import { EngineEvent, PulumiProject, diagnosticsOf, describeResult, resourcesOfType, stepsOf, urnName } from ".";
import { ScenarioSimulator } from "./scenarioSimulator";

/** What the lifecycle needs from the suite, once its `before` hook has run. */
export interface SdkProgramContext {
    project: PulumiProject;
    sim: ScenarioSimulator;
    app: { appKey: string; masterSecret: string };
    /** The plugin version every resource must be served by. */
    version: string;
}

/** The copy the program starts with, and the one the review changes it to. */
export const FIRST_COPY = "您的验证码是{{code}}，5分钟内有效。";
const SECOND_COPY = "您的验证码为{{code}}，5分钟内有效，请勿泄露。";

/** The stack config a program of this lifecycle starts with. */
export function lifecycleConfig(sim: ScenarioSimulator, app: { appKey: string; masterSecret: string }) {
    return {
        "jsms:endpoint": sim.url,
        "jsms:maxRetries": "1",
        "jsms:appKey": app.appKey,
        "jsms:masterSecret": { value: app.masterSecret, secret: true },
        copy: FIRST_COPY,
    };
}

function step(events: EngineEvent[], name: string) {
    return stepsOf(events).filter((s) => urnName(s.urn) === name);
}

async function writes(sim: ScenarioSimulator): Promise<string[]> {
    return (await sim.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
}

/**
 * Registers the lifecycle's tests, in order, in the calling describe block; `beforeDestroy` registers a language's
 * own steps on the same stack before the last one, destroy.
 */
export function sdkProgramLifecycle(ctx: () => SdkProgramContext, beforeDestroy?: () => void): void {
    it("up creates the signature and the template through the plugin of the SDK's version", async () => {
        const { project, sim, version } = ctx();
        await project.up();
        const state = await sim.state();
        const outputs = await project.outputs();
        expect(outputs.signId).to.equal(state.signs[0].id);
        expect(outputs.tempId).to.equal(state.templates[0].id);
        expect(state.templates[0].template).to.equal(FIRST_COPY);
        const exported = await project.exportStack();
        const [provider] = resourcesOfType(exported, "pulumi:providers:jsms");
        expect(provider?.inputs?.version, JSON.stringify(provider)).to.equal(version);
        expect(resourcesOfType(exported, "jsms:index:SmsTemplate")).to.have.length(1);
    });

    it("preview --diff of a copy change on the approved template shows the replacement and its reason, calling nothing", async () => {
        const { project, sim } = ctx();
        const { tempId } = await project.outputs();
        await sim.review("templates", tempId as number, "approved");
        await project.refresh();
        await project.configSet("copy", SECOND_COPY);
        await sim.clearRequests();
        const preview = await project.preview();
        expect(await sim.requests()).to.deep.equal([]);
        const replace = step(preview.events, "otp").find((s) => s.op === "replace");
        expect(replace, JSON.stringify(step(preview.events, "otp"))).to.not.equal(undefined);
        // The template forces the replacement; outputs derived from the copy (its length) change with it.
        expect(replace!.detailedDiff?.template).to.deep.equal({ diffKind: "update-replace", inputDiff: true });
        const replacing = Object.entries(replace!.detailedDiff ?? {}).filter(([, d]) =>
            String((d as Record<string, unknown>).diffKind).endsWith("-replace"),
        );
        expect(replacing.map(([k]) => k)).to.deep.equal(["template"]);
        const reasons = diagnosticsOf(preview.events).filter((d) => d.urn?.endsWith("::otp"));
        expect(reasons.map((d) => d.message).join("")).to.contain(
            "the template is approved and JSMS modifies only rejected ones, so a new template replaces it (replaced because of: template)",
        );
        expect(preview.stdout).to.match(/\+-\s*jsms:index:SmsTemplate: \(replace\)/);
        expect(preview.stdout).to.contain("~ template:");
    });

    it("up replaces it: the new template first, then the old one deleted", async () => {
        const { project, sim } = ctx();
        const { tempId } = await project.outputs();
        await sim.clearRequests();
        await project.up();
        expect(await writes(sim)).to.deep.equal(["POST /v1/templates", `DELETE /v1/templates/${tempId}`]);
        const { tempId: newId } = await project.outputs();
        expect(newId).to.not.equal(tempId);
        expect((await sim.template(newId as number))?.template).to.equal(SECOND_COPY);
    });

    it("import adopts a template made outside Pulumi with no write; declared in the program, preview has no changes", async () => {
        const { project, sim, app } = ctx();
        const fields = { template: "订单{{order}}已发货，请留意查收。", type: 2, remark: "控制台创建" };
        const outsideId = await sim.createTemplateDirectly(app, fields);
        await sim.clearRequests();
        const imported = await project.run([
            "import",
            "jsms:index:SmsTemplate",
            "imported",
            String(outsideId),
            "--yes",
            "--non-interactive",
            "--protect=false",
            "--generate-code=false",
            "--stack",
            project.stack,
        ]);
        expect(imported.code, describeResult(imported)).to.equal(0);
        expect(await writes(sim)).to.deep.equal([]);
        const state = await project.exportStack();
        const adopted = resourcesOfType(state, "jsms:index:SmsTemplate").find((r) => urnName(r.urn) === "imported");
        expect(adopted?.id).to.equal(String(outsideId));

        await project.configSet("imported", JSON.stringify(fields));
        const preview = await project.preview({ args: ["--expect-no-changes"] });
        expect(preview.code, describeResult(preview)).to.equal(0);
        expect(await writes(sim)).to.deep.equal([]);
    });

    beforeDestroy?.();

    it("destroy deletes every template and the signature at JSMS", async () => {
        const { project, sim } = ctx();
        await project.destroy();
        const state = await sim.state();
        expect(state.templates).to.deep.equal([]);
        expect(state.signs).to.deep.equal([]);
    });
}
