// scripts/install-pulumi.sh with a `pulumi` of another version on PATH: a usable one (3.139 or later, with its
// Node.js language host) is used as it is and nothing is built; an older or incomplete one is passed over for the
// cache and the build. Each fake install is a folder holding a `pulumi` wrapper that reports the version under test
// and runs the real CLI for everything else, links to the real plugins it should have, and a `go` that records any
// call and fails: a test in which the script tries to build cannot pass by building.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCli, repoRoot, requirePulumiCli } from "../e2e/support";
import { INSTALLED_PLUGINS, requirePlugin } from "./pulumiPlugins";

const SCRIPT = "scripts/install-pulumi.sh";
const YAML_VERSION = "1.25.0";

/** Exit code (-1 when killed or not started) and output of one command. */
interface Outcome {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs a command to its end. Synchronous on purpose: a fake `pulumi` exits at once, and an asynchronous spawn can
 * then fail writing the child's stdin (EPIPE) after the test has moved on.
 */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Outcome {
    const r = spawnSync(command, args, { cwd: repoRoot(), env, input: "", encoding: "utf8", timeout: timeoutMs });
    const stderr = (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : "");
    return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr };
}

/** A throwaway folder standing for a user's Pulumi install. */
interface FakeInstall {
    dir: string;
    /** Where the fake `go` writes its arguments, one line per call. */
    goCalls: string;
}

