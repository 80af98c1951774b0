// The create journal kept by the review hook, under the real CLI (docs/create-journal.md): a real `jsms-review-hook`
// process on PostgreSQL, the simulator at 10 requests/s sending its review callbacks to it. A `pulumi up` killed
// halfway is healed by one plain `pulumi up` from a fresh copy of the project and a fresh PULUMI_HOME (a pipeline's
// next run on another machine); a killed process group leaves orphans only of the creates in flight, which the hook
// pairs once JSMS's review callback names them; a hook that is down (or its database) warns that healing is off, or
// fails a required journal clearly.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { HookJournal } from "../../provider/journal/hookJournal";
import { CLI_PATH, TOKEN, spawnHook, type HookProcess } from "../reviewhook/hookHarness";
import { startTestPostgres, type TestPostgres } from "../reviewhook/postgresServer";
import { CommandResult, PulumiProject, describeResult, requirePulumiCli, runCommand } from "./support";
import {
    expectHealedOnlyMissing,
    expectRequiredJournalRefused,
    freshCheckout,
    healingUp,
    journalProgram,
    killedStack,
    recordedIds,
} from "./support/interruptedRun";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const DYNAMIC_TEMPLATE = "pulumi-nodejs:dynamic/jsms:SmsTemplate";
const DYNAMIC_SIGNATURE = "pulumi-nodejs:dynamic/jsms:SmsSignature";
const APP = { appKey: "e2ehookjournal4c8e21d7", masterSecret: "e2ehookjournalsecret-9a0b6f35" };
const COUNT = 40;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The resource name a template's copy names (the programs write the index into the copy). */
const nameOfCopy = (copy: string) => `t${/第(\d+)号/.exec(copy)?.[1]}`;

/** The resource name at the end of a URN. */
const nameOfKey = (urn: string) => urn.split("::").pop() as string;

