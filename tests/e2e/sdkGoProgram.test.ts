// End-to-end: a Go program on the generated Go SDK (its module replaced by the release's module tree, as before the
// module is published), run by this project's Go language host (scripts/language-hosts/go), with the released
// plugin installed by `pulumi plugin install --file`: the same lifecycle as the TypeScript program
// (tests/e2e/support/sdkProgramLifecycle.ts).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { goModulePath } from "../../plugin/release/sdkPackages";
import { PulumiProject, describeResult, runCommand } from "./support";
import { hostTarball, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig, SdkProgramContext, sdkProgramLifecycle } from "./support/sdkProgramLifecycle";
import { goEnv } from "../sdk/sdkChecks";

const APP = { appKey: "e2esdkgokey6f2b", masterSecret: "e2e-sdk-go-secret-d481" };

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
export async function goSdkProject(name: string, goModule: string, config: Parameters<typeof PulumiProject.create>[0]["config"]): Promise<PulumiProject> {
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
            "main.go": goProgram(`${modulePath}/${pkg}`),
            "go.mod": `module example.com/${name}\n\ngo 1.25\n\nrequire ${modulePath} v0.0.0\n\nreplace ${modulePath} => ${goModule}\n`,
        },
    });
    // PulumiProject writes a Node.js entry point by default; a Go project has none.
    for (const file of ["index.js", "package.json"]) fs.rmSync(path.join(project.dir, file), { force: true });
    const tidy = await runCommand("go", ["mod", "tidy"], { cwd: project.dir, env: project.env(), timeoutMs: 600_000 });
    expect(tidy.code, describeResult(tidy)).to.equal(0);
    return project;
}

describe("e2e: a Go program on the generated Go SDK (real Pulumi CLI, this project's Go language host)", function () {
    this.timeout(RELEASE_BUILD_MS);
    let sim: ScenarioSimulator;
    let project: PulumiProject;
    let version: string;

    before(async function () {
        requireLanguageHost(this, "go");
        sim = await ScenarioSimulator.start({ apps: [APP], review: "manual" });
        const release = await releaseFor();
        version = release.version;
        project = await goSdkProject("sdk-go", release.goModule, lifecycleConfig(sim, APP));
        const install = await project.run(["plugin", "install", "resource", "jsms", version, "--file", hostTarball(release)]);
        expect(install.code, describeResult(install)).to.equal(0);
        // The first run compiles the program and Pulumi's Go SDK (minutes when Go's build cache is cold).
        const warm = await runCommand("go", ["build", "-o", path.join(project.workspace, "program"), "."], {
            cwd: project.dir,
            env: project.env(),
            timeoutMs: RELEASE_BUILD_MS,
        });
        expect(warm.code, describeResult(warm)).to.equal(0);
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    sdkProgramLifecycle((): SdkProgramContext => ({ project, sim, app: APP, version }));
});
