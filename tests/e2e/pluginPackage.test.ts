// End-to-end: the packaged plugin. `npm run package:plugin`'s tarball runs on its own (no node_modules anywhere
// above it), installs with `pulumi plugin install resource jsms <version> --file …` with plugin acquisition off,
// and serves a YAML program that has no `plugins` block: CheckConfig with the settings' own message, resources,
// and the balance functions as invokes.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packagePlugin } from "../../plugin/packagePlugin";
import { packageVersion } from "../../plugin/schemaDocument";
import { readSettings } from "../../provider/settings";
import { PulumiProject, describeResult, diagnosticsOf } from "./support";
import { requireYamlHost } from "./support/pluginProject";
import { ScenarioSimulator } from "./support/scenarioSimulator";

const APP = { appKey: "e2epluginpackagekey2e4d", masterSecret: "e2e-plugin-package-secret-9d13" };
const DEV = { devKey: "e2epluginpackagedev81f", devSecret: "e2e-plugin-package-devsecret-55a0" };

/** Starts the extracted plugin from a folder outside the repository and returns the port it prints. */
function firstLine(command: string, cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, ["127.0.0.1:1"], {
            cwd,
            env: { PATH: process.env.PATH },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (out.includes("\n")) {
                child.kill("SIGTERM");
            }
        });
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", () => {
            clearTimeout(timer);
            out.includes("\n") ? resolve(out.split("\n")[0]) : reject(new Error(`no port printed; stderr: ${err}`));
        });
    });
}

describe("e2e: the packaged jsms plugin (real Pulumi CLI)", function () {
    this.timeout(240_000);
    let sim: ScenarioSimulator;
    let tarball: string;
    let project: PulumiProject;
    const version = packageVersion();

    before(async function () {
        requireYamlHost(this);
        sim = await ScenarioSimulator.start({ apps: [APP], dev: DEV, review: "manual" });
        [tarball] = await packagePlugin(["linux-amd64"]);
    });

    after(async () => {
        await project?.dispose();
        await sim?.close();
    });

    it("the tarball holds the launcher, one bundle and its package.json, and runs with no node_modules around it", async () => {
        expect(path.basename(tarball)).to.equal(`pulumi-resource-jsms-v${version}-linux-amd64.tar.gz`);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-plugin-run-"));
        try {
            const { spawnSync } = await import("child_process");
            expect(spawnSync("tar", ["-xzf", tarball, "-C", dir]).status).to.equal(0);
            expect(fs.readdirSync(dir).sort()).to.deep.equal([
                "package.json",
                "pulumi-resource-jsms",
                "pulumi-resource-jsms.js",
            ]);
            expect(fs.statSync(path.join(dir, "pulumi-resource-jsms")).mode & 0o111).to.not.equal(0);
            expect(await firstLine(path.join(dir, "pulumi-resource-jsms"), dir)).to.match(/^\d+$/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("installs with pulumi plugin install --file and serves a program without a plugins block", async () => {
        project = await PulumiProject.create({
            name: "plugin-package",
            program: "",
            files: {
                "Pulumi.yaml": `name: plugin-package
runtime: yaml
resources:
  brand:
    type: jsms:SmsSignature
    properties:
      sign: 极光推送
variables:
  appBalance:
    fn::invoke:
      function: jsms:getAppBalance
      arguments: {}
  devBalance:
    fn::invoke:
      function: jsms:getDevBalance
      arguments: {}
outputs:
  signId: \${brand.signId}
  appIndustry: \${appBalance.industry}
  devTotal: \${devBalance.total}
`,
            },
            config: {
                "jsms:endpoint": sim.url,
                "jsms:appKey": APP.appKey,
                "jsms:masterSecret": { value: APP.masterSecret, secret: true },
                "jsms:devKey": DEV.devKey,
                "jsms:devSecret": { value: DEV.devSecret, secret: true },
                "jsms:maxRetries": "many",
            },
        });
        const install = await project.run(["plugin", "install", "resource", "jsms", version, "--file", tarball]);
        expect(install.code, describeResult(install)).to.equal(0);

        // CheckConfig: the same rule and message as the dynamic provider's settings, on the key.
        const refused = await project.preview({ allowFailure: true });
        expect(refused.code).to.not.equal(0);
        const expected = readSettings({ get: (key) => (key === "jsms:maxRetries" ? "many" : undefined) }).problems[0];
        const errors = diagnosticsOf(refused.events, { severity: "error" })
            .map((d) => d.message)
            .join("\n");
        // The dynamic provider's own message, which must say what is wrong (written out, so an empty one fails).
        expect(expected.message).to.equal('jsms:maxRetries (or JSMS_MAX_RETRIES) must be a whole number; got "many"');
        expect(errors).to.contain("property maxRetries").and.to.contain(expected.message);
        expect(await sim.requests()).to.deep.equal([]);

        await project.configSet("jsms:maxRetries", "1");
        await project.up();
        const state = await sim.state();
        const outputs = await project.outputs();
        expect(outputs.signId).to.equal(state.signs[0].id);
        const balances = state.balances as { app: Record<string, { industry: number }>; dev: { balance: number } };
        expect(outputs.appIndustry).to.equal(balances.app[APP.appKey].industry);
        expect(outputs.devTotal).to.equal(balances.dev.balance);

        await project.destroy();
        expect((await sim.state()).signs).to.deep.equal([]);
    });
});
