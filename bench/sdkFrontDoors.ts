/**
 * The same stack (one signature and `count` templates) through every front door in one run, each on a fresh
 * simulator: the dynamic resources from a JavaScript and from a TypeScript program, and the TypeScript, Go and Python
 * SDKs + the released plugin (built by the release build, installed as users install them; Python's wheel in a fresh
 * virtual environment with the newest `pulumi` from PyPI). Each SDK is measured against the dynamic resources in the
 * same language where there is one (TypeScript: both programs compiled and type-checked by the same ts-node), else
 * against the JavaScript program; Go both as the language host builds the program on every command and as a binary
 * built once (its `binary` option), so the program's compile and the door's own cost show apart. Ratios are
 * door / dynamic for one `pulumi up`, one `pulumi preview` with no changes, and one `pulumi destroy`.
 *
 *   npm run build && node dist/bench/sdkFrontDoors.js [count]     (also part of npm run bench)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildRelease } from "../plugin/release/build";
import { startSimulator } from "../simulator";
import { PulumiProject, findPulumiCli, runCommand } from "../tests/e2e/support";
import { installHostPlugin } from "../tests/e2e/support/releaseArtifacts";
import { goSdkProject, pythonSdkProject, typeScriptSdkProject } from "../tests/e2e/support/sdkPrograms";
import { preparePythonVenv } from "../tests/support/pythonVenv";
import { Measurement, ratio } from "./measurement";

const APP = { appKey: "bench-sdk-app", masterSecret: "bench-sdk-secret" };

function dynamicProgram(count: number): string {
    return `const jsms = require("pulumi-jsms");
const sign = new jsms.SmsSignature("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "通知" + i + "：{{name}}", type: 2, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

function typeScriptDynamicProgram(count: number): string {
    return `import * as jsms from "pulumi-jsms";
const sign = new jsms.SmsSignature("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "通知" + i + "：{{name}}", type: 2, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

function typeScriptProgram(count: number): string {
    return `import * as jsms from "@pulumi-jsms/jsms";
const sign = new jsms.SmsSignature("sign", { sign: "压测签名" });
for (let i = 0; i < ${count}; i++) {
    new jsms.SmsTemplate("t" + i, { template: "通知" + i + "：{{name}}", type: 2 as jsms.TemplateType, remark: "压测" }, { dependsOn: [sign] });
}
`;
}

function goProgram(count: number): (importPath: string) => string {
    return (importPath) => `package main

import (
	"fmt"

	"${importPath}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		sign, err := jsms.NewSmsSignature(ctx, "sign", &jsms.SmsSignatureArgs{Sign: pulumi.String("压测签名")})
		if err != nil {
			return err
		}
		for i := 0; i < ${count}; i++ {
			_, err := jsms.NewSmsTemplate(ctx, fmt.Sprintf("t%d", i), &jsms.SmsTemplateArgs{
				Template: pulumi.String(fmt.Sprintf("通知%d：{{name}}", i)),
				Type:     jsms.TemplateType(2),
				Remark:   pulumi.String("压测"),
			}, pulumi.DependsOn([]pulumi.Resource{sign}))
			if err != nil {
				return err
			}
		}
		return nil
	})
}
`;
}

function pythonProgram(count: number): string {
    return `import pulumi_jsms as jsms
import pulumi

sign = jsms.SmsSignature("sign", sign="压测签名")
for i in range(${count}):
    jsms.SmsTemplate(f"t{i}", template=f"通知{i}：{{{{name}}}}", type=jsms.TemplateType.NOTIFICATION, remark="压测",
                     opts=pulumi.ResourceOptions(depends_on=[sign]))
`;
}

/** Builds the Go program once and points the project at the binary (the Go runtime's `binary` option). */
async function useGoBinary(project: PulumiProject): Promise<void> {
    const build = await runCommand("go", ["build", "-o", "program", "."], {
        cwd: project.dir,
        env: project.env(),
        timeoutMs: 900_000,
    });
    if (build.code !== 0) {
        throw new Error(`go build failed: ${build.stderr}`);
    }
    const manifest = path.join(project.dir, "Pulumi.yaml");
    const name = /^name: (.+)$/m.exec(fs.readFileSync(manifest, "utf8"))?.[1];
    fs.writeFileSync(manifest, `name: ${name}\nruntime:\n  name: go\n  options:\n    binary: ./program\n`);
}

/** Durations of one up, one preview with no changes, and one destroy, in ms. */
interface Lifecycle {
    up: number;
    preview: number;
    destroy: number;
}