describe("e2e: the create journal on the review hook (PostgreSQL) heals interrupted runs (real Pulumi CLI)", function () {
    this.timeout(600_000);
    let postgres: TestPostgres;
    const cleanups: (() => Promise<void>)[] = [];

    before(async function () {
        requirePulumiCli(this);
        postgres = await startTestPostgres();
    });

    afterEach(async () => {
        for (const c of cleanups.splice(0).reverse()) await c();
    });

    after(async () => {
        await postgres?.stop();
    });

    /** A running hook process on a fresh PostgreSQL database, the simulator's callbacks pointed at it. */
    interface Setup {
        sim: ScenarioSimulator;
        hook: HookProcess;
        url: string;
        journal: HookJournal;
    }

    async function setUp(): Promise<Setup> {
        // The vendor's limit in the issue: 10 requests a second; the client learns it from the refusals.
        const sim = await ScenarioSimulator.start({ apps: [APP], review: "manual", rateLimitPerSecond: 10 });
        cleanups.push(() => sim.close());
        const hook = spawnHook(["--port", "0", "--db", await postgres.createDatabase(), "--jsms-endpoint", sim.url], {
            JSMS_REVIEW_HOOK_APPS: `${APP.appKey}:${APP.masterSecret}`,
        });
        cleanups.push(async () => {
            hook.child.kill("SIGTERM");
            await hook.exited;
        });
        const url = await hook.listening;
        expect(url, `the hook did not start: ${hook.stderr()}`).to.be.a("string");
        const callbacks = await fetch(`${sim.url}/_sim/callbacks`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ [APP.appKey]: `${url}/callbacks/${APP.appKey}` }),
        });
        expect(callbacks.status, await callbacks.text()).to.equal(200);
        return { sim, hook, url: url as string, journal: new HookJournal({ url: url as string, token: TOKEN }) };
    }

    async function project(name: string, setup: Setup, count: number): Promise<PulumiProject> {
        const created = await PulumiProject.create({
            name,
            program: journalProgram(count),
            config: {
                "jsms:endpoint": setup.sim.url,
                "jsms:appKey": APP.appKey,
                "jsms:masterSecret": { value: APP.masterSecret, secret: true },
                "jsms:reviewHookUrl": setup.url,
                "jsms:reviewHookToken": { value: TOKEN, secret: true },
            },
        });
        cleanups.push(() => created.dispose());
        return created;
    }

    /** `jsms-review-hook orphans` of one stack, as a pipeline runs it. */
    function orphansCommand(setup: Setup, stack: string, json = false): Promise<CommandResult> {
        return runCommand(process.execPath, [CLI_PATH, "orphans", "--stack", stack, ...(json ? ["--json"] : [])], {
            cwd: process.cwd(),
            env: { PATH: process.env.PATH ?? "", JSMS_REVIEW_HOOK_URL: setup.url, JSMS_REVIEW_HOOK_TOKEN: TOKEN },
        });
    }

    it("kill -9 of pulumi halfway: one plain up from a fresh checkout and PULUMI_HOME leaves 0 orphans and 0 duplicates", async () => {
        const {
            sim,
            setup,
            project: stack,
            atJsms,
            killed,
        } = await killedStack(
            async () => {
                const setup = await setUp();
                return { sim: setup.sim, setup, project: await project("journal-hook", setup, COUNT) };
            },
            { atLeast: COUNT / 2, group: false, below: COUNT },
        );
        const unrecorded = (await sim.templates()).filter(
            (t) => !recordedIds(killed, DYNAMIC_TEMPLATE).includes(String(t.id)),
        );
        expect(unrecorded.length, "the kill left creates the stack does not record").to.be.above(0);
        // The hook holds the journal: nothing was written next to the project.
        expect(fs.existsSync(path.join(stack.dir, ".jsms-journal")), "no local journal").to.equal(false);

        await sim.clearRequests();
        const checkout = freshCheckout(stack, "next-machine");
        const healed = await healingUp(checkout.run, stack.stack);
        const output = `${healed.stdout}\n${healed.stderr}`;

        const state = await stack.exportStack();
        const templates = await sim.templates();
        const recorded = recordedIds(state, DYNAMIC_TEMPLATE, DYNAMIC_SIGNATURE);
        expect(new Set(recorded).size, "each object recorded once").to.equal(recorded.length);
        expect(recorded).to.have.length(COUNT + 1);
        const atVendor = [...templates, ...(await sim.signs())].map((o) => String(o.id));
        expect(
            atVendor.filter((id) => !recorded.includes(id)),
            "0 orphans",
        ).to.deep.equal([]);
        expect(new Set(templates.map((t) => t.template)).size, "0 duplicates").to.equal(templates.length);
        expect(templates).to.have.length(COUNT);
        // One line per adopted object, naming the run that created it and when; only the missing ones created.
        await expectHealedOnlyMissing(sim, output, unrecorded, COUNT - atJsms);
        const listed = await orphansCommand(setup, `journal-hook/${stack.stack}`);
        expect([listed.code, listed.stdout], describeResult(listed)).to.deep.equal([
            0,
            `no orphans in stack journal-hook/${stack.stack}\n`,
        ]);

        // Later runs, from either machine, are quiet: nothing adopted, nothing changed.
        const again = await checkout.run([
            "up",
            "--yes",
            "--skip-preview",
            "--non-interactive",
            "--expect-no-changes",
            "--stack",
            stack.stack,
        ]);
        expect(again.code, describeResult(again)).to.equal(0);
        expect(`${again.stdout}${again.stderr}`).not.to.contain("adopted");
    });

    it("the whole process group killed: no answered create duplicated, orphans only of creates in flight, each reported once JSMS's callback names it", async () => {
        const {
            sim,
            setup,
            project: stack,
        } = await killedStack(
            async () => {
                const setup = await setUp();
                return { sim: setup.sim, setup, project: await project("journal-hook-group", setup, COUNT) };
            },
            {
                atLeast: COUNT / 2,
                group: true,
                below: COUNT,
                // From here JSMS stores each create but holds its answer: these are in flight when the group dies.
                beforeKill: async (sim) => {
                    await sim.putFaults({
                        createFault: "insert-then-slow",
                        createFaultRate: 1,
                        createFaultDelayMs: 20_000,
                    });
                    // Whatever JSMS stores from now on waits for its answer: wait for 3 of those.
                    const held = (await sim.templates()).length + 3;
                    for (const started = Date.now(); (await sim.templates()).length < held; await sleep(50)) {
                        expect(Date.now() - started, "creates held in flight").to.be.below(60_000);
                    }
                },
            },
        );
        const { journal } = setup;
        const journalStack = `journal-hook-group/${stack.stack}`;
        await sim.putFaults({ createFault: "none", createFaultRate: 0 });
        const inFlight = await journal.open(journalStack);
        expect(inFlight.length, "creates in flight at the kill").to.be.at.least(3);

        await healingUp((args) => stack.run(args), stack.stack);
        const state = await stack.exportStack();
        const recorded = recordedIds(state, DYNAMIC_TEMPLATE, DYNAMIC_SIGNATURE);
        expect(new Set(recorded).size, "each object recorded once").to.equal(recorded.length);
        expect(recorded).to.have.length(COUNT + 1);
        const templates = await sim.templates();
        const orphans = templates.filter((t) => !recorded.includes(String(t.id)));
        // Every answered create was adopted: only a create whose answer never came can have left an orphan.
        expect(orphans.length, "orphans at most the requests in flight").to.be.within(1, inFlight.length);
        const openNames = new Set(inFlight.map((i) => nameOfKey(i.key)));
        for (const orphan of orphans) {
            expect(openNames, `orphan ${orphan.id} was in flight`).to.include(nameOfCopy(orphan.template));
        }

        // Not reported before JSMS names the object: nobody can know it exists.
        expect((await orphansCommand(setup, journalStack)).code, "no orphan known yet").to.equal(0);
        for (const orphan of orphans) {
            await sim.review("templates", orphan.id, "approved");
        }
        let listed: CommandResult;
        for (const started = Date.now(); ; await sleep(200)) {
            listed = await orphansCommand(setup, journalStack, true);
            const ids =
                listed.code === 1 ? JSON.parse(listed.stdout).orphans.map((o: { objectId: number }) => o.objectId) : [];
            if (ids.length === orphans.length) {
                expect(ids.sort()).to.deep.equal(orphans.map((o) => o.id).sort());
                break;
            }
            expect(Date.now() - started, `the hook paired the orphans: ${describeResult(listed)}`).to.be.below(60_000);
        }
        const text = await orphansCommand(setup, journalStack);
        expect(text.code, "a pipeline fails on open orphans").to.equal(1);
        const refresh = await stack.refresh();
        for (const orphan of orphans) {
            expect(text.stdout).to.contain(`template ${orphan.id} of app ${APP.appKey}`);
            expect(`${refresh.stdout}${refresh.stderr}`).to.contain(
                `orphan: template ${orphan.id} of app ${APP.appKey}`,
            );
        }

        // Removed at JSMS, they are listed no more.
        for (const orphan of orphans) {
            await sim.consoleDeleteTemplate(orphan.id);
        }
        const cleared = await orphansCommand(setup, journalStack);
        expect(cleared.code, describeResult(cleared)).to.equal(0);
    });

    it("a hook that is down, or whose database is: the create goes on with a warning that healing is off; a required journal fails clearly", async () => {
        const setup = await setUp();
        const stack = await project("journal-hook-down", setup, 1);
        const healingOff = (result: CommandResult) =>
            expect(`${result.stdout}${result.stderr}`, describeResult(result))
                .to.contain(`the review hook's journal at ${setup.url}`)
                .and.to.contain("healing is off for it");

        // The hook runs, but PostgreSQL does not: it answers 503, and the provider does not wait for it.
        await postgres.down();
        try {
            healingOff(await stack.up());
        } finally {
            await postgres.up();
        }
        expect(recordedIds(await stack.exportStack(), DYNAMIC_TEMPLATE)).to.have.length(1);

        setup.hook.child.kill("SIGKILL");
        await setup.hook.exited;
        stack.writeProgram(journalProgram(2));
        healingOff(await stack.up());
        expect(recordedIds(await stack.exportStack(), DYNAMIC_TEMPLATE)).to.have.length(2);

        await stack.configSet("jsms:journal", "required");
        stack.writeProgram(journalProgram(3));
        expectRequiredJournalRefused(await stack.up({ allowFailure: true }));
        expect(await setup.sim.templates(), "nothing sent").to.have.length(2);
    });
});
