// The create journal under the real CLI (docs/create-journal.md): a `pulumi up` killed halfway is healed by
// `pulumi cancel` and one plain `pulumi up` (0 orphans, 0 duplicates, every resource recorded once), through both
// front doors, with the local store; a killed process group leaves at most the creates that were in flight; a
// replacement never adopts what it replaces; a change made at JSMS between the runs is not adopted, and says why.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiProject, StackExport, describeResult, requirePulumiCli, resourcesOfType } from "./support";
import { requireYamlHost, yamlProject } from "./support/pluginProject";
import {
    expectHealedOnlyMissing,
    expectRequiredJournalRefused,
    healingUp,
    journalProgram,
    killedStack,
    recordedIds,
} from "./support/interruptedRun";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const DYNAMIC_TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const DYNAMIC_SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";
const APP = { appKey: "e2ejournalkey5b7a90c1", masterSecret: "e2ejournalsecret-3f18d2aa" };
const COUNT = 40;

/** The same stack as a YAML program through the plugin. */
function yamlBody(count: number): string {
    const templates = Array.from(
        { length: count },
        (_, i) =>
            `  t${i}:\n    type: jsms:SmsTemplate\n    properties:\n      template: "您的第${i}号订单{{orderNo}}已发货"\n      type: 2\n    options:\n      dependsOn:\n        - \${brand}\n`,
    ).join("");
    return `resources:\n  brand:\n    type: jsms:SmsSignature\n    properties:\n      sign: 极光日志\n${templates}`;
}

/** The engine's pending operations in the checkpoint (what a killed run left). */
function pendingOperations(state: StackExport): { type: string; resource: { urn: string; id?: string } }[] {
    return (state.deployment as { pending_operations?: never[] }).pending_operations ?? [];
}

