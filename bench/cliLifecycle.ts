/**
 * The real Pulumi CLI running a stack of SMS templates against the simulator, against the same CLI running the same
 * number of resources through a trivial dynamic provider that calls nothing: what pulumi-jsms adds to `up`,
 * `preview`, `destroy` and to the state, measured in the same script.
 */
import { PulumiProject, findPulumiCli } from "../tests/e2e/support";
import { startSimulator } from "../simulator";
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

/** The same `count + 1` resources through a trivial dynamic provider that calls nothing: the engine's floor. */
export function baselineProgram(count: number): string {
    return `const pulumi = require("@pulumi/pulumi");
const provider = {
    async create(inputs) { return { id: String(Math.floor(Math.random() * 1e9)), outs: inputs }; },
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

interface StackTimes {
    up: number;
    preview: number;
    destroy: number;
    stateBytesPerResource: number;
}

async function runStack(name: string, program: string, config: Record<string, string>): Promise<StackTimes> {
    const project = await PulumiProject.create({ name, program, language: "js", config });
    try {
        const up = await project.up({ args: ["--skip-preview"] });
        const preview = await project.preview();
        const exported = await project.exportStack();
        const resources = (exported.deployment.resources ?? []).filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic"));
        const bytes = resources.reduce((sum: number, r: unknown) => sum + JSON.stringify(r).length, 0);
        const destroy = await project.destroy();
        return { up: up.durationMs, preview: preview.durationMs, destroy: destroy.durationMs, stateBytesPerResource: bytes / resources.length };
    } finally {
        await project.dispose();
    }
}

/** `count` templates plus a signature, against `count + 1` trivial dynamic resources. */
export async function benchCliLifecycle(count = 25): Promise<Measurement[]> {
    if (!findPulumiCli()) {
        throw new Error("pulumi is not on PATH: run bash scripts/install-pulumi.sh and put the folder it prints on PATH");
    }
    const sim = await startSimulator({ port: 0, apps: [APP] });
    try {
        const config = { "jsms:endpoint": sim.url, "jsms:appKey": APP.appKey, "jsms:masterSecret": APP.masterSecret };
        const baseline = await runStack("bench-baseline", baselineProgram(count), {});
        const ours = await runStack("bench-jsms", jsmsProgram(count), config);
        const label = "trivial dynamic provider, no API";
        const resources = `${count + 1} resources`;
        return [
            { name: `pulumi up, ${resources}`, unit: "ms", baseline: baseline.up, candidate: ours.up, baselineLabel: label },
            { name: `pulumi preview (no changes), ${resources}`, unit: "ms", baseline: baseline.preview, candidate: ours.preview, baselineLabel: label },
            { name: `pulumi destroy, ${resources}`, unit: "ms", baseline: baseline.destroy, candidate: ours.destroy, baselineLabel: label },
            { name: "state per resource (stack export)", unit: "bytes", baseline: baseline.stateBytesPerResource, candidate: ours.stateBytesPerResource, baselineLabel: label },
        ];
    } finally {
        await sim.close();
    }
}