async function measure(project: PulumiProject): Promise<Lifecycle> {
    try {
        const up = await project.up({ timeoutMs: 900_000 });
        const preview = await project.preview({ args: ["--expect-no-changes"], timeoutMs: 900_000 });
        const destroy = await project.destroy({ timeoutMs: 900_000 });
        return { up: up.durationMs, preview: preview.durationMs, destroy: destroy.durationMs };
    } finally {
        await project.dispose();
    }
}

/** The three front doors on `count` templates plus a signature. */
export async function benchSdkFrontDoors(count = 100): Promise<Measurement[]> {
    if (!findPulumiCli()) {
        throw new Error(
            "pulumi is not on PATH: run bash scripts/install-pulumi.sh and put the folder it prints on PATH",
        );
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-bench-release-"));
    try {
        const release = await buildRelease({
            out: path.join(out, "release"),
            pluginDownloadURL: "http://127.0.0.1:1/",
        });
        const doors = ["dynamic", "typescript-dynamic", "typescript", "go", "go-binary", "python"] as const;
        const results = {} as Record<(typeof doors)[number], Lifecycle>;
        for (const door of doors) {
            const sim = await startSimulator({ port: 0, apps: [APP] });
            try {
                const config = {
                    "jsms:endpoint": sim.url,
                    "jsms:appKey": APP.appKey,
                    "jsms:masterSecret": { value: APP.masterSecret, secret: true },
                };
                let project: PulumiProject;
                if (door === "dynamic" || door === "typescript-dynamic") {
                    const ts = door === "typescript-dynamic";
                    project = await PulumiProject.create({
                        name: `bench-sdk-${door}`,
                        program: ts ? typeScriptDynamicProgram(count) : dynamicProgram(count),
                        language: ts ? "ts" : "js",
                        config,
                    });
                } else {
                    if (door === "typescript") {
                        project = await typeScriptSdkProject(
                            "bench-sdk-typescript",
                            release.nodejsSdk,
                            config,
                            undefined,
                            typeScriptProgram(count),
                        );
                    } else if (door === "go" || door === "go-binary") {
                        project = await goSdkProject(`bench-sdk-${door}`, release.goModule, config, goProgram(count));
                        if (door === "go-binary") await useGoBinary(project);
                    } else {
                        const wheel = release.pythonSdk.find((f) => f.endsWith(".whl"));
                        const { venv } = await preparePythonVenv({ pulumiVersion: "newest", wheel });
                        project = await pythonSdkProject("bench-sdk-python", venv, config, pythonProgram(count));
                    }
                    const install = await installHostPlugin(project, release);
                    if (install.code !== 0) {
                        throw new Error(`plugin install failed: ${install.stderr}`);
                    }
                    // The Go program is compiled by the language host on every run; a warm build cache is what users have.
                    if (door === "go") {
                        await project.preview({ timeoutMs: 900_000 });
                    }
                }
                results[door] = await measure(project);
            } finally {
                await sim.close();
            }
        }
        const resources = `${count + 1} resources`;
        const javaScript = "dynamic resources (JavaScript program)";
        const typeScript = "dynamic resources (TypeScript program)";
        const measurements: Measurement[] = [];
        for (const [door, name, baseline, label] of [
            ["typescript-dynamic", "TypeScript instead of JavaScript, dynamic resources", "dynamic", javaScript],
            ["typescript", "TypeScript SDK + plugin", "typescript-dynamic", typeScript],
            ["go", "Go SDK + plugin, built by the language host", "dynamic", javaScript],
            ["go-binary", "Go SDK + plugin, a binary built once", "dynamic", javaScript],
            ["python", "Python SDK + plugin", "dynamic", javaScript],
        ] as const) {
            for (const op of ["up", "preview", "destroy"] as const) {
                measurements.push({
                    name: `${name}: pulumi ${op}${op === "preview" ? " (no changes)" : ""}, ${resources}`,
                    unit: "ms",
                    baseline: results[baseline][op],
                    candidate: results[door][op],
                    baselineLabel: label,
                });
            }
        }
        return measurements;
    } finally {
        fs.rmSync(out, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const count = Number(process.argv[2] ?? 100);
    if (!Number.isInteger(count) || count < 1) {
        console.error("usage: node dist/bench/sdkFrontDoors.js [count]");
        process.exit(2);
    }
    benchSdkFrontDoors(count).then(
        (results) => {
            console.log("| benchmark | baseline | front door | ratio |");
            console.log("| --- | --- | --- | --- |");
            for (const m of results) {
                console.log(
                    `| ${m.name} | ${m.baseline.toFixed(0)} ms | ${m.candidate.toFixed(0)} ms | ${ratio(m).toFixed(2)} |`,
                );
            }
        },
        (err) => {
            console.error(err);
            process.exit(1);
        },
    );
}
