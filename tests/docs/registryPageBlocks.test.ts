/**
 * Every code block of the Pulumi Registry pages, run or checked, so the pages cannot rot (the real Pulumi CLI, the
 * release's packages and plugin, the simulator). The overview's programs run as written: TypeScript on the SDK's npm
 * tarball, Python on the wheel in a virtual environment, Go on the release's module, YAML on the installed plugin,
 * each `pulumi up` with its outputs checked, then destroyed. The install page's shell blocks run where they can: the
 * plugin installs (from a local server standing in for the GitHub releases, and from the tarball with its
 * checksum), the config and environment blocks (a stack then comes up with exactly those settings); the ESC
 * environment's values are set the way ESC hands them to a stack. Package installs are checked against the release's
 * package names (the registries do not hold this build). Needs the CLI: scripts/test.sh keeps it out of the
 * Node 22 rerun.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import type { ReleaseArtifacts } from "../../plugin/release/build";
import { goModulePath } from "../../plugin/release/sdkPackages";
import { DEFAULT_PLUGIN_DOWNLOAD_URL } from "../../plugin/schemaDocument";
import { ConfigValue, PulumiProject, describeResult, repoRoot, runCommand } from "../e2e/support";
import {
    hostTarball,
    installHostPlugin,
    releaseFor,
    requireLanguageHost,
    RELEASE_BUILD_MS,
} from "../e2e/support/releaseArtifacts";
import { ReleaseServer } from "../e2e/support/releaseServer";
import { ScenarioSimulator } from "../e2e/support/scenarioSimulator";
import { goSdkProject, typeScriptSdkProject } from "../e2e/support/sdkPrograms";
import { preparePythonVenv } from "../support/pythonVenv";
import { CodeBlock, codeBlocks, fillPlaceholders, INSTALLATION, OVERVIEW, Placeholders } from "./registryPages";

const BALANCE = 4321;
const blocks = [...codeBlocks(OVERVIEW), ...codeBlocks(INSTALLATION)];
/** One simulator app per block, so no block sees another's objects. */
const apps = blocks.map((_b, i) => ({ appKey: `docsblockkey${i}a7c3`, masterSecret: `docs-block-secret-${i}-5e1d` }));
const overviewYaml = codeBlocks(OVERVIEW).find((b) => b.kind === "yaml-program")!;

