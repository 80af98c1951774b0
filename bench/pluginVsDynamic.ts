/**
 * The same stack (one signature and `count` templates) served two ways in one run: the dynamic resources from a
 * JavaScript program, and the `jsms` plugin from a Pulumi YAML program, both against the simulator. Ratios are
 * plugin / dynamic: `pulumi up`, a `pulumi preview` with no changes, and the bytes of state per resource (whole,
 * and inputs + outputs alone, where the dynamic resources carry their serialized provider twice).
 */
import { PulumiProject, findPulumiCli } from "../tests/e2e/support";
import { pluginsBlock } from "../tests/e2e/support/pluginProject";
import { startSimulator } from "../simulator";
import type { Measurement } from "./measurement";

const APP = { appKey: "bench-plugin-app", masterSecret: "bench-plugin-secret" };

function dynamicProgram(count: number): string {
    return `const jsms = require("pulumi-jsms");
const sign = new jsms.SmsSignature("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "通知" + i + "：{{name}}", type: 2, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

function pluginProgram(count: number): string {
    const templates = Array.from(
        { length: count },
        (_, i) =>
            `  t${i}:\n    type: jsms:SmsTemplate\n    properties: { template: "通知${i}：{{name}}", type: 2, remark: 压测 }\n    options: { dependsOn: ["\${sign}"] }\n`,
    );
    return `name: bench-plugin\nruntime: yaml\n${pluginsBlock()}resources:\n  sign:\n    type: jsms:SmsSignature\n    properties: { sign: 压测签名 }\n${templates.join("")}`;
}

interface StackCosts {
    up: number;
    preview: number;
    stateBytesPerResource: number;
    /** Inputs and outputs only: without the engine's bookkeeping (the YAML host records a stack trace per resource). */
    valueBytesPerResource: number;
}

async function measure(project: PulumiProject, isJsms: (type: string) => boolean): Promise<StackCosts> {
    try {
        const up = await project.up();
        const preview = await project.preview({ args: ["--expect-no-changes"] });
        const resources = ((await project.exportStack()).deployment.resources ?? []).filter((r) => isJsms(r.type));
        const bytes = resources.reduce((sum, r) => sum + JSON.stringify(r).length, 0);
        const values = resources.reduce((sum, r) => sum + JSON.stringify([r.inputs, r.outputs]).length, 0);
        await project.destroy();
        return {
            up: up.durationMs,
            preview: preview.durationMs,
            stateBytesPerResource: bytes / resources.length,
            valueBytesPerResource: values / resources.length,
        };
    } finally {
        await project.dispose();
    }
}

/** `count` templates plus a signature through each front door, on a fresh simulator each. */
export async function benchPluginVsDynamic(count = 25): Promise<Measurement[]> {
    if (!findPulumiCli()) {
        throw new Error(
            "pulumi is not on PATH: run bash scripts/install-pulumi.sh and put the folder it prints on PATH",
        );
    }
    const results: StackCosts[] = [];
    for (const frontDoor of ["dynamic", "plugin"] as const) {
        const sim = await startSimulator({ port: 0, apps: [APP] });
        try {
            const config = {
                "jsms:endpoint": sim.url,
                "jsms:appKey": APP.appKey,
                "jsms:masterSecret": { value: APP.masterSecret, secret: true },
            };
            const project =
                frontDoor === "dynamic"
                    ? await PulumiProject.create({
                          name: "bench-dynamic",
                          program: dynamicProgram(count),
                          language: "js",
                          config,
                      })
                    : await PulumiProject.create({
                          name: "bench-plugin",
                          program: "",
                          files: { "Pulumi.yaml": pluginProgram(count) },
                          config,
                      });
            results.push(await measure(project, (type) => type.includes("jsms:Sms") || type.startsWith("jsms:index:")));
        } finally {
            await sim.close();
        }
    }
    const [dynamic, plugin] = results;
    const label = "dynamic resources (JavaScript program)";
    const resources = `${count + 1} resources`;
    return [
        {
            name: `plugin: pulumi up, ${resources}`,
            unit: "ms",
            baseline: dynamic.up,
            candidate: plugin.up,
            baselineLabel: label,
        },
        {
            name: `plugin: pulumi preview (no changes), ${resources}`,
            unit: "ms",
            baseline: dynamic.preview,
            candidate: plugin.preview,
            baselineLabel: label,
        },
        {
            name: "plugin: state per resource (stack export)",
            unit: "bytes",
            baseline: dynamic.stateBytesPerResource,
            candidate: plugin.stateBytesPerResource,
            baselineLabel: label,
        },
        {
            name: "plugin: inputs + outputs per resource",
            unit: "bytes",
            baseline: dynamic.valueBytesPerResource,
            candidate: plugin.valueBytesPerResource,
            baselineLabel: label,
        },
    ];
}
