// Interrupted `pulumi up` runs and their healing, as the create journal's e2e suites drive them
// (docs/create-journal.md): a stack of many templates, a kill of the CLI or of its whole process group halfway, the
// backend's `pulumi cancel` when it asks for one, and the checks that JSMS and the stack agree afterwards.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CommandResult, describeResult, runPulumi } from "./pulumiCli";
import type { PulumiProject } from "./pulumiProject";
import type { ScenarioSimulator } from "./scenarioSimulator";
import { StackExport, resourcesOfType } from "./stackState";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TypeScript-style program (plain JS) with one signature and `count` templates whose copy names their index. */
export function journalProgram(count: number): string {
    return `const jsms = require("pulumi-jsms");
const brand = new jsms.SmsSignature("brand", { sign: "极光日志" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "您的第" + i + "号订单{{orderNo}}已发货", type: 2 }, { dependsOn: [brand] });
}`;
}

/** Polls `read` until it has not changed for `quietMs`; fails once `deadlineMs` has passed. */
export async function stableCount(read: () => Promise<number>, quietMs: number, deadlineMs: number): Promise<number> {
    const deadline = Date.now() + deadlineMs;
    let value = await read();
    let since = Date.now();
    for (;;) {
        await sleep(200);
        const now = await read();
        if (now !== value) {
            value = now;
            since = Date.now();
        } else if (Date.now() - since >= quietMs) {
            return value;
        }
        expect(Date.now(), `the count never settled (last ${value})`).to.be.below(deadline);
    }
}

/** The ids the stack records, of resources of `types`. */
export function recordedIds(state: StackExport, ...types: string[]): string[] {
    return types.flatMap((t) => resourcesOfType(state, t).map((r) => String(r.id)));
}

/** How {@link interruptedUp} interrupts the run. */
export interface InterruptOptions {
    /** Kill once JSMS holds at least this many templates. */
    atLeast: number;
    /** Kill the whole process group (CLI, language host, providers) instead of the CLI alone. */
    group: boolean;
    /** Run between reaching `atLeast` and the kill (e.g. to hold the next creates in flight at the simulator). */
    beforeKill?: (sim: ScenarioSimulator) => Promise<void>;
    /** The interrupted up must leave JSMS with fewer templates than this. */
    below: number;
}

/**
 * Starts `pulumi up`, waits for `atLeast` templates at JSMS, kills it (the CLI alone, or its whole process group),
 * and waits for JSMS to settle; returns how many templates JSMS has then.
 */
export async function interruptedUp(
    sim: ScenarioSimulator,
    project: PulumiProject,
    options: InterruptOptions,
): Promise<number> {
    const cli = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack], {
        cwd: project.dir,
        env: project.env(),
        stdio: "ignore",
        detached: options.group,
    });
    const closed = new Promise((r) => cli.once("close", r));
    try {
        for (const started = Date.now(); (await sim.templates()).length < options.atLeast; await sleep(50)) {
            expect(cli.exitCode, "the up ended before it was interrupted").to.equal(null);
            expect(Date.now() - started, "templates are being created").to.be.below(120_000);
        }
        await options.beforeKill?.(sim);
    } finally {
        if (options.group) {
            process.kill(-(cli.pid as number), "SIGKILL");
        } else {
            cli.kill("SIGKILL");
        }
        await closed;
    }
    // At 10 req/s a live provider writes a template every 0.1 s: 3 s without one means it stopped.
    const settled = await stableCount(() => sim.templates().then((t) => t.length), 3000, 60_000);
    expect(settled, "the interrupted up created only part of the stack").to.be.below(options.below);
    return settled;
}

/** A simulator and a stack on it, as {@link killedStack} opens them. */
export interface KillScene {
    sim: ScenarioSimulator;
    project: PulumiProject;
}