describe("docs: every code block of the Registry pages, run (real Pulumi CLI, simulator)", function () {
    this.timeout(RELEASE_BUILD_MS);
    let sim: ScenarioSimulator;
    let release: ReleaseArtifacts;
    const projects: PulumiProject[] = [];

    before(async function () {
        requireLanguageHost(this, "yaml");
        requireLanguageHost(this, "nodejs");
        release = await releaseFor();
        sim = await ScenarioSimulator.start({ apps, review: "manual" });
        await sim.putBalances({ app: Object.fromEntries(apps.map((a) => [a.appKey, { balance: BALANCE }])) });
    });

    after(async () => {
        for (const project of projects) await project.dispose();
        await sim?.close();
    });

    function appOf(block: CodeBlock) {
        return apps[blocks.indexOf(block)];
    }

    function placeholders(block: CodeBlock): Placeholders {
        const app = appOf(block);
        return { "<version>": release.version, "<app key>": app.appKey, "<master secret>": app.masterSecret };
    }

    /** Stack config of a program block: the endpoint and tuning only (credentials come as the block says). */
    function baseConfig(): Record<string, ConfigValue> {
        return { "jsms:endpoint": sim.url, "jsms:maxRetries": "1" };
    }

    function credentialConfig(block: CodeBlock): Record<string, ConfigValue> {
        const app = appOf(block);
        return { "jsms:appKey": app.appKey, "jsms:masterSecret": { value: app.masterSecret, secret: true } };
    }

    /** A project of the overview's YAML program on the installed plugin of the release. */
    async function yamlProgramProject(name: string, config: Record<string, ConfigValue>): Promise<PulumiProject> {
        const project = await PulumiProject.create({
            name,
            program: "",
            files: { "Pulumi.yaml": overviewYaml.text.replace(/^name: .*$/m, `name: ${name}`) },
            config,
        });
        projects.push(project);
        for (const file of ["index.js", "package.json"]) fs.rmSync(path.join(project.dir, file), { force: true });
        const install = await installHostPlugin(project, release);
        expect(install.code, describeResult(install)).to.equal(0);
        return project;
    }

    /** `pulumi up` of a program as the overview writes it: the objects in the block's app, the outputs, then destroy. */
    async function upAndCheck(block: CodeBlock, project: PulumiProject, env?: Record<string, string>): Promise<void> {
        const app = appOf(block);
        const up = await project.up({ env, timeoutMs: 600_000 });
        expect(up.code, describeResult(up)).to.equal(0);
        const signs = await sim.signs(app.appKey);
        const templates = await sim.templates(app.appKey);
        expect(signs.map((s) => s.sign)).to.deep.equal(["极光推送"]);
        expect(templates.map((t) => [t.type, t.ttl, t.remark])).to.deep.equal([[1, 300, "用户登录"]]);
        expect(await project.outputs()).to.deep.equal({
            signId: signs[0].id,
            templateId: templates[0].id,
            reviewStatus: "pending",
            messagesLeft: BALANCE,
        });
        const destroy = await project.destroy({ env });
        expect(destroy.code, describeResult(destroy)).to.equal(0);
        expect(await sim.templates(app.appKey)).to.deep.equal([]);
    }

    async function bash(project: PulumiProject, script: string, cwd = project.dir) {
        const r = await runCommand("bash", ["-euo", "pipefail", "-c", script], { cwd, env: project.env() });
        expect(r.code, describeResult(r)).to.equal(0);
        return r;
    }

    const runners: Record<NonNullable<CodeBlock["kind"]>, (block: CodeBlock) => Promise<void>> = {
        "typescript-program": async (block) => {
            const project = await typeScriptSdkProject(
                "docs-typescript",
                release.nodejsSdk,
                { ...baseConfig(), ...credentialConfig(block) },
                undefined,
                block.text,
            );
            projects.push(project);
            const install = await installHostPlugin(project, release);
            expect(install.code, describeResult(install)).to.equal(0);
            await upAndCheck(block, project);
        },
        "python-program": async (block) => {
            requireLanguageHost({ skip: () => undefined }, "python");
            const { venv } = await preparePythonVenv({ pulumiVersion: "newest" });
            const project = await PulumiProject.create({
                name: "docs-python",
                program: "",
                config: { ...baseConfig(), ...credentialConfig(block) },
                files: {
                    "Pulumi.yaml": `name: docs-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${venv}\n`,
                    "__main__.py": block.text,
                },
            });
            projects.push(project);
            for (const file of ["index.js", "package.json"]) fs.rmSync(path.join(project.dir, file), { force: true });
            const install = await installHostPlugin(project, release);
            expect(install.code, describeResult(install)).to.equal(0);
            await upAndCheck(block, project);
        },
        "go-program": async (block) => {
            requireLanguageHost({ skip: () => undefined }, "go");
            const project = await goSdkProject(
                "docs-go",
                release.goModule,
                { ...baseConfig(), ...credentialConfig(block) },
                (importPath) => {
                    expect(block.text, "the page imports the release's Go package").to.contain(`"${importPath}"`);
                    return block.text;
                },
            );
            projects.push(project);
            const install = await installHostPlugin(project, release);
            expect(install.code, describeResult(install)).to.equal(0);
            await upAndCheck(block, project);
        },
        "yaml-program": async (block) => {
            const project = await yamlProgramProject("docs-yaml", { ...baseConfig(), ...credentialConfig(block) });
            await upAndCheck(block, project);
        },
        "package-install": async (block) => {
            const line = block.text.trim();
            expect(line.split("\n"), "one install command per block").to.have.length(1);
            const [tool, verb, spec] = line.split(/\s+/);
            if (tool === "npm") {
                expect(verb).to.equal("install");
                const sdk = await runCommand("tar", ["-xzOf", release.nodejsSdk, "package/package.json"], {
                    cwd: repoRoot(),
                    env: process.env,
                });
                const names = [
                    JSON.parse(sdk.stdout).name,
                    JSON.parse(fs.readFileSync(path.join(repoRoot(), "package.json"), "utf8")).name,
                ];
                expect(names, line).to.include(spec);
            } else if (tool === "pip") {
                const wheel = path.basename(release.pythonSdk.find((f) => f.endsWith(".whl"))!);
                expect(wheel.startsWith(`${spec}-${release.version}-`), `${line} installs ${wheel}`).to.equal(true);
            } else {
                expect([tool, verb]).to.deep.equal(["go", "get"]);
                const module = goModulePath(fs.readFileSync(path.join(release.goModule, "go.mod"), "utf8"));
                expect(fillPlaceholders(spec, placeholders(block))).to.equal(`${module}@v${release.version}`);
            }
        },
        "plugin-install": async (block) => {
            const project = await PulumiProject.create({ name: "docs-plugin-install", program: "" });
            projects.push(project);
            let script = fillPlaceholders(block.text, {
                ...placeholders(block),
                "<sha256 from checksums.txt>": checksumOf(hostTarball(release)),
            });
            let server: ReleaseServer | undefined;
            const named = /--server (\S+)/.exec(script)?.[1];
            if (named !== undefined) {
                // The page's address is the one the SDKs download from; its stand-in serves the release build.
                expect(named).to.equal(DEFAULT_PLUGIN_DOWNLOAD_URL);
                server = await ReleaseServer.start(release.out);
                script = script.replace(`--server ${named}`, `--server ${server.url}`);
            } else {
                const tarball = /pulumi-resource-jsms-v\S+\.tar\.gz/.exec(script)?.[0];
                expect(release.pluginTarballs.map((t) => path.basename(t))).to.include(tarball);
                script = script.replace(tarball!, path.basename(hostTarball(release)));
            }
            try {
                await bash(project, script, release.out);
                const listed = await project.run(["plugin", "ls", "--json"], { check: true });
                const plugins = JSON.parse(listed.stdout) as Array<{ name: string; kind: string; version: string }>;
                expect(plugins.map((p) => `${p.kind} ${p.name} ${p.version}`)).to.include(
                    `resource jsms ${release.version}`,
                );
                if (server) expect(server.requests.map((r) => r.status)).to.include(200);
            } finally {
                await server?.close();
            }
        },
        "config-set": async (block) => {
            const project = await yamlProgramProject("docs-config-set", baseConfig());
            await bash(project, fillPlaceholders(block.text, placeholders(block)));
            const settings = fs.readFileSync(path.join(project.dir, `Pulumi.${project.stack}.yaml`), "utf8");
            expect(settings, "the master secret is stored encrypted").to.not.contain(appOf(block).masterSecret);
            expect(settings).to.match(/jsms:masterSecret:\s+secure: /);
            await upAndCheck(block, project);
        },
        "environment-variables": async (block) => {
            const project = await yamlProgramProject("docs-environment", baseConfig());
            const script = fillPlaceholders(block.text, placeholders(block));
            const env = Object.fromEntries(
                script
                    .trim()
                    .split("\n")
                    .map((line) => /^export (\w+)=(\S+)$/.exec(line)!)
                    .map((m) => [m[1], m[2]]),
            );
            // What the block exports, checked by bash itself (it must be valid shell), then given to the CLI.
            await bash(project, `${script}\nenv | grep -c '^JSMS_'`);
            await upAndCheck(block, project, env);
        },
        "esc-environment": async (block) => {
            const project = await yamlProgramProject("docs-esc", baseConfig());
            const values = (
                yaml.load(fillPlaceholders(block.text, placeholders(block))) as {
                    values: { pulumiConfig: Record<string, unknown> };
                }
            ).values.pulumiConfig;
            // What ESC does for a stack that imports the environment: each pulumiConfig value becomes stack config,
            // a fn::secret one a secret.
            for (const [key, value] of Object.entries(values)) {
                const secret = typeof value === "object" && value !== null && "fn::secret" in value;
                const text = secret ? String((value as Record<string, unknown>)["fn::secret"]) : String(value);
                await project.configSet(key, text, { secret });
            }
            await upAndCheck(block, project);
        },
        "stack-environment-import": async (block) => {
            // Resolving it needs Pulumi Cloud's ESC service, which these tests do not reach: the block must at least
            // sit in a stack settings file the CLI wrote and keep it valid YAML (registryPages.test.ts checks its keys).
            const project = await yamlProgramProject("docs-stack-environment", baseConfig());
            const file = path.join(project.dir, `Pulumi.${project.stack}.yaml`);
            fs.appendFileSync(file, `\n${block.text}`);
            const parsed = yaml.load(fs.readFileSync(file, "utf8")) as { environment: string[]; config: object };
            expect(parsed.config).to.have.property("jsms:endpoint");
            expect(parsed.environment).to.deep.equal((yaml.load(block.text) as { environment: string[] }).environment);
        },
    };

    for (const block of blocks) {
        it(`${block.page}:${block.line} (${block.kind ?? block.language})`, async () => {
            expect(block.kind, "a block the tests can run or check").to.not.equal(undefined);
            await runners[block.kind!](block);
        });
    }
});

/** The sha256 of a release file, as checksums.txt lists it. */
function checksumOf(file: string): string {
    const list = fs.readFileSync(path.join(path.dirname(file), "checksums.txt"), "utf8");
    const line = list
        .split("\n")
        .find((l) => l.endsWith(`  ${path.basename(file)}`) || l.endsWith(`/${path.basename(file)}`));
    if (!line) throw new Error(`${path.basename(file)} is not in checksums.txt`);
    return line.split(/\s+/)[0];
}
