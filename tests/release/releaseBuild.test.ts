// `npm run release:build` (plugin/release/build.ts) against a download address of its own: every artifact is
// unpacked and read the way its installer would read it (the plugin tarballs' layout, launcher and version, the
// npm packages' files, the wheel's and sdist's metadata, the Go module's go.mod/go.sum), every SDK names the
// address, and checksums.txt covers every file with the right hashes; a second build of the same commit gives the
// same bytes (fixed dates, owner 0/0, sorted entries); a download address in clear text to a remote host is refused.
// Needs Go (the SDK generator) and python3.
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DOWNLOAD_URL_ENV, ReleaseArtifacts, buildRelease, parseArgs } from "../../plugin/release/build";
import { CHECKSUMS, readChecksums, sha256 } from "../../plugin/release/checksums";
import { walk } from "../../plugin/release/sdkPackages";
import { DEFAULT_PLUGIN_DOWNLOAD_URL, packageVersion } from "../../plugin/schemaDocument";
import { repoRoot } from "../e2e/support";
import { RELEASE_BUILD_MS } from "../e2e/support/releaseArtifacts";

const URL = "https://downloads.example.com/jsms/";
/** The repository the plugin is downloaded from by default, as every npm package must name it for its provenance. */
const REPOSITORY = {
    type: "git",
    url: `git+https://github.com/${DEFAULT_PLUGIN_DOWNLOAD_URL.replace("github://api.github.com/", "")}.git`,
};
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"];

function sh(command: string, args: string[], cwd = process.cwd()): string {
    const r = spawnSync(command, args, { cwd, encoding: "utf8", input: "", timeout: 120_000 });
    expect(r.status, `${command} ${args.join(" ")}: ${r.stderr}${r.error ?? ""}`).to.equal(0);
    return r.stdout;
}

/** Extracts a .tar.gz / .tgz into a fresh folder and returns it. */
function untar(file: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-untar-"));
    sh("tar", ["-xzf", file, "-C", dir]);
    return dir;
}

/** The files of a folder, relative, with /. */
function files(dir: string): string[] {
    return walk(dir).map((f) => path.relative(dir, f).split(path.sep).join("/"));
}

/** Starts a plugin launcher and resolves with the first line it prints (the port), then stops it. */
function firstLine(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, ["127.0.0.1:1"], {
            env: { PATH: process.env.PATH },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            if (out.includes("\n")) child.kill("SIGTERM");
        });
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("error", reject);
        child.on("close", () => {
            clearTimeout(timer);
            out.includes("\n") ? resolve(out.split("\n")[0]) : reject(new Error(`no port printed; stderr: ${err}`));
        });
    });
}

