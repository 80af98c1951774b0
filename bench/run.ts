/**
 * `npm run bench`: every benchmark, each as a ratio against a baseline measured in the same run (never absolute
 * thresholds: this machine's speed varies, a ratio much less so). Prints a table; exits 0.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { benchCliLifecycle } from "./cliLifecycle";
import { benchClientThroughput } from "./clientThroughput";
import { Measurement, ratio } from "./measurement";
import { benchPluginVsDynamic } from "./pluginVsDynamic";

function ensurePulumiOnPath(): void {
    const root = path.resolve(__dirname, "..", "..");
    const bin = execFileSync("bash", [path.join(root, "scripts", "install-pulumi.sh")], { encoding: "utf8" }).trim();
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
}

function format(value: number, unit: string): string {
    return `${value.toFixed(unit === "ms" || unit === "bytes" ? 0 : 1)} ${unit}`;
}

async function main(): Promise<void> {
    ensurePulumiOnPath();
    const results: Measurement[] = [...(await benchClientThroughput()), ...(await benchCliLifecycle()), ...(await benchPluginVsDynamic())];
    console.log("| benchmark | baseline | pulumi-jsms | ratio |");
    console.log("| --- | --- | --- | --- |");
    for (const m of results) {
        console.log(`| ${m.name} | ${format(m.baseline, m.unit)} (${m.baselineLabel}) | ${format(m.candidate, m.unit)} | ${ratio(m).toFixed(2)} |`);
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
