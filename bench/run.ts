/**
 * `npm run bench`: every benchmark, each as a ratio against a baseline measured in the same run (never absolute
 * thresholds: this machine's speed varies, a ratio much less so). Prints a table; exits 0, or 2 on a usage error.
 */
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { benchCliLifecycle, LIFECYCLE_DEFAULTS, LifecycleBenchOptions } from "./cliLifecycle";
import { benchClientThroughput } from "./clientThroughput";
import { benchJournalCost, JOURNAL_DEFAULTS } from "./journalCost";
import { Measurement, ratio } from "./measurement";
import { benchPluginVsDynamic } from "./pluginVsDynamic";
import { benchSdkFrontDoors } from "./sdkFrontDoors";

const USAGE = `usage: npm run bench -- [--sizes N,N,...] [--runs R] [--refresh-latency MS] [--only client,lifecycle,journal,plugin,sdk] [--profile]

  --sizes            templates per stack for the CLI lifecycle rows (default ${LIFECYCLE_DEFAULTS.sizes.join(",")})
  --runs             runs of each stack; figures are medians (default ${LIFECYCLE_DEFAULTS.runs}; 0 with --profile: the profile alone)
  --refresh-latency  how long the simulator answers during refresh, in ms (default ${LIFECYCLE_DEFAULTS.refreshLatencyMs})
  --only             run only these benchmarks (default all); journal: pulumi up of ${JOURNAL_DEFAULTS.count} templates
                     with the create journal against without, --runs times each
  --profile          also print the top CPU frames of the program and provider processes during a preview of new
                     resources at the largest size, for pulumi-jsms and for the floor`;

const BENCHMARKS = ["client", "lifecycle", "journal", "plugin", "sdk"] as const;

class UsageError extends Error {}

function positiveIntegers(flag: string, text: string): number[] {
    const values = text.split(",").map((s) => s.trim());
    if (values.some((v) => !/^[1-9][0-9]*$/.test(v))) {
        throw new UsageError(`${flag} takes positive whole numbers separated by commas, got "${text}"`);
    }
    return values.map(Number);
}

function runs(text: string): number {
    if (!/^[0-9]+$/.test(text)) {
        throw new UsageError(`--runs takes a whole number, got "${text}"`);
    }
    return Number(text);
}

interface BenchArgs {
    lifecycle: LifecycleBenchOptions;
    only: Set<string>;
}

function parse(argv: string[]): BenchArgs | "help" {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                sizes: { type: "string" },
                runs: { type: "string" },
                "refresh-latency": { type: "string" },
                only: { type: "string" },
                profile: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }).values;
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    if (parsed.help) {
        return "help";
    }
    const only = new Set(parsed.only === undefined ? BENCHMARKS : parsed.only.split(",").map((s) => s.trim()));
    for (const name of only) {
        if (!(BENCHMARKS as readonly string[]).includes(name)) {
            throw new UsageError(`--only: unknown benchmark "${name}" (known: ${BENCHMARKS.join(", ")})`);
        }
    }
    const latency = parsed["refresh-latency"];
    if (latency !== undefined && !/^[0-9]+$/.test(latency)) {
        throw new UsageError(`--refresh-latency takes a whole number of milliseconds, got "${latency}"`);
    }
    return {
        only,
        lifecycle: {
            sizes: parsed.sizes === undefined ? LIFECYCLE_DEFAULTS.sizes : positiveIntegers("--sizes", parsed.sizes),
            runs: parsed.runs === undefined ? LIFECYCLE_DEFAULTS.runs : runs(parsed.runs),
            refreshLatencyMs: latency === undefined ? LIFECYCLE_DEFAULTS.refreshLatencyMs : Number(latency),
            profile: parsed.profile === true,
        },
    };
}

/** Only the plugin's benchmark runs a Pulumi YAML program, so only it needs the YAML language host. */
function ensurePulumiOnPath(withYaml: boolean): void {
    const root = path.resolve(__dirname, "..", "..");
    const script = [path.join(root, "scripts", "install-pulumi.sh"), ...(withYaml ? [] : ["--no-yaml"])];
    const bin = execFileSync("bash", script, { encoding: "utf8" }).trim();
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
}

function format(value: number, unit: string): string {
    return `${value.toFixed(unit === "ms" || unit === "bytes" ? 0 : 1)} ${unit}`;
}

async function main(): Promise<void> {
    let args: BenchArgs | "help";
    try {
        args = parse(process.argv.slice(2));
    } catch (err) {
        if (err instanceof UsageError) {
            console.error(`${err.message}\n${USAGE}`);
            process.exit(2);
        }
        throw err;
    }
    if (args === "help") {
        console.log(USAGE);
        return;
    }
    ensurePulumiOnPath(args.only.has("plugin"));
    const load = () => os.loadavg()[0].toFixed(1);
    const loadBefore = load();
    const results: Measurement[] = [];
    if (args.only.has("client")) {
        results.push(...(await benchClientThroughput()));
    }
    if (args.only.has("lifecycle")) {
        results.push(...(await benchCliLifecycle(args.lifecycle)));
    }
    if (args.only.has("journal")) {
        results.push(...(await benchJournalCost({ ...JOURNAL_DEFAULTS, runs: Math.max(args.lifecycle.runs, 1) })));
    }
    if (args.only.has("plugin")) {
        results.push(...(await benchPluginVsDynamic()));
    }
    if (args.only.has("sdk")) {
        results.push(...(await benchSdkFrontDoors()));
    }
    console.log(
        `load average (1 min) before: ${loadBefore}, after: ${load()}, on ${os.cpus().length} cores; lifecycle rows: medians of ${args.lifecycle.runs} runs`,
    );
    console.log("| benchmark | baseline | pulumi-jsms | ratio |");
    console.log("| --- | --- | --- | --- |");
    for (const m of results) {
        console.log(
            `| ${m.name} | ${format(m.baseline, m.unit)} (${m.baselineLabel}) | ${format(m.candidate, m.unit)} | ${ratio(m).toFixed(2)} |`,
        );
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