describe("release build (npm run release:build)", function () {
    this.timeout(RELEASE_BUILD_MS);
    const version = packageVersion();
    const scratch: string[] = [];
    let release: ReleaseArtifacts;

    before(async function () {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-release-"));
        scratch.push(out);
        release = await buildRelease({ out: path.join(out, "release"), pluginDownloadURL: URL });
    });

    after(() => {
        for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Registers a folder for removal after the suite and returns it. */
    const temp = (dir: string): string => {
        scratch.push(dir);
        return dir;
    };

    it("takes the download address from the flag, else the environment, and refuses one the engine cannot use", () => {
        expect(parseArgs(["--plugin-download-url", URL], {})).to.include({ pluginDownloadURL: URL });
        expect(parseArgs([], { [DOWNLOAD_URL_ENV]: "http://127.0.0.1:1/" })).to.include({
            pluginDownloadURL: "http://127.0.0.1:1/",
        });
        expect(parseArgs([], {})).to.include({ pluginDownloadURL: "github://api.github.com/pulumi-jsms/pulumi-jsms" });
        for (const ok of ["gitlab://gitlab.example.com/group/project", "http://localhost:8080/", "http://[::1]:9/"]) {
            expect(parseArgs(["--plugin-download-url", ok], {})).to.include({ pluginDownloadURL: ok });
        }
        expect(() => parseArgs(["--plugin-download-url", "ftp://x"], {})).to.throw(
            /not an https:\/\/, github:\/\/ or gitlab:\/\/ address/,
        );
        expect(() => parseArgs(["--out"], {})).to.throw(/--out needs a value/);
        const cli = path.join(repoRoot(), "dist", "plugin", "release", "build.js");
        const bad = spawnSync(process.execPath, [cli, "--plugin-download-url", "not a url"], { encoding: "utf8" });
        expect(bad.status, bad.stderr).to.equal(2);
        expect(bad.stderr).to.contain("usage: npm run release:build");
        expect(spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" }).status).to.equal(0);
    });

    it("refuses plain http:// to any host but loopback, and an address carrying credentials, without quoting them", () => {
        const cli = path.join(repoRoot(), "dist", "plugin", "release", "build.js");
        for (const url of ["http://downloads.example.com/jsms/", "http://10.0.0.8/", "http://127.0.0.1.example.com/"]) {
            expect(() => parseArgs(["--plugin-download-url", url], {}), url).to.throw(
                /is plain http:\/\/ to .*: the engine would download an executable in clear text; use https:\/\//,
            );
            const run = spawnSync(process.execPath, [cli, "--plugin-download-url", url], { encoding: "utf8" });
            expect(run.status, url).to.equal(2);
            expect(run.stderr).to.contain("plain http://");
        }
        expect(() => parseArgs([], { [DOWNLOAD_URL_ENV]: "http://example.com/" })).to.throw(/plain http:\/\//);
        for (const url of [
            "https://deploy:hunter2@downloads.example.com/",
            "github://x-token:hunter2@api.github.com/o/r",
        ]) {
            let message = "";
            try {
                parseArgs(["--plugin-download-url", url], {});
            } catch (err) {
                message = (err as Error).message;
            }
            expect(message).to.equal("plugin download URL must not contain credentials (user-info before the host)");
        }
    });

    it("writes the schema with its version and download address", () => {
        const schema = JSON.parse(fs.readFileSync(release.schema, "utf8"));
        expect(schema).to.include({ name: "jsms", version, pluginDownloadURL: URL });
    });

    it("writes a plugin tarball per platform: launcher, one bundle and its package.json at the version", async () => {
        expect(release.pluginTarballs.map((t) => path.basename(t)).sort()).to.deep.equal(
            PLATFORMS.map((p) => `pulumi-resource-jsms-v${version}-${p}.tar.gz`).sort(),
        );
        const bundles = new Set<string>();
        for (const tarball of release.pluginTarballs) {
            const dir = temp(untar(tarball));
            const windows = tarball.includes("-windows-");
            const launcher = windows ? "pulumi-resource-jsms.cmd" : "pulumi-resource-jsms";
            expect(files(dir).sort(), tarball).to.deep.equal(
                [launcher, "package.json", "pulumi-resource-jsms.js"].sort(),
            );
            expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version).to.equal(version);
            const text = fs.readFileSync(path.join(dir, launcher), "utf8");
            if (windows) {
                expect(text).to.equal('@echo off\r\nnode "%~dp0pulumi-resource-jsms.js" %*\r\n');
            } else {
                expect(text.startsWith("#!/bin/sh\n"), text).to.equal(true);
                expect(text).to.contain('exec node "$(dirname "$0")/pulumi-resource-jsms.js" "$@"');
                expect(fs.statSync(path.join(dir, launcher)).mode & 0o111).to.equal(0o111);
            }
            bundles.add(sha256(path.join(dir, "pulumi-resource-jsms.js")));
        }
        expect(bundles.size, "one platform-free bundle").to.equal(1);
        const here = release.pluginTarballs.find((t) => t.endsWith("-linux-amd64.tar.gz"))!;
        const dir = temp(untar(here));
        expect(await firstLine(path.join(dir, "pulumi-resource-jsms"))).to.match(/^\d+$/);
    });

    it("packs pulumi-jsms for npm at the version", () => {
        expect(path.basename(release.npmPackage)).to.equal(`pulumi-jsms-${version}.tgz`);
        const dir = temp(untar(release.npmPackage));
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package", "package.json"), "utf8"));
        expect(manifest).to.include({ name: "pulumi-jsms", version });
        // npm publish --provenance is refused unless the repository names the one the workflow runs in.
        expect(manifest.repository).to.deep.equal(REPOSITORY);
        expect(fs.existsSync(path.join(dir, "package", "dist", "provider", "index.js"))).to.equal(true);
        expect(fs.existsSync(path.join(dir, "package", "dist", "provider", "index.d.ts"))).to.equal(true);
    });

    it("packs the TypeScript SDK compiled: JS and declarations, no sources, naming the download address", () => {
        const dir = path.join(temp(untar(release.nodejsSdk)), "package");
        const list = files(dir);
        expect(list).to.include.members([
            "index.js",
            "index.d.ts",
            "smsTemplate.js",
            "smsTemplate.d.ts",
            "package.json",
        ]);
        expect(
            list.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
            "no TypeScript sources",
        ).to.deep.equal([]);
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        expect(manifest).to.include({ name: "@pulumi-jsms/jsms", version, main: "index.js", types: "index.d.ts" });
        expect(manifest.pulumi).to.deep.equal({ resource: true, name: "jsms", version, server: URL });
        expect(manifest.repository).to.deep.equal(REPOSITORY);
        expect(manifest).to.not.have.property("devDependencies");
        expect(fs.readFileSync(path.join(dir, "utilities.js"), "utf8")).to.contain(`pluginDownloadURL: "${URL}"`);
    });

    it("builds the Python wheel pip installs, and the sdist, at the version, naming the download address", () => {
        const names = release.pythonSdk.map((f) => path.basename(f)).sort();
        expect(names).to.deep.equal(
            [`pulumi_jsms-${version}-py3-none-any.whl`, `pulumi_jsms-${version}.tar.gz`].sort(),
        );
        const wheel = release.pythonSdk.find((f) => f.endsWith(".whl"))!;
        const target = temp(fs.mkdtempSync(path.join(os.tmpdir(), "jsms-wheel-")));
        // pip checks the wheel's name, WHEEL and RECORD; --no-deps: the pulumi package is not reachable here.
        sh("python3", ["-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", target, wheel]);
        const meta = sh(
            "python3",
            [
                "-c",
                "import importlib.metadata as m; print(m.version('pulumi_jsms')); print('\\n'.join(m.requires('pulumi_jsms')))",
            ],
            target,
        );
        expect(meta.split("\n")[0]).to.equal(version);
        expect(meta).to.match(/^pulumi>=3/m);
        const plugin = JSON.parse(fs.readFileSync(path.join(target, "pulumi_jsms", "pulumi-plugin.json"), "utf8"));
        expect(plugin).to.deep.equal({ resource: true, name: "jsms", version, server: URL });
        sh("python3", ["-m", "compileall", "-q", path.join(target, "pulumi_jsms")]);

        const sdist = path.join(
            temp(untar(release.pythonSdk.find((f) => f.endsWith(".tar.gz"))!)),
            `pulumi_jsms-${version}`,
        );
        expect(fs.readFileSync(path.join(sdist, "PKG-INFO"), "utf8")).to.match(
            new RegExp(`^Version: ${version.replace(/\./g, "\\.")}$`, "m"),
        );
        expect(fs.readFileSync(path.join(sdist, "setup.py"), "utf8")).to.contain(`VERSION = "${version}"`);
        expect(fs.existsSync(path.join(sdist, "pulumi_jsms", "sms_template.py"))).to.equal(true);
    });

    it("stages the Go SDK at its module path with go.mod and go.sum, naming the download address", () => {
        const goMod = fs.readFileSync(path.join(release.goModule, "go.mod"), "utf8");
        const modulePath = /^module (\S+)$/m.exec(goMod)![1];
        expect(path.relative(release.out, release.goModule).split(path.sep).join("/")).to.equal(`go/${modulePath}`);
        expect(fs.readFileSync(path.join(release.goModule, "go.sum"), "utf8")).to.match(
            /^github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.\d+\.\d+ h1:/m,
        );
        const pkg = path.join(release.goModule, "jsms");
        expect(JSON.parse(fs.readFileSync(path.join(pkg, "pulumi-plugin.json"), "utf8"))).to.deep.equal({
            resource: true,
            name: "jsms",
            version,
            server: URL,
        });
        expect(fs.readFileSync(path.join(pkg, "internal", "pulumiUtilities.go"), "utf8")).to.contain(
            `pulumi.PluginDownloadURL("${URL}")`,
        );
    });

    it("lists every file in checksums.txt with its sha256, and sha256sum -c agrees", () => {
        const sums = readChecksums(release.checksums);
        const all = files(release.out).filter((f) => f !== CHECKSUMS);
        expect([...sums.keys()].sort()).to.deep.equal(all.sort());
        for (const [name, hash] of sums) {
            expect(sha256(path.join(release.out, name)), name).to.equal(hash);
        }
        expect(sh("sha256sum", ["--quiet", "-c", CHECKSUMS], release.out)).to.equal("");
        // A damaged copy is caught.
        const copy = temp(fs.mkdtempSync(path.join(os.tmpdir(), "jsms-sums-")));
        fs.cpSync(release.out, copy, { recursive: true });
        fs.appendFileSync(path.join(copy, "schema.json"), " ");
        expect(
            spawnSync("sha256sum", ["--quiet", "-c", CHECKSUMS], { cwd: copy, encoding: "utf8" }).status,
        ).to.not.equal(0);
    });

    it("writes plugin tarballs with sorted entries, owner 0/0, the fixed date and fixed modes", () => {
        for (const tarball of release.pluginTarballs) {
            const launcher = tarball.includes("-windows-")
                ? "-rw-r--r-- 0/0 2000-01-01 00:00 pulumi-resource-jsms.cmd"
                : "-rwxr-xr-x 0/0 2000-01-01 00:00 pulumi-resource-jsms";
            const listing = sh("tar", ["--numeric-owner", "--utc", "-tvzf", tarball])
                .trim()
                .split("\n")
                .map((line) => line.split(/\s+/))
                .map(([mode, owner, , day, time, name]) => `${mode} ${owner} ${day} ${time} ${name}`);
            expect(listing, tarball).to.deep.equal([
                "-rw-r--r-- 0/0 2000-01-01 00:00 package.json",
                launcher,
                "-rw-r--r-- 0/0 2000-01-01 00:00 pulumi-resource-jsms.js",
            ]);
        }
    });

    it("gives the same bytes when the same commit is built again: every checksum is equal", async () => {
        const again = await buildRelease({
            out: path.join(temp(fs.mkdtempSync(path.join(os.tmpdir(), "jsms-release-again-"))), "release"),
            pluginDownloadURL: URL,
        });
        const first = readChecksums(release.checksums);
        const second = readChecksums(again.checksums);
        expect([...second.keys()]).to.deep.equal([...first.keys()]);
        const differing = [...first].filter(([name, hash]) => second.get(name) !== hash).map(([name]) => name);
        expect(differing, "files whose bytes differ between two builds").to.deep.equal([]);
        expect(fs.readFileSync(again.checksums, "utf8")).to.equal(fs.readFileSync(release.checksums, "utf8"));
    });
});
