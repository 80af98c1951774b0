// Programs on the generated SDKs, installed the way users install them: the TypeScript SDK from its npm tarball
// (npm install), the Go SDK as a module replaced by the release's module tree (go mod tidy), the Python SDK from its
// wheel in a virtual environment (tests/support/pythonVenv.ts). Each program declares a
// signature `brand` and a template `otp` whose copy is the stack config `copy`, and, when the config `imported`
// holds a template's fields as JSON, a template `imported` with them (tests/e2e/support/sdkProgramLifecycle.ts).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { goModulePath } from "../../../plugin/release/sdkPackages";
import { goEnv } from "../../sdk/sdkChecks";
import { describeResult, runCommand } from "./pulumiCli";
import { PulumiProject, repoRoot } from "./pulumiProject";

/** The program: its SDK by its npm name, the copy from the stack config. */
export const TYPESCRIPT_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as jsms from "@pulumi-jsms/jsms";

const config = new pulumi.Config();
const brand = new jsms.SmsSignature("brand", { sign: "极光推送" });
const otp = new jsms.SmsTemplate(
    "otp",
    { template: config.require("copy"), type: jsms.TemplateType.VerificationCode, ttl: 300 },
    { dependsOn: [brand] },
);
const imported = config.getObject<{ template: string; type: number; remark?: string }>("imported");
if (imported) {
    new jsms.SmsTemplate("imported", { template: imported.template, type: imported.type as jsms.TemplateType, remark: imported.remark });
}
export const signId = brand.signId;
export const tempId = otp.tempId;
`;

/** The installed version of a package of this checkout (the program pins the same @pulumi/pulumi and TypeScript). */
function installedVersion(name: string): string {
    return JSON.parse(fs.readFileSync(path.join(repoRoot(), "node_modules", name, "package.json"), "utf8")).version;
}

/** A TypeScript project on the SDK tarball, its dependencies installed by npm (from its cache when it can). */
export async function typeScriptSdkProject(
    name: string,
    sdkTarball: string,
    config: Parameters<typeof PulumiProject.create>[0]["config"],
    env?: Record<string, string | undefined>,
    program = TYPESCRIPT_PROGRAM,
): Promise<PulumiProject> {
    const project = await PulumiProject.create({
        name,
        language: "ts",
        program,
        config,
        env,
        files: {
            "package.json": JSON.stringify(
                {
                    name,
                    private: true,
                    main: "index.ts",
                    dependencies: {
                        "@pulumi/pulumi": installedVersion("@pulumi/pulumi"),
                        "@pulumi-jsms/jsms": `file:${sdkTarball}`,
                    },
                    devDependencies: { typescript: installedVersion("typescript") },
                },
                null,
                2,
            ),
        },
    });
    const install = await runCommand("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
        cwd: project.dir,
        env: process.env,
        timeoutMs: 600_000,
    });
    expect(install.code, describeResult(install)).to.equal(0);
    const sdkManifest = path.join(project.dir, "node_modules", "@pulumi-jsms", "jsms", "package.json");
    expect(fs.existsSync(path.join(path.dirname(sdkManifest), "index.js")), "the SDK installed compiled").to.equal(
        true,
    );
    return project;
}

/** The program: the SDK's package by its import path, the copy from the stack config. */
export function goProgram(importPath: string): string {
    return `package main

import (
	"${importPath}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type importedTemplate struct {
	Template string  \`json:"template"\`
	Type     int     \`json:"type"\`
	Remark   *string \`json:"remark"\`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		brand, err := jsms.NewSmsSignature(ctx, "brand", &jsms.SmsSignatureArgs{Sign: pulumi.String("极光推送")})
		if err != nil {
			return err
		}
		otp, err := jsms.NewSmsTemplate(ctx, "otp", &jsms.SmsTemplateArgs{
			Template: pulumi.String(cfg.Require("copy")),
			Type:     jsms.TemplateTypeVerificationCode,
			Ttl:      pulumi.Int(300),
		}, pulumi.DependsOn([]pulumi.Resource{brand}))
		if err != nil {
			return err
		}
		var imported importedTemplate
		if cfg.TryObject("imported", &imported) == nil {
			_, err := jsms.NewSmsTemplate(ctx, "imported", &jsms.SmsTemplateArgs{
				Template: pulumi.String(imported.Template),
				Type:     jsms.TemplateType(imported.Type),
				Remark:   pulumi.StringPtrFromPtr(imported.Remark),
			})
			if err != nil {
				return err
			}
		}
		ctx.Export("signId", brand.SignId)
		ctx.Export("tempId", otp.TempId)
		return nil
	})
}
`;
}

/** A Go project on the release's Go module: go.mod replaces it by the module tree, `go mod tidy` writes go.sum. */
export async function goSdkProject(
    name: string,
    goModule: string,
    config: Parameters<typeof PulumiProject.create>[0]["config"],
    program: (importPath: string) => string = goProgram,
): Promise<PulumiProject> {
    const modulePath = goModulePath(fs.readFileSync(path.join(goModule, "go.mod"), "utf8"));
    const pkg = fs.readdirSync(goModule).find((d) => fs.existsSync(path.join(goModule, d, "pulumi-plugin.json")));
    expect(pkg, `a package folder in ${goModule}`).to.not.equal(undefined);
    const project = await PulumiProject.create({
        name,
        program: "",
        config,
        env: goEnv({}),
        files: {
            "Pulumi.yaml": `name: ${name}\nruntime: go\n`,
            "main.go": program(`${modulePath}/${pkg}`),
            "go.mod": `module example.com/${name}\n\ngo 1.25\n\nrequire ${modulePath} v0.0.0\n\nreplace ${modulePath} => ${goModule}\n`,
        },
    });
    // PulumiProject writes a Node.js entry point by default; a Go project has none.
    for (const file of ["index.js", "package.json"]) fs.rmSync(path.join(project.dir, file), { force: true });
    const tidy = await runCommand("go", ["mod", "tidy"], { cwd: project.dir, env: project.env(), timeoutMs: 600_000 });
    expect(tidy.code, describeResult(tidy)).to.equal(0);
    return project;
}

/** A Python project whose `__main__.py` is `program`, run in the prepared virtual environment `venv` (absolute). */
export async function pythonSdkProject(
    name: string,
    venv: string,
    config: Parameters<typeof PulumiProject.create>[0]["config"],
    program: string,
): Promise<PulumiProject> {
    const project = await PulumiProject.create({
        name,
        program: "",
        config,
        // The environment by its absolute path: nothing is installed at run time.
        files: {
            "Pulumi.yaml": `name: ${name}\nruntime:\n  name: python\n  options:\n    virtualenv: ${venv}\n`,
            "__main__.py": program,
        },
    });
    // PulumiProject writes a Node.js entry point by default; a Python project has none.
    for (const file of ["index.js", "package.json"]) fs.rmSync(path.join(project.dir, file), { force: true });
    return project;
}
