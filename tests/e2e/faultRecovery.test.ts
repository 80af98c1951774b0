// Faults that must not lose anything, under the real CLI, each asserting what is at the vendor and in the state:
// the CLI killed with SIGKILL in the middle of an `up` (the provider sends nothing more, and the README's recovery for a stack
// without a create journal adopts the interrupted creates instead of duplicating them); the simulator stopped and restarted from its state
// file in the middle of an `up` (the next `up` converges, every "may exist" is reported); and a create answered only
// after the client's timeout (reported as "may exist", then adopted with no duplicate).
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    PulumiProject,
    StackExport,
    describeResult,
    diagnosticsOf,
    requirePulumiCli,
    resourcesOfType,
} from "./support";
import { stableCount } from "./support/interruptedRun";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const APP = { appKey: "e2efaultkey2c8d41b7", masterSecret: "e2efaultsecret-90a3f5e1" };

/** A program with one signature and `count` notification templates whose copy names their index. */
function program(count: number, adopt: Record<number, number> = {}): string {
    return `const jsms = require("pulumi-jsms");
const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
for (let i = 0; i < ${count}; i++) {
    const adoptId = ${JSON.stringify(adopt)}[i];
    new jsms.SmsTemplate("t" + i, { template: "您的第" + i + "号订单{{orderNo}}已发货", type: 2, ...(adoptId ? { adoptId } : {}) }, { dependsOn: [brand] });
}`;
}

