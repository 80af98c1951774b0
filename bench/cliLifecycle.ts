/**
 * The real Pulumi CLI running a stack of SMS templates against the simulator, against the same CLI running the same
 * number of resources through a trivial dynamic provider that calls nothing: what pulumi-jsms adds to each operation
 * (`preview` of new resources, `up`, `preview` with no change, `refresh`, `destroy`) and to the state, at several
 * stack sizes, measured in the same run with the two interleaved.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiProject, findPulumiCli, OperationResult } from "../tests/e2e/support";
import { startSimulator, RunningSimulator } from "../simulator";
import { cpuProfileEnv, formatProfiles, summarizeProfiles } from "./cpuProfile";
import type { Measurement } from "./measurement";

const APP = { appKey: "bench-app", masterSecret: "bench-secret" };

/** A signature and `count` notification templates that depend on it, through pulumi-jsms. */
export function jsmsProgram(count: number): string {
    return `const jsms = require("pulumi-jsms");
const sign = new jsms.SmsSignature("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "通知" + i + "：{{name}}", type: 2, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

/**
 * The same `count + 1` resources through a trivial dynamic provider: the engine's floor. Its methods only return an
 * id (and `read` the recorded values); `read` waits `readLatencyMs` first, as long as the simulator takes to answer
 * during the refresh, so that the refresh ratio is what pulumi-jsms adds and not the vendor's latency.
 */
export function baselineProgram(count: number, readLatencyMs = 0): string {
    return `const pulumi = require("@pulumi/pulumi");
const provider = {
    async create(inputs) { return { id: String(Math.floor(Math.random() * 1e9)), outs: inputs }; },
    async read(id, props) { await new Promise((resolve) => setTimeout(resolve, ${readLatencyMs})); return { id, props }; },
    async diff() { return {}; },
    async delete() {},
};
class Plain extends pulumi.dynamic.Resource {
    constructor(name, props, opts) { super(provider, name, props, opts, "bench", "Plain"); }
}
const sign = new Plain("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new Plain("t" + i, { template: "通知" + i + "：{{name}}", type: 2, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

/** The operations timed, in the order they run on one stack. */
export const OPERATIONS = ["preview of new resources", "up", "preview, no change", "refresh", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

/** Options of {@link benchCliLifecycle}. */
export interface LifecycleBenchOptions {
    /** Numbers of templates (each stack has one signature more). */
    sizes: number[];
    /** Runs of each stack; each figure is the median. */
    runs: number;
    /** How long the simulator takes to answer during the refresh (and the floor's `read` waits), in ms. */
    refreshLatencyMs: number;
    /** Also profile one preview of new resources at the largest size, and print the top frames of each process. */
    profile: boolean;
}

/** The defaults of `npm run bench`. */
export const LIFECYCLE_DEFAULTS: LifecycleBenchOptions = {
    sizes: [25, 100, 300],
    runs: 2,
    refreshLatencyMs: 50,
    profile: false,
};

interface StackRun {
    ms: Record<Operation, number>;
    stateBytesPerResource: number;
}

type Variant = "floor" | "jsms";

async function setLatency(sim: RunningSimulator, latencyMs: number): Promise<void> {
    const response = await fetch(`${sim.url}/_sim/faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ latencyMs }),
    });
    if (!response.ok) {
        throw new Error(`the simulator refused the latency setting: ${response.status} ${await response.text()}`);
    }
}

async function createProject(
    variant: Variant,
    count: number,
    options: LifecycleBenchOptions,
    sim: RunningSimulator,
): Promise<PulumiProject> {
    if (variant === "floor") {
        return PulumiProject.create({
            name: "bench-floor",
            program: baselineProgram(count, options.refreshLatencyMs),
            language: "js",
        });
    }
    const config = {
        "jsms:endpoint": sim.url,
        "jsms:appKey": APP.appKey,
        "jsms:masterSecret": { value: APP.masterSecret, secret: true },
    };
    return PulumiProject.create({ name: "bench-jsms", program: jsmsProgram(count), language: "js", config });
}

/** Fails unless the engine reports `expected` changes: the dynamic resources plus the stack itself. */
function expectChanges(result: OperationResult, what: string, resources: number): void {
    const expected = resources + 1;
    const summary = result.events.find((e) => e.summaryEvent)?.summaryEvent;
    const changed = Object.entries(summary?.resourceChanges ?? {})
        .filter(([op]) => op !== "same")
        .reduce((sum, [, n]) => sum + n, 0);
    if (changed !== expected) {
        throw new Error(
            `${what}: expected ${expected} changes, the engine reported ${JSON.stringify(summary?.resourceChanges)}`,
        );
    }
}

/** One stack through every operation; the latency applies to the refresh only (nothing else reads JSMS). */
async function runStack(variant: Variant, count: number, options: LifecycleBenchOptions): Promise<StackRun> {
    const sim = await startSimulator({ port: 0, apps: [APP] });
    const project = await createProject(variant, count, options, sim);
    try {
        const previewNew = await project.preview();
        expectChanges(previewNew, "preview of new resources", count + 1);
        const up = await project.up();
        expectChanges(up, "up", count + 1);
        const resources = ((await project.exportStack()).deployment.resources ?? []).filter((r) =>
            r.type.startsWith("pulumi-nodejs:dynamic"),
        );
        const bytes = resources.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
        const previewSame = await project.preview({ args: ["--expect-no-changes"] });
        await setLatency(sim, options.refreshLatencyMs);
        const refresh = await project.refresh({ args: ["--expect-no-changes"] });
        await setLatency(sim, 0);
        const destroy = await project.destroy();
        expectChanges(destroy, "destroy", count + 1);
        return {
            ms: {
                "preview of new resources": previewNew.durationMs,
                up: up.durationMs,
                "preview, no change": previewSame.durationMs,
                refresh: refresh.durationMs,
                destroy: destroy.durationMs,
            },
            stateBytesPerResource: bytes / resources.length,
        };
    } finally {
        await project.dispose();
        await sim.close();
    }
}

/** The median (the mean of the middle two for an even count). */
export function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A profiled `pulumi preview` of `count` new resources: the top frames of the program and the provider process. */
async function profilePreview(variant: Variant, count: number, options: LifecycleBenchOptions): Promise<string> {
    const sim = await startSimulator({ port: 0, apps: [APP] });
    const project = await createProject(variant, count, options, sim);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-cpuprof-${variant}-`));
    try {
        const result = await project.preview({ env: cpuProfileEnv(dir) });
        const title = `CPU profile: pulumi preview of ${count + 1} new resources, ${variant === "floor" ? "the floor" : "pulumi-jsms"} (${(result.durationMs / 1000).toFixed(1)} s with the profiler)`;
        return formatProfiles(
            title,
            summarizeProfiles(dir).filter((p) => p.role !== "other"),
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await project.dispose();
        await sim.close();
    }
}

/** Every operation at each size, pulumi-jsms against the floor, medians of `runs` interleaved runs. */
export async function benchCliLifecycle(options: LifecycleBenchOptions = LIFECYCLE_DEFAULTS): Promise<Measurement[]> {
    if (!findPulumiCli()) {
        throw new Error(
            "pulumi is not on PATH: run bash scripts/install-pulumi.sh and put the folder it prints on PATH",
        );
    }
    const results: Measurement[] = [];
    const label = "trivial dynamic provider, no API";
    for (const count of options.runs > 0 ? options.sizes : []) {
        const runs: Record<Variant, StackRun[]> = { floor: [], jsms: [] };
        for (let run = 0; run < options.runs; run++) {
            // alternate which goes first, so that a change of the machine's load weighs on both alike
            for (const variant of run % 2 === 0 ? (["floor", "jsms"] as const) : (["jsms", "floor"] as const)) {
                runs[variant].push(await runStack(variant, count, options));
                // progress on stderr: the default run takes minutes
                console.error(
                    `lifecycle: ${count} templates, run ${run + 1}/${options.runs}, ${variant} done (load ${os.loadavg()[0].toFixed(1)})`,
                );
            }
        }
        const resources = `${count + 1} resources`;
        for (const op of OPERATIONS) {
            const name =
                op === "refresh"
                    ? `pulumi refresh (reads answered in ${options.refreshLatencyMs} ms), ${resources}`
                    : `pulumi ${op}, ${resources}`;
            results.push({
                name,
                unit: "ms",
                baseline: median(runs.floor.map((r) => r.ms[op])),
                candidate: median(runs.jsms.map((r) => r.ms[op])),
                baselineLabel: label,
            });
        }
        results.push({
            name: `state per resource (stack export), ${resources}`,
            unit: "bytes",
            baseline: median(runs.floor.map((r) => r.stateBytesPerResource)),
            candidate: median(runs.jsms.map((r) => r.stateBytesPerResource)),
            baselineLabel: label,
        });
    }
    if (options.profile) {
        const count = Math.max(...options.sizes);
        for (const variant of ["jsms", "floor"] as const) {
            console.log(`${await profilePreview(variant, count, options)}\n`);
        }
    }
    return results;
}
