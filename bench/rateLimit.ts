/**
 * A first `pulumi up` of many templates against a JSMS that limits the request rate (the simulator's `--rate-limit`),
 * in one run of the real CLI: wall time against the ideal (every request the run needs, at the vendor's rate) plus
 * the engine's floor for as many trivial dynamic resources, measured in the same script; and the counts that must
 * stay zero: failed resources, duplicates and orphans (simulator state against the stack).
 *
 *     npm run build && node dist/bench/rateLimit.js [templates=200] [rate=10] [errorRate=0]
 */
import { diagnosticsOf, failedStepsOf, findPulumiCli, PulumiProject, resourcesOfType } from "../tests/e2e/support";
import { simulatorConfig } from "../tests/e2e/support/scenarioSimulator";
import { JsmsCode } from "../provider/client/returnCodes";
import { TYPE_TOKENS } from "../provider/schema/typeTokens";
import { startSimulator } from "../simulator";
import { baselineProgram, jsmsProgram } from "./cliLifecycle";

const APP = { appKey: "bench-rate-app", masterSecret: "bench-rate-secret" };
const TEMPLATE_TYPE = TYPE_TOKENS.template.dynamic;

/** What one rate-limited first `up` gave. */
export interface RateLimitRun {
    templates: number;
    ratePerSecond: number;
    /** The trivial provider's `up` of the same number of resources, ms. */
    floorMs: number;
    /** pulumi-jsms's `up`, ms. */
    upMs: number;
    exitCode: number;
    failedResources: number;
    /** Requests the simulator answered, by JSMS code. */
    byCode: Record<string, number>;
    /** Requests the run needed (every answer but the rate refusals). */
    acceptedRequests: number;
    /** Templates at the simulator whose copy appears more than once. */
    duplicates: number;
    /** Templates at the simulator that the stack does not record. */
    orphans: number;
    /** Templates the stack records. */
    inStack: number;
    /** Resources whose error says the object may have been created (a create answered 50019). */
    mayExist: number;
}

async function floor(count: number): Promise<number> {
    const project = await PulumiProject.create({
        name: "bench-rate-floor",
        program: baselineProgram(count),
        language: "js",
    });
    try {
        return (await project.up()).durationMs;
    } finally {
        await project.dispose();
    }
}

/** `count` templates (and their signature) in one `pulumi up` against a simulator limited to `rate` requests a second. */
export async function benchRateLimit(count = 200, rate = 10, errorRate = 0): Promise<RateLimitRun> {
    if (!findPulumiCli()) {
        throw new Error(
            "pulumi is not on PATH: run bash scripts/install-pulumi.sh and put the folder it prints on PATH",
        );
    }
    const floorMs = await floor(count);
    const sim = await startSimulator({ port: 0, apps: [APP], rateLimitPerSecond: rate, errorRate });
    const project = await PulumiProject.create({
        name: "bench-rate-jsms",
        program: jsmsProgram(count),
        language: "js",
        config: {
            ...simulatorConfig(sim, APP),
        },
    });
    try {
        // With server errors, a create answered 50019 fails (it may exist); --continue-on-error lets the engine carry on
        // with the others instead of stopping at the first failure, so one run shows how far the rest converges.
        const up = await project.up({
            allowFailure: true,
            timeoutMs: 900_000,
            args: errorRate > 0 ? ["--continue-on-error"] : [],
        });
        const counts = (await (await fetch(`${sim.url}/_sim/requests/counts`)).json()) as {
            byCode: Record<string, number>;
        };
        const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as {
            templates: Array<{ id: number; template: string }>;
        };
        const exported = await project.exportStack();
        const recorded = new Set(
            resourcesOfType(exported, TEMPLATE_TYPE)
                .filter((r) => r.id)
                .map((r) => Number(r.id)),
        );
        const copies = new Map<string, number>();
        for (const t of state.templates) copies.set(t.template, (copies.get(t.template) ?? 0) + 1);
        const accepted = Object.entries(counts.byCode)
            .filter(([code]) => code !== String(JsmsCode.OutOfFreq))
            .reduce((sum, [, n]) => sum + n, 0);
        return {
            templates: count,
            ratePerSecond: rate,
            floorMs,
            upMs: up.durationMs,
            exitCode: up.code,
            failedResources: failedStepsOf(up.events).length,
            byCode: counts.byCode,
            acceptedRequests: accepted,
            duplicates: [...copies.values()].reduce((sum, n) => sum + (n - 1), 0),
            orphans: state.templates.filter((t) => !recorded.has(t.id)).length,
            inStack: recorded.size,
            mayExist: diagnosticsOf(up.events, { severity: "error" }).filter(
                (d) => d.urn && /may have been created/.test(d.message),
            ).length,
        };
    } finally {
        await project.dispose();
        await sim.close();
    }
}

/** The bound of the issue: 1.15 × (what the vendor's rate allows + the engine's floor). */
export function wallTimeBound(run: RateLimitRun, requests: number): number {
    return 1.15 * ((requests / run.ratePerSecond) * 1000 + run.floorMs);
}

async function main(): Promise<void> {
    const count = Number(process.argv[2] ?? 200);
    const rate = Number(process.argv[3] ?? 10);
    const errorRate = Number(process.argv[4] ?? 0);
    const run = await benchRateLimit(count, rate, errorRate);
    const byTemplates = wallTimeBound(run, count);
    const byRequests = wallTimeBound(run, run.acceptedRequests);
    console.log(JSON.stringify(run, null, 2));
    console.log(`| ${count} templates at ${rate} req/s, error rate ${errorRate} | value |`);
    console.log("| --- | --- |");
    console.log(`| engine floor, ${count + 1} trivial dynamic resources | ${(run.floorMs / 1000).toFixed(1)} s |`);
    console.log(`| pulumi up (exit ${run.exitCode}) | ${(run.upMs / 1000).toFixed(1)} s |`);
    console.log(
        `| bound 1.15 × (${count}/${rate} s + floor) | ${(byTemplates / 1000).toFixed(1)} s (${run.upMs <= byTemplates ? "met" : "missed"}) |`,
    );
    console.log(
        `| bound 1.15 × (${run.acceptedRequests} requests/${rate} s + floor) | ${(byRequests / 1000).toFixed(1)} s (${run.upMs <= byRequests ? "met" : "missed"}) |`,
    );
    console.log(`| ${JsmsCode.OutOfFreq} answers | ${run.byCode[JsmsCode.OutOfFreq] ?? 0} |`);
    console.log(
        `| failed resources / duplicates / orphans | ${run.failedResources} / ${run.duplicates} / ${run.orphans} |`,
    );
    console.log(`| templates in the stack | ${run.inStack} |`);
    console.log(`| errors saying "may have been created" (creates answered 50019) | ${run.mayExist} |`);
}

if (require.main === module) {
    main().catch((error) => {
        console.error(error);
        process.exit(1);
    });
}
