/**
 * The generated SDKs turned into what users install: the TypeScript SDK compiled and packed for npm, the Python SDK
 * as an sdist and a wheel, the Go SDK as a module tree with its go.sum at its import path.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { sourceDateEpoch } from "./reproducibleTar";

/** Runs a command to its end and throws with its output when it fails; returns stdout. */
export function mustRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
    const r = spawnSync(command, args, { cwd, env, encoding: "utf8", input: "", timeout: 15 * 60_000 });
    if (r.status !== 0) {
        const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
        throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${why}\n${r.stdout ?? ""}${r.stderr ?? ""}`);
    }
    return r.stdout;
}

/**
 * Compiles the TypeScript SDK with the repository's TypeScript against the repository's @pulumi/pulumi (its
 * node_modules is linked there for the compile), then packs bin/ (JS, .d.ts, package.json, README) with npm pack.
 * Returns the tarball's path in `out`.
 */
export function packNodejsSdk(sdkDir: string, repo: string, out: string): string {
    const modules = path.join(sdkDir, "node_modules");
    fs.symlinkSync(path.join(repo, "node_modules"), modules, "dir");
    try {
        const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
        mustRun(process.execPath, [tsc, "-p", "."], sdkDir);
    } finally {
        fs.rmSync(modules, { force: true });
    }
    const bin = path.join(sdkDir, "bin");
    const manifest = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8"));
    // What a user installs: no build script, no compiler; the entry points are the compiled index.
    delete manifest.scripts;
    delete manifest.devDependencies;
    // npm refuses a package's provenance unless its repository names the repository the release workflow ran in.
    manifest.repository = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")).repository;
    manifest.main = "index.js";
    manifest.types = "index.d.ts";
    fs.writeFileSync(path.join(bin, "package.json"), `${JSON.stringify(manifest, null, 4)}\n`);
    if (fs.existsSync(path.join(sdkDir, "README.md"))) {
        fs.copyFileSync(path.join(sdkDir, "README.md"), path.join(bin, "README.md"));
    }
    // Source maps point at sources the package does not ship.
    for (const file of walk(bin)) {
        if (file.endsWith(".map")) {
            fs.rmSync(file);
        }
    }
    const packed = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], bin);
    return path.join(out, JSON.parse(packed)[0].filename);
}

/** Builds the Python SDK's sdist and wheel into `out` (plugin/release/python_dist.py); returns their paths. */
export function packPythonSdk(sdkDir: string, repo: string, out: string): string[] {
    // Byte-compiling first refuses an SDK that does not parse under this python3.
    mustRun("python3", ["-m", "compileall", "-q", "-f", "."], sdkDir);
    for (const file of walk(sdkDir)) {
        if (file.includes(`${path.sep}__pycache__${path.sep}`)) {
            fs.rmSync(path.dirname(file), { recursive: true, force: true });
        }
    }
    const script = path.join(repo, "plugin", "release", "python_dist.py");
    const env = { ...process.env, SOURCE_DATE_EPOCH: String(sourceDateEpoch()) };
    return mustRun("python3", [script, sdkDir, out], repo, env)
        .trim()
        .split("\n")
        .map((name) => path.join(out, name));
}

/** Go's environment: the local toolchain, and no checksum database lookups for pulumi's modules (go.sum pins them). */
function goEnv(): NodeJS.ProcessEnv {
    const nosum = [process.env.GONOSUMDB, "github.com/pulumi/pulumi"].filter(Boolean).join(",");
    return { ...process.env, GOTOOLCHAIN: "local", GONOSUMDB: nosum, GOFLAGS: "-mod=mod" };
}

/** The module path of a go.mod. */
export function goModulePath(goMod: string): string {
    const found = /^module\s+(\S+)/m.exec(goMod)?.[1];
    if (!found) {
        throw new Error("go.mod has no module line");
    }
    return found;
}

/**
 * Copies the Go SDK to `<out>/go/<module path>/`, completes its go.sum (`go mod tidy`) and checks it builds.
 * Returns the module's folder.
 */
export function stageGoSdk(sdkDir: string, out: string): string {
    const modulePath = goModulePath(fs.readFileSync(path.join(sdkDir, "go.mod"), "utf8"));
    const dest = path.join(out, "go", ...modulePath.split("/"));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.cpSync(sdkDir, dest, { recursive: true });
    mustRun("go", ["mod", "tidy"], dest, goEnv());
    mustRun("go", ["build", "-trimpath", "./..."], dest, goEnv());
    if (!fs.existsSync(path.join(dest, "go.sum"))) {
        throw new Error(`go mod tidy wrote no go.sum in ${dest}`);
    }
    return dest;
}

/** Every file under a folder, depth first, sorted. */
export function walk(dir: string): string[] {
    const files: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            files.push(...walk(full));
        } else if (entry.isFile()) {
            files.push(full);
        }
    }
    return files;
}
