// End-to-end: a Go program on the generated Go SDK (its module replaced by the release's module tree, as before the
// module is published), run by this project's Go language host (scripts/language-hosts/go), with the released
// plugin installed by `pulumi plugin install --file`: the same lifecycle as the TypeScript program
// (tests/e2e/support/sdkProgramLifecycle.ts).
import { expect } from "chai";
import * as path from "path";
import { PulumiProject, describeResult, runCommand } from "./support";
import { installHostPlugin, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig, SdkProgramContext, sdkProgramLifecycle } from "./support/sdkProgramLifecycle";
import { goSdkProject } from "./support/sdkPrograms";

const APP = { appKey: "e2esdkgokey6f2b", masterSecret: "e2e-sdk-go-secret-d481" };

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
        const install = await installHostPlugin(project, release);
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