/**
 * A stack whose `pulumi up` was killed halfway (see {@link interruptedUp}), with its checkpoint as the kill left it
 * and how many templates JSMS has. The file backend can be killed between writing a checkpoint and its metadata, and
 * then the stack no longer loads for any command ("failed to load checkpoint"): the CLI's own damage, not what these
 * suites are about, so the scenario then runs again on a fresh stack from `open` (at most three times).
 */
export async function killedStack<S extends KillScene>(
    open: () => Promise<S>,
    interrupt: InterruptOptions,
): Promise<S & { atJsms: number; killed: StackExport }> {
    for (let attempt = 1; ; attempt++) {
        const scene = await open();
        const atJsms = await interruptedUp(scene.sim, scene.project, interrupt);
        const exported = await scene.project.run(["stack", "export", "--stack", scene.project.stack]);
        if (exported.code === 0) {
            return { ...scene, atJsms, killed: JSON.parse(exported.stdout) as StackExport };
        }
        expect(exported.stderr, describeResult(exported)).to.contain("failed to load checkpoint");
        expect(attempt, "every kill left a checkpoint that does not load").to.be.below(3);
    }
}

/** Runs `pulumi <args>` somewhere: a project's own folder, or a fresh checkout of it. */
export type PulumiRunner = (args: string[]) => Promise<CommandResult>;

/**
 * The next run of a pipeline on another machine: a fresh copy of the project folder (what a checkout holds: no
 * local journal, no node_modules) and a fresh PULUMI_HOME, on the same backend. Removed with the project.
 */
export function freshCheckout(project: PulumiProject, name: string): { dir: string; run: PulumiRunner } {
    const dir = path.join(project.workspace, name);
    fs.cpSync(project.dir, dir, {
        recursive: true,
        filter: (src) => !["node_modules", ".jsms-journal"].includes(path.basename(src)),
    });
    const home = path.join(project.workspace, `${name}-home`);
    fs.mkdirSync(home, { recursive: true });
    const env = project.env({ PULUMI_HOME: home });
    return { dir, run: (args) => runPulumi(args, { cwd: dir, env }) };
}

/** `pulumi up` on a stack a killed run left locked: `pulumi cancel` when the backend asks for it, then up. */
export async function healingUp(run: PulumiRunner, stack: string): Promise<CommandResult> {
    const up = ["up", "--yes", "--skip-preview", "--non-interactive", "--color", "never", "--stack", stack];
    let result = await run(up);
    if (result.code !== 0 && /cancel|locked|lock/i.test(`${result.stdout}${result.stderr}`)) {
        const cancel = await run(["cancel", "--yes", "--stack", stack]);
        expect(cancel.code, describeResult(cancel)).to.equal(0);
        result = await run(up);
    }
    expect(result.code, describeResult(result)).to.equal(0);
    return result;
}

/**
 * What a healing `up` must show: one "adopted" line per object the interrupted run created but never recorded, naming
 * the run that created it and when, and a create request for exactly the templates JSMS did not have.
 */
export async function expectHealedOnlyMissing(
    sim: ScenarioSimulator,
    output: string,
    unrecorded: ReadonlyArray<{ id: number | string }>,
    missing: number,
): Promise<void> {
    for (const t of unrecorded) {
        expect(output).to.match(
            new RegExp(
                `adopted template ${t.id}, created for t\\d+ by an interrupted run \\(run [0-9a-f-]{36}, \\d{4}-`,
            ),
        );
    }
    const posts = (await sim.requests()).filter(
        (r) => r.method === "POST" && r.path === "/v1/templates" && r.status === 200,
    );
    expect(posts.length, "the healing up created only what JSMS did not have").to.equal(missing);
}

/** `up` with `jsms:journal` required and no journal to write to: it fails, saying so, and sent nothing. */
export function expectRequiredJournalRefused(result: CommandResult): void {
    expect(result.code, describeResult(result)).to.not.equal(0);
    expect(`${result.stdout}${result.stderr}`)
        .to.contain("jsms:journal is required")
        .and.to.contain("nothing was sent to JSMS");
}