describe("e2e: the create journal heals interrupted runs (real Pulumi CLI)", function () {
    this.timeout(600_000);
    const cleanups: (() => Promise<void>)[] = [];

    before(function () {
        requirePulumiCli(this);
    });

    after(async () => {
        for (const c of cleanups.reverse()) await c();
    });

    const config = (sim: ScenarioSimulator, extra: Record<string, string> = {}) => ({
        "jsms:endpoint": sim.url,
        "jsms:appKey": APP.appKey,
        "jsms:masterSecret": { value: APP.masterSecret, secret: true },
        ...extra,
    });

    async function simulator(): Promise<ScenarioSimulator> {
        // The vendor's limit in the issue: 10 requests a second; the client learns it from the refusals.
        const sim = await ScenarioSimulator.start({ apps: [APP], review: "manual", rateLimitPerSecond: 10 });
        cleanups.push(() => sim.close());
        return sim;
    }

    function track(project: PulumiProject): PulumiProject {
        cleanups.push(() => project.dispose());
        return project;
    }

    /** {@link killedStack} of a stack that `create` makes on a fresh simulator, killed once half its templates exist. */
    function killedRun(create: (sim: ScenarioSimulator) => Promise<PulumiProject>, group: boolean, count = COUNT) {
        return killedStack(
            async () => {
                const sim = await simulator();
                return { sim, project: track(await create(sim)) };
            },
            { atLeast: count / 2, group, below: count },
        );
    }

    /** Asserts JSMS and the stack agree: every template and signature at JSMS recorded once, each copy once. */
    async function expectAgreement(
        sim: ScenarioSimulator,
        project: PulumiProject,
        templateType: string,
        signType: string,
    ) {
        const state = await project.exportStack();
        const templates = await sim.templates();
        const signs = await sim.signs();
        const recorded = recordedIds(state, templateType, signType);
        expect(new Set(recorded).size, "each object recorded once").to.equal(recorded.length);
        expect(recorded.length).to.equal(COUNT + 1);
        const orphans = [...templates.map((t) => String(t.id)), ...signs.map((s) => String(s.id))].filter(
            (id) => !recorded.includes(id),
        );
        expect(orphans, "0 orphans").to.deep.equal([]);
        expect(new Set(templates.map((t) => t.template)).size, "0 duplicates").to.equal(templates.length);
        expect(templates.length).to.equal(COUNT);
        expect(signs.length).to.equal(1);
        return state;
    }

    it("TypeScript program, kill -9 of pulumi halfway: pulumi cancel and one plain up leave 0 orphans and 0 duplicates", async () => {
        const { sim, project, atJsms, killed } = await killedRun(
            (sim) =>
                PulumiProject.create({ name: "journal-kill", program: journalProgram(COUNT), config: config(sim) }),
            false,
        );
        const unrecorded = (await sim.templates()).filter(
            (t) => !recordedIds(killed, DYNAMIC_TEMPLATE).includes(String(t.id)),
        );
        expect(unrecorded.length, "the kill left creates the stack does not record").to.be.above(0);
        // What CLI 3.276 records of them: pending creates, without ids (the CLI died before any answer).
        const pending = pendingOperations(killed);
        expect(pending.length).to.be.at.least(unrecorded.length);
        expect(pending.every((p) => p.type === "creating" && !p.resource.id)).to.equal(true);

        await sim.clearRequests();
        const healed = await healingUp((args) => project.run(args), project.stack);
        const output = `${healed.stdout}\n${healed.stderr}`;
        await expectAgreement(sim, project, DYNAMIC_TEMPLATE, DYNAMIC_SIGNATURE);
        // One line per adopted object, naming the run that created it and when; only the missing ones created.
        await expectHealedOnlyMissing(sim, output, unrecorded, COUNT - atJsms);

        // A stack written before the journal existed (no hidden key in its state) previews with no change.
        const state = await project.exportStack();
        for (const r of state.deployment.resources ?? []) {
            delete (r.inputs as Record<string, unknown> | undefined)?.__journalKey;
            delete (r.outputs as Record<string, unknown> | undefined)?.__journalKey;
        }
        (state.deployment as { pending_operations?: unknown[] }).pending_operations = [];
        const file = path.join(project.workspace, "old-state.json");
        fs.writeFileSync(file, JSON.stringify(state));
        await project.run(["stack", "import", "--file", file, "--stack", project.stack], { check: true });
        await project.preview({ args: ["--expect-no-changes", "--diff"] });
        // Later runs add nothing: nothing adopted, nothing changed.
        const again = await project.up({ args: ["--expect-no-changes"] });
        expect(`${again.stdout}${again.stderr}`).not.to.contain("adopted");
    });

    it("YAML through the plugin, the whole process group killed: no answered create duplicated, orphans at most the creates in flight; a replacement adopts nothing", async function () {
        requireYamlHost(this);
        const { sim, project } = await killedRun(
            (sim) => yamlProject("journal-yaml", yamlBody(COUNT), config(sim)),
            true,
        );
        const journal = fs.readFileSync(
            path.join(project.dir, ".jsms-journal", `journal-yaml%2F${project.stack}.jsonl`),
            "utf8",
        );
        const answered = new Set(
            journal
                .trim()
                .split("\n")
                .map((l) => JSON.parse(l))
                .filter((r) => r.op === "answer")
                .map((r) => String(r.objectId)),
        );

        // The documented alternative: clear the engine's pending creates, then up.
        await project.run(["cancel", "--yes", "--stack", project.stack]);
        const refresh = await project.refresh({ args: ["--clear-pending-creates"], allowFailure: true });
        expect(refresh.code, describeResult(refresh)).to.equal(0);
        await project.up();
        const state = await project.exportStack();
        const recorded = recordedIds(state, "jsms:index:SmsTemplate", "jsms:index:SmsSignature");
        expect(recorded).to.have.length(COUNT + 1);
        const templates = await sim.templates();
        const orphans = templates.filter((t) => !recorded.includes(String(t.id)));
        // Killed with the provider, a create in flight never had its answer journaled: at most maxConcurrency (8).
        expect(orphans.length, "orphans at most the requests in flight").to.be.at.most(8);
        expect(
            orphans.filter((o) => answered.has(String(o.id))),
            "no answered create is an orphan",
        ).to.deep.equal([]);
        const copies = templates.filter((t) => answered.has(String(t.id))).map((t) => t.template);
        expect(new Set(copies).size, "0 duplicates among answered creates").to.equal(copies.length);

        // A replacement with the very same copy: the old object is held by the stack, so it is never adopted.
        const t0 = resourcesOfType(state, "jsms:index:SmsTemplate").find((r) => r.urn.endsWith("::t0"));
        await sim.clearRequests();
        await project.up({ args: ["--replace", String(t0?.urn)] });
        const after = await project.exportStack();
        const t0After = resourcesOfType(after, "jsms:index:SmsTemplate").find((r) => r.urn.endsWith("::t0"));
        expect(t0After?.id).to.not.equal(t0?.id);
        expect(await sim.template(String(t0?.id)), "the replaced object was deleted").to.equal(undefined);
        expect(await sim.template(String(t0After?.id)), "its replacement exists").not.to.equal(undefined);
    });

    it("an object changed at JSMS between the runs is not adopted, and pulumi up --refresh says why", async () => {
        const count = 16;
        const { sim, project, killed } = await killedRun(
            (sim) =>
                PulumiProject.create({ name: "journal-edit", program: journalProgram(count), config: config(sim) }),
            false,
            count,
        );
        const [edited] = (await sim.templates()).filter(
            (t) => !recordedIds(killed, DYNAMIC_TEMPLATE).includes(String(t.id)),
        );
        expect(edited, "the kill left a create the stack does not record").not.to.equal(undefined);
        await sim.consoleEditTemplate(edited.id, { template: "您的订单{{orderNo}}已由客服改过" });

        await project.run(["cancel", "--yes", "--stack", project.stack]);
        const healed = await project.up({ args: ["--refresh"] });
        const output = `${healed.stdout}\n${healed.stderr}`;
        expect(output)
            .to.contain(`template ${edited.id}, created for`)
            .and.to.contain("changed at JSMS since")
            .and.to.contain(`template ${edited.id} is in no stack`);
        const recorded = recordedIds(await project.exportStack(), DYNAMIC_TEMPLATE);
        expect(recorded).to.have.length(count).and.not.to.include(String(edited.id));
        expect((await sim.templates()).length, "the edited one is the only object beyond the stack").to.equal(
            count + 1,
        );
    });

    it("a journal folder that cannot be written warns that healing is off; a required journal fails the create clearly", async () => {
        const sim = await simulator();
        const blocked = path.join(os.tmpdir(), `jsms-not-a-folder-${process.pid}`);
        fs.writeFileSync(blocked, "");
        cleanups.push(async () => fs.rmSync(blocked, { force: true }));
        const project = track(
            await PulumiProject.create({
                name: "journal-broken",
                program: journalProgram(1),
                config: config(sim, { "jsms:journalDir": path.join(blocked, "journal") }),
            }),
        );
        const lenient = await project.up();
        expect(`${lenient.stdout}${lenient.stderr}`).to.contain("healing is off for it");
        expect(recordedIds(await project.exportStack(), DYNAMIC_TEMPLATE)).to.have.length(1);

        await project.configSet("jsms:journal", "required");
        project.writeProgram(journalProgram(2));
        expectRequiredJournalRefused(await project.up({ allowFailure: true }));
        expect((await sim.templates()).length).to.equal(1);
    });
});
