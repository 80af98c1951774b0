// End-to-end: a TypeScript program on the generated TypeScript SDK, installed from the release's npm tarball the
// way a user installs it from npm, with the released plugin installed by `pulumi plugin install --file` (plugin
// acquisition off): create, preview --diff of a copy change with the replacement and its reason, update, import,
// destroy (tests/e2e/support/sdkProgramLifecycle.ts).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PulumiProject, describeResult, repoRoot, runCommand } from "./support";
import { hostTarball, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig, SdkProgramContext, sdkProgramLifecycle } from "./support/sdkProgramLifecycle";

const APP = { appKey: "e2esdktypescriptkey41c7", masterSecret: "e2e-sdk-typescript-secret-9e05" };

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
export async function typeScriptSdkProject(name: string, sdkTarball: string, config: Parameters<typeof PulumiProject.create>[0]["config"], env?: Record<string, string | undefined>): Promise<PulumiProject> {
    const project = await PulumiProject.create({
        name,
        language: "ts",
        program: TYPESCRIPT_PROGRAM,
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
    expect(fs.existsSync(path.join(path.dirname(sdkManifest), "index.js")), "the SDK installed compiled").to.equal(true);
    return project;
}

describe("e2e: a TypeScript program on the generated TypeScript SDK package (real Pulumi CLI)", function () {
    this.timeout(RELEASE_BUILD_MS);
    let sim: ScenarioSimulator;
    let project: PulumiProject;
    let version: string;

    before(async function () {
        requireLanguageHost(this, "nodejs");
        sim = await ScenarioSimulator.start({ apps: [APP], review: "manual" });
        const release = await releaseFor();
        version = release.version;
        project = await typeScriptSdkProject("sdk-typescript", release.nodejsSdk, lifecycleConfig(sim, APP));
        const install = await project.run(["plugin", "install", "resource", "jsms", version, "--file", hostTarball(release)]);
        expect(install.code, describeResult(install)).to.equal(0);
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    sdkProgramLifecycle((): SdkProgramContext => ({ project, sim, app: APP, version }));
});
