// End-to-end: the plugin reaches users the way published providers do, from the release's download address (here
// a local server over the release folder, built with that address). `pulumi plugin install --server` fetches this
// platform's tarball and checks it against checksums.txt; a wrong checksum and a missing platform are refused with
// the engine's own message. With automatic plugin acquisition on and an empty plugin cache, a YAML program that
// names the version and address and the TypeScript SDK program (which name them by themselves) preview and update
// with no `plugins` block: the engine downloads the plugin on first use.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ReleaseArtifacts } from "../../plugin/release/build";
import { readChecksums } from "../../plugin/release/checksums";
import { PulumiProject, describeResult, resourcesOfType } from "./support";
import { requireYamlHost } from "./support/pluginProject";
import { hostTarball, releaseFor, requireLanguageHost, RELEASE_BUILD_MS } from "./support/releaseArtifacts";
import { ReleaseServer } from "./support/releaseServer";
import { ScenarioSimulator } from "./support/scenarioSimulator";
import { lifecycleConfig } from "./support/sdkProgramLifecycle";
import { typeScriptSdkProject } from "./support/sdkPrograms";

const APP = { appKey: "e2epluginacquirekey2d9e", masterSecret: "e2e-plugin-acquire-secret-71b3" };
/** Automatic acquisition on, whatever the suite's environment says (scripts/test.sh turns it off). */
const ACQUIRE = { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" };

describe("e2e: plugin acquisition from the release's download address (real Pulumi CLI)", function () {
    this.timeout(RELEASE_BUILD_MS);
    let sim: ScenarioSimulator;
    let server: ReleaseServer;
    let release: ReleaseArtifacts;
    let tarballName: string;
    const projects: PulumiProject[] = [];
    const scratch: string[] = [];

    before(async function () {
        requireYamlHost(this);
        requireLanguageHost(this, "nodejs");
        sim = await ScenarioSimulator.start({ apps: [APP], review: "manual" });
        // The server starts first: its address goes into the release's schema and SDKs.
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-release-server-"));
        scratch.push(empty);
        server = await ReleaseServer.start(empty);
        release = await releaseFor(server.url);
        server.dir = release.out;
        tarballName = path.basename(hostTarball(release));
    });

    after(async () => {
        for (const p of projects) await p.dispose();
        await server?.close();
        await sim?.close();
        for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    });

    async function emptyProject(name: string, body = "resources: {}\n"): Promise<PulumiProject> {
        const project = await PulumiProject.create({
            name,
            program: "",
            files: { "Pulumi.yaml": `name: ${name}\nruntime: yaml\n${body}` },
            config: lifecycleConfig(sim, APP),
            env: ACQUIRE,
        });
        projects.push(project);
        return project;
    }

    function installedPlugin(project: PulumiProject): string[] {
        const dir = path.join(project.homeDir, "plugins", `resource-jsms-v${release.version}`);
        return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    }

    it("pulumi plugin install --server downloads this platform's tarball, checked against checksums.txt", async () => {
        const project = await emptyProject("acquire-install");
        const sum = readChecksums(release.checksums).get(tarballName);
        expect(sum, tarballName).to.match(/^[0-9a-f]{64}$/);
        server.requests.length = 0;
        const install = await project.run([
            "plugin",
            "install",
            "resource",
            "jsms",
            release.version,
            "--server",
            server.url,
            "--checksum",
            sum!,
        ]);
        expect(install.code, describeResult(install)).to.equal(0);
        expect(server.requests).to.deep.equal([{ path: `/${tarballName}`, status: 200 }]);
        expect(installedPlugin(project)).to.deep.equal([
            "package.json",
            "pulumi-resource-jsms",
            "pulumi-resource-jsms.js",
        ]);
        const listed = await project.run(["plugin", "ls", "--json"]);
        const plugins = JSON.parse(listed.stdout) as { name: string; kind: string; version: string }[];
        expect(plugins.filter((p) => p.name === "jsms").map((p) => [p.kind, p.version])).to.deep.equal([
            ["resource", release.version],
        ]);
    });

    it("a tarball whose checksum differs from the one given is refused, and nothing is installed", async () => {
        const project = await emptyProject("acquire-checksum");
        const wrong = "0".repeat(64);
        const install = await project.run([
            "plugin",
            "install",
            "resource",
            "jsms",
            release.version,
            "--server",
            server.url,
            "--checksum",
            wrong,
        ]);
        expect(install.code).to.not.equal(0);
        const actual = readChecksums(release.checksums).get(tarballName);
        expect(install.stderr + install.stdout).to.contain(`invalid checksum, expected ${wrong}, actual ${actual}`);
        expect(installedPlugin(project)).to.deep.equal([]);
    });

    it("a release without this platform's tarball is an error naming the address it tried", async () => {
        const partial = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-partial-release-"));
        scratch.push(partial);
        for (const tarball of release.pluginTarballs.filter((t) => path.basename(t) !== tarballName)) {
            fs.copyFileSync(tarball, path.join(partial, path.basename(tarball)));
        }
        const project = await emptyProject("acquire-missing");
        server.dir = partial;
        try {
            const install = await project.run([
                "plugin",
                "install",
                "resource",
                "jsms",
                release.version,
                "--server",
                server.url,
            ]);
            expect(install.code).to.not.equal(0);
            expect(install.stderr + install.stdout).to.contain(
                `404 HTTP error fetching plugin from ${server.url}${tarballName}`,
            );
            expect(installedPlugin(project)).to.deep.equal([]);
        } finally {
            server.dir = release.out;
        }
    });

    it("a YAML program naming the version and address: preview downloads the plugin, up uses it", async () => {
        const options = `options: { version: ${release.version}, pluginDownloadURL: "${server.url}" }`;
        const project = await emptyProject(
            "acquire-yaml",
            `resources:\n  brand:\n    type: jsms:SmsSignature\n    properties: { sign: 自动下载 }\n    ${options}\noutputs:\n  signId: \${brand.signId}\n`,
        );
        expect(fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8")).to.not.contain("plugins:");
        server.requests.length = 0;
        await sim.clearRequests();
        await project.preview();
        expect(server.requests).to.deep.equal([{ path: `/${tarballName}`, status: 200 }]);
        expect(installedPlugin(project)).to.include("pulumi-resource-jsms");
        expect(await sim.requests()).to.deep.equal([]);

        await project.up();
        expect(server.requests, "downloaded once").to.have.length(1);
        const outputs = await project.outputs();
        expect((await sim.signs()).map((s) => s.id)).to.deep.equal([outputs.signId]);
        await project.destroy();
        expect(await sim.signs()).to.deep.equal([]);
    });

    it("the TypeScript SDK program (its package names the version and address): preview downloads the plugin, up uses it", async () => {
        const project = await typeScriptSdkProject(
            "acquire-typescript",
            release.nodejsSdk,
            lifecycleConfig(sim, APP),
            ACQUIRE,
        );
        projects.push(project);
        expect(installedPlugin(project)).to.deep.equal([]);
        server.requests.length = 0;
        await sim.clearRequests();
        const preview = await project.preview();
        expect(preview.code).to.equal(0);
        expect(server.requests).to.deep.equal([{ path: `/${tarballName}`, status: 200 }]);
        expect(await sim.requests()).to.deep.equal([]);

        await project.up();
        const state = await project.exportStack();
        expect(resourcesOfType(state, "jsms:index:SmsTemplate")).to.have.length(1);
        expect((await sim.templates()).map((t) => t.id)).to.deep.equal([(await project.outputs()).tempId]);
        await project.destroy();
        expect(await sim.templates()).to.deep.equal([]);
        expect(await sim.signs()).to.deep.equal([]);
    });
});
