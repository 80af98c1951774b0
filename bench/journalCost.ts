/**
 * What the create journal (docs/create-journal.md) costs a `pulumi up` of new templates: the same stack through the
 * real CLI against the simulator with `jsms:journal` off (the baseline) and with each store, measured in the same run
 * with the variants interleaved. The review hook's store is a real hook on a real PostgreSQL (the tests' embedded server,
 * or JSMS_TEST_POSTGRES_URL), a fresh database for each run so that no run finds another's intents.
 */
import * as os from "os";
import { startReviewHook } from "../reviewhook";
import { ConfigValue, PulumiProject } from "../tests/e2e/support";
import { simulatorConfig } from "../tests/e2e/support/scenarioSimulator";
import { startTestPostgres, type TestPostgres } from "../tests/reviewhook/postgresServer";
import { startSimulator, RunningSimulator } from "../simulator";
import { jsmsProgram, median } from "./cliLifecycle";
import type { Measurement } from "./measurement";

const APP = { appKey: "bench-journal-app", masterSecret: "bench-journal-secret" };
const HOOK_TOKEN = "bench-journal-hook-token-5d2e07a1";

/** The journal variants timed: the baseline without a journal, the local store, the review hook's store. */
const VARIANTS = {
    off: { label: "no journal", config: (): Record<string, ConfigValue> => ({ "jsms:journal": "off" }) },
    local: { label: "local journal", config: (): Record<string, ConfigValue> => ({}) },
    hook: {
        label: "journal on the review hook (PostgreSQL)",
        config: (hookUrl?: string): Record<string, ConfigValue> => ({
            "jsms:reviewHookUrl": hookUrl ?? "",
            "jsms:reviewHookToken": { value: HOOK_TOKEN, secret: true },
        }),
    },
} as const;

type Variant = keyof typeof VARIANTS;

/** Options of {@link benchJournalCost}. */
export interface JournalBenchOptions {
    /** Templates in the stack (it has one signature more). */
    count: number;
    /** Runs of each variant; each figure is the median. */
    runs: number;
}

/** The defaults of `npm run bench`: the 300 templates. */
export const JOURNAL_DEFAULTS: JournalBenchOptions = { count: 300, runs: 2 };

/** One `pulumi up` of a fresh stack, in ms; the hook variant's hook starts on a fresh database before it. */
async function timeUp(variant: Variant, count: number, postgres: TestPostgres): Promise<number> {
    const hook =
        variant === "hook"
            ? await startReviewHook({
                  apps: [APP],
                  token: HOOK_TOKEN,
                  databaseUrl: await postgres.createDatabase(),
                  log: () => undefined,
              })
            : undefined;
    const sim: RunningSimulator = await startSimulator({ port: 0, apps: [APP] });
    const project = await PulumiProject.create({
        name: `bench-journal-${variant}`,
        program: jsmsProgram(count),
        language: "js",
        config: {
            ...simulatorConfig(sim, APP),
            ...VARIANTS[variant].config(hook?.url),
        },
    });
    try {
        const up = await project.up();
        // The templates, the signature and the stack itself.
        const created = up.events.find((e) => e.summaryEvent)?.summaryEvent?.resourceChanges?.create;
        if (created !== count + 2) {
            throw new Error(`journal bench, ${variant}: expected ${count + 2} creates, the engine reported ${created}`);
        }
        return up.durationMs;
    } finally {
        await project.dispose();
        await sim.close();
        await hook?.close();
    }
}

/** `pulumi up` of `count` templates with each journal store against none, medians of interleaved runs. */
export async function benchJournalCost(options: JournalBenchOptions = JOURNAL_DEFAULTS): Promise<Measurement[]> {
    const variants = Object.keys(VARIANTS) as Variant[];
    const times = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
    const postgres = await startTestPostgres();
    try {
        for (let run = 0; run < options.runs; run++) {
            // alternate the order, so that a change of the machine's load weighs on every variant alike
            for (const variant of run % 2 === 0 ? variants : [...variants].reverse()) {
                times[variant].push(await timeUp(variant, options.count, postgres));
                console.error(
                    `journal: ${options.count} templates, run ${run + 1}/${options.runs}, ${variant} done (load ${os.loadavg()[0].toFixed(1)})`,
                );
            }
        }
    } finally {
        await postgres.stop();
    }
    return variants
        .filter((v) => v !== "off")
        .map((v) => ({
            name: `pulumi up, ${options.count + 1} resources, ${VARIANTS[v].label}`,
            unit: "ms",
            baseline: median(times.off),
            candidate: median(times[v]),
            baselineLabel: `pulumi-jsms, ${VARIANTS.off.label}`,
        }));
}