const indexOf = (copy: string) => Number(/第(\d+)号/.exec(copy)?.[1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function templatesInState(state: StackExport): Map<number, string> {
    const byIndex = new Map<number, string>();
    for (const r of resourcesOfType(state, TEMPLATE)) {
        byIndex.set(Number(r.urn.slice(r.urn.lastIndexOf("::t") + 3)), String(r.id));
    }
    return byIndex;
}

describe("e2e: faults that must not lose anything (real Pulumi CLI)", function () {
    this.timeout(900_000);
    const cleanups: (() => Promise<void>)[] = [];

    before(function () {
        requirePulumiCli(this);
    });

    after(async () => {
        for (const c of cleanups.reverse()) await c();
    });

    async function setUp(
        name: string,
        count: number,
        options: Partial<Parameters<typeof ScenarioSimulator.start>[0]> = {},
        config: Record<string, string> = {},
    ) {
        const sim = await ScenarioSimulator.start({ apps: [APP], review: "manual", ...options } as Parameters<
            typeof ScenarioSimulator.start
        >[0]);
        const project = await PulumiProject.create({
            name,
            program: program(count),
            config: {
                "jsms:endpoint": sim.url,
                "jsms:appKey": APP.appKey,
                "jsms:masterSecret": { value: APP.masterSecret, secret: true },
                ...config,
            },
        });
        cleanups.push(async () => {
            await project.dispose();
            await sim.close();
        });
        return { sim, project };
    }

    it("kill -9 of the CLI mid-up: the writes stop short of the stack, and the recovery without a journal adopts the interrupted creates (0 duplicates)", async () => {
        const COUNT = 40;
        // The manual recovery is what stacks without a create journal have (tests/e2e/createJournal.test.ts heals with one).
        const { sim, project } = await setUp(
            "fault-kill",
            COUNT,
            {},
            { "jsms:maxConcurrency": "2", "jsms:journal": "off" },
        );
        await sim.putFaults({ latencyMs: 400 });

        const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack], {
            cwd: project.dir,
            env: project.env(),
            stdio: "ignore",
        });
        for (const started = Date.now(); (await sim.templates()).length < 8; await sleep(100)) {
            expect(Date.now() - started, "templates are being created").to.be.below(120_000);
        }
        cli.kill("SIGKILL");
        await new Promise((r) => cli.once("close", r));
        const atKill = (await sim.templates()).length;
        // The provider notices the engine is gone within a few health checks; requests already sent may still land.
        // A live provider writes a template every 0.4 s or so (2 lanes, 400 ms latency): 3 s without a new one is
        // ~15 missed writes, so the count has settled, not paused. The deadline only tells "stops" from "never".
        const settled = await stableCount(() => sim.templates().then((t) => t.length), 3000, 60_000);
        expect(settled, `the interrupted up created only part of the stack (${atKill} at the kill)`).to.be.below(COUNT);

        // Recovery without a journal, as README's Operations section says: release the lock, clear the pending creates, adopt what the
        // interrupted run created (found at JSMS by its copy), then up.
        await sim.putFaults({ latencyMs: 0 });
        const locked = await project.up({ allowFailure: true });
        expect(locked.code).to.not.equal(0);
        await project.run(["cancel", "--yes", "--stack", project.stack], { check: true });
        const state = await project.exportStack();
        const recorded = templatesInState(state);
        const pending = (
            (state.deployment as { pending_operations?: { resource: { urn: string; type: string } }[] })
                .pending_operations ?? []
        ).filter((p) => p.resource.type === TEMPLATE);
        const orphans = (await sim.templates()).filter((t) => ![...recorded.values()].includes(String(t.id)));
        expect(orphans.length, "every template JSMS has but the state lacks is a pending create").to.be.at.most(
            pending.length,
        );
        if (process.env.JSMS_E2E_DUMP === "1") {
            process.stderr.write(
                `settled ${settled}, recorded ${recorded.size}, pending ${pending.length}, orphans ${orphans.map((o) => o.id)}\n${describeResult(locked)}\n`,
            );
        }
        // The interrupted creates are dropped from the state, and what JSMS did create is adopted by its id.
        const refresh = await project.refresh({ args: ["--clear-pending-creates"], allowFailure: true });
        expect(refresh.code, describeResult(refresh)).to.equal(0);
        project.writeProgram(program(COUNT, Object.fromEntries(orphans.map((o) => [indexOf(o.template), o.id]))));
        await project.up();
        const final = templatesInState(await project.exportStack());
        expect(final.size).to.equal(COUNT);
        expect((await sim.templates()).length, "0 duplicates, 0 orphans").to.equal(COUNT);
    });

    it("the simulator stopped and restarted from its state file mid-up: every failure says it may exist, the next up converges", async () => {
        const COUNT = 30;
        const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jsms-e2e-restart-")), "jsms.json");
        const { sim, project } = await setUp(
            "fault-restart",
            COUNT,
            { statePath: stateFile },
            { "jsms:maxConcurrency": "1", "jsms:maxRetries": "2" },
        );
        await sim.putFaults({ latencyMs: 300 });
        const upping = project.up({ allowFailure: true });
        for (const started = Date.now(); (await sim.templates()).length < 6; await sleep(100)) {
            expect(Date.now() - started).to.be.below(120_000);
        }
        // The restart must cut a create that JSMS already inserted, whatever retries absorb: the next create is
        // inserted and its answer held, and with one lane nothing else moves, so the count settles with it in flight.
        const beforeHold = (await sim.templates()).length;
        await sim.putFaults({ createFault: "insert-then-slow", createFaultCount: 1, createFaultDelayMs: 600_000 });
        const held = await stableCount(() => sim.templates().then((t) => t.length), 2000, 60_000);
        expect(held, "a create was inserted and is held").to.be.above(beforeHold);
        await sim.restart({});
        const first = await upping;
        expect(first.code, "the restart broke the first up").to.not.equal(0);

        const second = await project.up({ allowFailure: true });
        expect(second.code, describeResult(second)).to.equal(0);
        const recorded = templatesInState(await project.exportStack());
        expect(recorded.size).to.equal(COUNT);
        const atVendor = await sim.templates();
        const extra = atVendor.length - COUNT;
        // Anything JSMS holds beyond the stack was reported in the first run as possibly created, counted once per
        // resource (the CLI prints a message more than once), from the engine's events rather than the console.
        const mayExist = new Set(
            diagnosticsOf(first.events, { severity: "error" })
                .filter((d) => /may have been created/i.test(d.message))
                .map((d) => d.urn),
        );
        expect(extra, "the held create is at JSMS beyond the stack").to.be.at.least(1);
        expect(extra, describeResult(first)).to.be.at.most(mayExist.size);
    });

    it("a create answered after the client's timeout is reported as possibly created, then adopted with no duplicate", async () => {
        const { sim, project } = await setUp(
            "fault-slow-create",
            3,
            {},
            { "jsms:requestTimeoutMs": "1500", "jsms:maxRetries": "1" },
        );
        await project.up({
            args: [
                "--target",
                `urn:pulumi:${project.stack}::fault-slow-create::pulumi-nodejs:dynamic/jsms:SmsSignature::brand`,
            ],
        });
        await sim.putFaults({ createFault: "insert-then-slow", createFaultCount: 1, createFaultDelayMs: 5000 });
        const first = await project.up({ allowFailure: true });
        const text = `${first.stdout}\n${first.stderr}`;
        expect(first.code, text).to.not.equal(0);
        expect(text)
            .to.match(/may have been created/i)
            .and.to.contain("adoptId")
            .and.to.contain("Operations");
        const recorded = templatesInState(await project.exportStack());
        const orphans = (await sim.templates()).filter((t) => ![...recorded.values()].includes(String(t.id)));
        expect(orphans, "the slow create was inserted at JSMS").to.have.length(1);

        // What the message tells the user: find it by its copy, adopt it, then drop adoptId.
        project.writeProgram(program(3, { [indexOf(orphans[0].template)]: orphans[0].id }));
        await project.up();
        expect(templatesInState(await project.exportStack()).size).to.equal(3);
        expect((await sim.templates()).length, "no duplicate").to.equal(3);
    });
});
