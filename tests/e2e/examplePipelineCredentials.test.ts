// End-to-end, the credential split docs/threat-model.md recommends, on examples/pipeline/ci.sh with the real Pulumi
// CLI and the local JSMS simulator: the stack's config holds no JSMS credential; `ci.sh preview` (the job that runs a
// branch's code) runs with none at all and makes no API call, before and after the stack has objects; `ci.sh up`
// (the default branch's job) gets them from JSMS_APP_KEY / JSMS_MASTER_SECRET in its environment only, and nothing
// of them reaches the state or the output.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CommandResult, PulumiProject, repoRoot, requirePulumiCli } from "./support";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { basicAuthValue, describeScript, leakedSecrets, runScript } from "./support/signatureScenario";

const APP_KEY = "e2epipelinekey5d1c";
const MASTER_SECRET = "e2e-pipeline-secret-90b3e6a1f27c";
const SECRETS: Record<string, string> = {
    "the master secret": MASTER_SECRET,
    "Basic auth of the app": basicAuthValue(APP_KEY, MASTER_SECRET),
};

function seen(r: CommandResult): string {
    return `${r.stdout}\n${r.stderr}`;
}

describe("e2e: examples/pipeline with the JSMS credentials only in the apply job (real Pulumi CLI)", function () {
    this.timeout(240_000);
    let sim: ScenarioSimulator;
    let project: PulumiProject;

    before(async function () {
        requirePulumiCli(this);
        sim = await ScenarioSimulator.start({
            apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }],
            review: "approve",
        });
        project = await PulumiProject.create({
            name: "example-pipeline-credentials",
            copyFrom: path.join(repoRoot(), "examples", "pipeline"),
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
            // The endpoint only: no jsms:appKey, no jsms:masterSecret in the stack.
            config: { "jsms:endpoint": sim.url },
        });
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    const ci = (command: string, credentials: Record<string, string>) =>
        runScript("bash", [path.join(project.dir, "ci.sh"), command], {
            cwd: project.workspace,
            env: project.env({
                PULUMI_STACK: project.stack,
                JSMS_REVIEW_TIMEOUT_SECONDS: "20",
                JSMS_REVIEW_POLL_SECONDS: "1",
                ...credentials,
            }),
        });

    it("previews with no JSMS credential and no API call, applies with them from the environment only", async () => {
        const config = fs.readFileSync(path.join(project.dir, `Pulumi.${project.stack}.yaml`), "utf8");
        expect(config).to.not.match(/appKey|masterSecret/);

        const first = await ci("preview", {});
        expect(first.code, describeScript(first)).to.equal(0);
        expect(first.stdout).to.contain("欢迎注册，您的验证码是{{code}}，10分钟内有效。");
        expect(await sim.requests(), "a preview makes no API call").to.deep.equal([]);

        const up = await ci("up", { JSMS_APP_KEY: APP_KEY, JSMS_MASTER_SECRET: MASTER_SECRET });
        expect(up.code, describeScript(up)).to.equal(0);
        expect((await sim.requests()).length, "up calls JSMS with the environment's credentials").to.be.greaterThan(0);

        // The stack now has objects: a branch's preview still needs nothing of JSMS.
        const before = (await sim.requests()).length;
        const again = await ci("preview", {});
        expect(again.code, describeScript(again)).to.equal(0);
        expect((await sim.requests()).length).to.equal(before);

        const state = await project.run(["stack", "export", "--show-secrets"], { check: true });
        expect(leakedSecrets(seen(first) + seen(up) + seen(again) + state.stdout, SECRETS)).to.deep.equal([]);
    });

    it("without the credentials, an up that has to call JSMS fails naming them, and changes nothing", async () => {
        const before = JSON.stringify(await sim.state());
        const program = path.join(project.dir, "index.ts");
        fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace("10分钟内有效", "5分钟内有效"));
        const preview = await ci("preview", {});
        expect(preview.code, describeScript(preview)).to.equal(0);
        expect(preview.stdout).to.contain("5分钟内有效");
        const up = await ci("up", {});
        expect(up.code).to.not.equal(0);
        expect(seen(up)).to.contain("JSMS_APP_KEY and JSMS_MASTER_SECRET");
        expect(JSON.stringify(await sim.state())).to.equal(before);
    });
});