describe("scripts/install-pulumi.sh", function () {
    this.timeout(120_000);
    let cli: PulumiCli;
    const plugins: Record<string, string> = {};
    let scratch: string;
    let pinned: string;

    before(function () {
        cli = requirePulumiCli(this);
        for (const name of INSTALLED_PLUGINS) {
            plugins[name] = requirePlugin(cli, name);
        }
        const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), "package.json"), "utf8"));
        pinned = String(manifest.devDependencies["@pulumi/pulumi"]).replace(/^[^0-9]*/, "");
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "install-pulumi-"));
    });

    after(function () {
        if (scratch) {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    });

    function fakeInstall(version: string, withPlugins: readonly string[]): FakeInstall {
        const dir = fs.mkdtempSync(path.join(scratch, `pulumi-${version}-`));
        const goCalls = path.join(dir, "go-calls.txt");
        fs.writeFileSync(
            path.join(dir, "pulumi"),
            `#!/bin/sh\nif [ "$1" = version ]; then echo v${version}; exit 0; fi\nexec '${cli.pulumi}' "$@"\n`,
            { mode: 0o755 },
        );
        fs.writeFileSync(
            path.join(dir, "go"),
            `#!/bin/sh\necho "go $*" >> '${goCalls}'\necho "fake go: this test forbids building" >&2\nexit 97\n`,
            { mode: 0o755 },
        );
        for (const name of withPlugins) {
            fs.symlinkSync(plugins[name], path.join(dir, name));
        }
        return { dir, goCalls };
    }

    /** PATH without any folder that holds a piece of the real CLI, so only the fake install can provide one. */
    function pathWithout(): string {
        const pieces = ["pulumi", ...INSTALLED_PLUGINS];
        return (process.env.PATH ?? "")
            .split(path.delimiter)
            .filter((d) => d !== "" && !pieces.some((p) => fs.existsSync(path.join(d, p))))
            .join(path.delimiter);
    }

    function emptyCache(): string {
        return fs.mkdtempSync(path.join(scratch, "cache-"));
    }

    function install(fake: FakeInstall, cache: string, args: string[] = []): Outcome {
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: `${fake.dir}${path.delimiter}${pathWithout()}`,
            PULUMI_JSMS_CACHE: cache,
            PULUMI_YAML_VERSION: YAML_VERSION,
        };
        delete env.PULUMI_VERSION;
        return run("bash", [SCRIPT, ...args], env, 60_000);
    }

    function goCalls(fake: FakeInstall): string {
        return fs.existsSync(fake.goCalls) ? fs.readFileSync(fake.goCalls, "utf8") : "";
    }

    function show(r: Outcome): string {
        return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
    }

    it("uses a complete pulumi v3.200.0 on PATH as it is: prints its folder and builds nothing", function () {
        const fake = fakeInstall("3.200.0", INSTALLED_PLUGINS);
        const cache = emptyCache();
        const r = install(fake, cache);
        expect(r.code, show(r)).to.equal(0);
        expect(r.stdout).to.equal(`${fake.dir}\n`);
        expect(r.stderr).to.contain(`using pulumi v3.200.0 from PATH (${fake.dir})`);
        expect(goCalls(fake)).to.equal("");
        expect(fs.readdirSync(cache), "nothing written to the cache").to.deep.equal([]);

        // The folder printed really is the fake install: its `pulumi` answers, and runs the real CLI for the rest.
        const env = { ...process.env, PATH: `${r.stdout.trim()}${path.delimiter}${pathWithout()}` };
        const version = run("pulumi", ["version"], env, 30_000);
        expect(version.stdout.trim()).to.equal("v3.200.0");
        const help = run("pulumi", ["plugin", "ls", "--help"], env, 30_000);
        expect(help.code, show(help)).to.equal(0);
    });

    it("counts 3.139.0 as usable and --no-yaml as not needing the YAML host", function () {
        const fake = fakeInstall("3.139.0", ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]);
        const r = install(fake, emptyCache(), ["--no-yaml"]);
        expect(r.code, show(r)).to.equal(0);
        expect(r.stdout).to.equal(`${fake.dir}\n`);
        expect(goCalls(fake)).to.equal("");
    });

    it("passes over a pulumi older than 3.139 and builds the pinned version instead", function () {
        const fake = fakeInstall("3.138.2", INSTALLED_PLUGINS);
        const r = install(fake, emptyCache());
        expect(r.code, show(r)).to.not.equal(0);
        expect(r.stdout, "no folder printed").to.equal("");
        expect(r.stderr).to.contain(
            `ignoring pulumi v3.138.2 on PATH (${fake.dir}): this project needs 3.139.0 or later`,
        );
        expect(r.stderr).to.contain(`building pulumi v${pinned}`).and.contain("about 6 minutes");
        expect(goCalls(fake)).to.contain(`github.com/pulumi/pulumi/pkg/v3@v${pinned}`);
    });

    it("passes over a pulumi without a Node.js language host", function () {
        const fake = fakeInstall("3.200.0", ["pulumi-resource-pulumi-nodejs", "pulumi-language-yaml"]);
        const r = install(fake, emptyCache());
        expect(r.code, show(r)).to.not.equal(0);
        expect(r.stderr).to.contain("no pulumi-language-nodejs beside it or on PATH");
        expect(goCalls(fake)).to.contain("go get");
    });

    it("supplies the plugins a usable pulumi lacks from the cache, in a folder that holds no pulumi", function () {
        const fake = fakeInstall("3.200.0", ["pulumi-language-nodejs"]);
        // A cache that already holds the YAML host (as a previous run leaves it): nothing needs building.
        const cache = emptyCache();
        const cachedBin = path.join(cache, `pulumi-v${pinned}`, "bin");
        fs.mkdirSync(cachedBin, { recursive: true });
        const cachedSrc = path.join(cache, `pulumi-v${pinned}`, "src");
        fs.mkdirSync(cachedSrc);
        fs.symlinkSync(plugins["pulumi-language-yaml"], path.join(cachedBin, "pulumi-language-yaml"));
        fs.writeFileSync(path.join(cachedSrc, "pulumi-language-yaml.version"), `${YAML_VERSION}\n`);

        const r = install(fake, cache);
        expect(r.code, show(r)).to.equal(0);
        const extras = r.stdout.trim();
        expect(path.dirname(extras)).to.equal(path.join(cache, "path-extras"));
        expect(fs.readdirSync(extras).sort()).to.deep.equal(["pulumi-language-yaml", "pulumi-resource-pulumi-nodejs"]);
        expect(r.stderr).to.contain(
            `using pulumi v3.200.0 from PATH (${fake.dir}), ` +
                `with pulumi-resource-pulumi-nodejs pulumi-language-yaml from ${extras}`,
        );
        expect(goCalls(fake)).to.equal("");
        // The dynamic-provider plugin is the one @pulumi/pulumi ships.
        expect(fs.readFileSync(path.join(extras, "pulumi-resource-pulumi-nodejs"), "utf8")).to.equal(
            fs.readFileSync(path.join(repoRoot(), "node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"), "utf8"),
        );

        // Once the install has the plugin itself, the link that would shadow it goes; the folder stays the same.
        fs.symlinkSync(plugins["pulumi-resource-pulumi-nodejs"], path.join(fake.dir, "pulumi-resource-pulumi-nodejs"));
        const again = install(fake, cache);
        expect(again.stdout.trim(), show(again)).to.equal(extras);
        expect(fs.readdirSync(extras)).to.deep.equal(["pulumi-language-yaml"]);
    });

    it("builds the language hosts of scripts/language-hosts when missing or when the module's sources change, and only then", function () {
        // A copy of the script and the host module, so a source can change; the cache holds the pinned CLI.
        const root = fs.mkdtempSync(path.join(scratch, "checkout-"));
        fs.mkdirSync(path.join(root, "scripts"));
        fs.copyFileSync(path.join(repoRoot(), SCRIPT), path.join(root, SCRIPT));
        fs.cpSync(path.join(repoRoot(), "scripts", "language-hosts"), path.join(root, "scripts", "language-hosts"), {
            recursive: true,
        });
        fs.copyFileSync(path.join(repoRoot(), "package.json"), path.join(root, "package.json"));
        fs.symlinkSync(path.join(repoRoot(), "node_modules"), path.join(root, "node_modules"));
        const hosts = fs
            .readdirSync(path.join(root, "scripts", "language-hosts"))
            .filter((d) => fs.existsSync(path.join(root, "scripts", "language-hosts", d, "main.go")))
            .sort();
        expect(hosts).to.deep.equal(["go", "nodejs", "python"]);

        const cache = emptyCache();
        const bin = path.join(cache, `pulumi-v${pinned}`, "bin");
        fs.mkdirSync(bin, { recursive: true });
        fs.mkdirSync(path.join(cache, `pulumi-v${pinned}`, "src"));
        fs.writeFileSync(path.join(cache, `pulumi-v${pinned}`, "src", "go.mod"), "module local/pulumi-cli\n");
        fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho v${pinned}\n`, { mode: 0o755 });
        // A `go` that records its calls, "builds" an empty executable where -o says, and names an sdk/v3 module
        // folder holding the Python runner script.
        const tools = fs.mkdtempSync(path.join(scratch, "go-"));
        const calls = path.join(tools, "calls.txt");
        const sdk = path.join(tools, "sdk");
        fs.mkdirSync(path.join(sdk, "python", "cmd"), { recursive: true });
        fs.writeFileSync(path.join(sdk, "python", "cmd", "pulumi-language-python-exec"), "#!/usr/bin/env python\n");
        fs.writeFileSync(
            path.join(tools, "go"),
            `#!/bin/sh\necho "go $*" >> '${calls}'\ncase "$1" in\n` +
                `  build) while [ "$#" -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done; ` +
                `printf '#!/bin/sh\\n' > "$out"; chmod +x "$out" ;;\n` +
                `  list) echo '${sdk}' ;;\n  *) exit 97 ;;\nesac\n`,
            { mode: 0o755 },
        );
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: `${tools}${path.delimiter}${pathWithout()}`,
            PULUMI_JSMS_CACHE: cache,
        };
        delete env.PULUMI_VERSION;
        const builds = (): string[] => {
            const text = fs.existsSync(calls) ? fs.readFileSync(calls, "utf8") : "";
            fs.rmSync(calls, { force: true });
            return text
                .split("\n")
                .filter((l) => l.startsWith("go build"))
                .map((l) => l.split(" ").pop()!);
        };
        const installHosts = () => run("bash", [path.join(root, SCRIPT), "--no-yaml"], env, 60_000);

        const first = installHosts();
        expect(first.code, show(first)).to.equal(0);
        expect(first.stdout).to.equal(`${bin}\n`);
        expect(builds()).to.deep.equal(["./go", "./nodejs", "./python"]);
        for (const h of hosts) expect(fs.existsSync(path.join(bin, `pulumi-language-${h}`))).to.equal(true);
        expect(fs.readFileSync(path.join(bin, "pulumi-language-python-exec"), "utf8")).to.equal(
            "#!/usr/bin/env python\n",
        );

        const again = installHosts();
        expect(again.code, show(again)).to.equal(0);
        expect(builds(), "nothing changed: nothing built").to.deep.equal([]);

        // The Python host is incomplete without its runner script: only it is built again.
        fs.rmSync(path.join(bin, "pulumi-language-python-exec"));
        expect(installHosts().code).to.equal(0);
        expect(builds()).to.deep.equal(["./python"]);

        // A change of the code the hosts share rebuilds every one of them.
        fs.appendFileSync(path.join(root, "scripts", "language-hosts", "langhost", "langhost.go"), "\n// changed\n");
        const changed = installHosts();
        expect(changed.code, show(changed)).to.equal(0);
        expect(builds()).to.deep.equal(["./go", "./nodejs", "./python"]);
    });

    it("has the demo run on a pulumi v3.200.0 from PATH without building anything", function () {
        this.timeout(300_000);
        const fake = fakeInstall("3.200.0", ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]);
        const cache = emptyCache();
        // Inside the checkout: the demo's program resolves pulumi-jsms and @pulumi/pulumi from the repo.
        fs.mkdirSync(path.join(repoRoot(), ".pulumi-test"), { recursive: true });
        const demoDir = fs.mkdtempSync(path.join(repoRoot(), ".pulumi-test", "demo-"));
        try {
            const env: NodeJS.ProcessEnv = {
                ...process.env,
                PATH: `${fake.dir}${path.delimiter}${pathWithout()}`,
                PULUMI_JSMS_CACHE: cache,
                JSMS_DEMO_DIR: demoDir,
            };
            const r = run("bash", ["scripts/demo.sh"], env, 280_000);
            expect(r.code, show(r)).to.equal(0);
            expect(r.stderr).to.contain("using pulumi v3.200.0 from PATH");
            expect(r.stdout).to.match(/template .+: approved/);
            expect(r.stdout).to.contain("Done.");
            expect(goCalls(fake)).to.equal("");
            expect(fs.readdirSync(cache)).to.deep.equal([]);
        } finally {
            fs.rmSync(demoDir, { recursive: true, force: true });
        }
    });
});
