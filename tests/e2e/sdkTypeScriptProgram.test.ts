// End-to-end: a TypeScript program on the generated TypeScript SDK, installed from the release's npm tarball the
// way a user installs it from npm, with the released plugin installed by `pulumi plugin install --file` (plugin
// acquisition off): create, preview --diff of a copy change with the replacement and its reason, update, import,
// destroy (tests/e2e/support/sdkProgramLifecycle.ts).
import { expect } from "chai";
import { PulumiProject, describeResult } from "./support";
import { installHostPlugin, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig, SdkProgramContext, sdkProgramLifecycle } from "./support/sdkProgramLifecycle";
import { typeScriptSdkProject } from "./support/sdkPrograms";

const APP = { appKey: "e2esdktypescriptkey41c7", masterSecret: "e2e-sdk-typescript-secret-9e05" };

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
        const install = await installHostPlugin(project, release);
        expect(install.code, describeResult(install)).to.equal(0);
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    sdkProgramLifecycle((): SdkProgramContext => ({ project, sim, app: APP, version }));
});
