// The build checks a generated SDK must pass, one function per language, each returning the tool's outcome rather
// than throwing, so a test can require both a pass (on the generated SDK) and a failure (on a damaged copy).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Exit code (-1 when killed or not started), output and wall time of one command. */
export interface Outcome {
    code: number;
    /** stdout alone. */
    stdout: string;
    /** stdout, then stderr, then why the command could not run or was killed. */
    output: string;
    ms: number;
}

/** Runs a command to its end, bounded by timeoutMs; never throws. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Outcome {
    const start = Date.now();
    const r = spawnSync(command, args, { cwd, env, input: "", encoding: "utf8", timeout: timeoutMs });
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}`;
    return { code: r.status ?? -1, stdout: r.stdout ?? "", output, ms: Date.now() - start };
}

/** True when an executable of that name is on PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
    return (env.PATH ?? "").split(path.delimiter).some((dir) => {
        try {
            fs.accessSync(path.join(dir, name), fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    });
}

/**
 * Go's environment for the checks: the machine's module proxy and cache, the local toolchain only, and no checksum
 * database lookups for pulumi's own modules (some proxies' databases lack them; go.sum still pins every hash).
 */
export function goEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    const nosum = [env.GONOSUMDB, "github.com/pulumi/pulumi"].filter(Boolean).join(",");
    return { ...env, GOTOOLCHAIN: "local", GONOSUMDB: nosum, GOFLAGS: `${env.GOFLAGS ?? ""} -mod=mod`.trim() };
}

/**
 * The Go SDK builds: `go mod tidy` resolves its go.mod (Pulumi's Go SDK and what it needs, from the module cache,
 * else the proxy), then `go build ./...`. The first run on a machine compiles Pulumi's Go SDK (about 2 minutes).
 */
export function checkGo(dir: string, timeoutMs: number): Outcome {
    const tidy = run("go", ["mod", "tidy"], dir, goEnv(), timeoutMs);
    if (tidy.code !== 0) {
        return tidy;
    }
    // -trimpath: the build cache then serves any output folder, so a warm check compiles only the SDK itself.
    const build = run("go", ["build", "-trimpath", "./..."], dir, goEnv(), timeoutMs);
    return { ...build, ms: tidy.ms + build.ms };
}

/** The Python SDK byte-compiles: every module parses under this machine's python3 (-f: none is skipped as cached). */
export function checkPython(dir: string, timeoutMs: number): Outcome {
    return run("python3", ["-m", "compileall", "-q", "-f", "."], dir, process.env, timeoutMs);
}

/**
 * The TypeScript SDK compiles with its own tsconfig.json under the repository's TypeScript, against the repository's
 * @pulumi/pulumi and @types/node (its node_modules is linked to the repository's).
 */
export function checkTypeScript(dir: string, repo: string, timeoutMs: number): Outcome {
    const modules = path.join(dir, "node_modules");
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(path.join(repo, "node_modules"), modules, "dir");
    }
    const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
    return run(process.execPath, [tsc, "--noEmit", "-p", "."], dir, process.env, timeoutMs);
}

/**
 * A TypeScript program compiles against the TypeScript SDK's sources: `packageName` is mapped to the SDK folder in
 * the program's tsconfig.json, everything else resolves from the repository's node_modules.
 */
export function checkTypeScriptProgram(
    programDir: string,
    sdkDir: string,
    packageName: string,
    repo: string,
    timeoutMs: number,
): Outcome {
    const tsconfig = {
        compilerOptions: {
            strict: true,
            noEmit: true,
            target: "ES2020",
            module: "commonjs",
            moduleResolution: "node10",
            types: ["node"],
            skipLibCheck: true,
            baseUrl: ".",
            paths: { [packageName]: [path.relative(programDir, sdkDir)] },
        },
        files: ["index.ts"],
    };
    fs.writeFileSync(path.join(programDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const modules = path.join(programDir, "node_modules");
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(path.join(repo, "node_modules"), modules, "dir");
    }
    const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
    return run(process.execPath, [tsc, "-p", "."], programDir, process.env, timeoutMs);
}

/**
 * A Go program type-checks against the Go SDK: its go.mod replaces the SDK's module by the generated folder, then
 * `go mod tidy` and `go vet` (which type-checks without linking a binary).
 */
export function checkGoProgram(programDir: string, sdkDir: string, timeoutMs: number): Outcome {
    const sdkModule = /^module\s+(\S+)/m.exec(fs.readFileSync(path.join(sdkDir, "go.mod"), "utf8"))?.[1];
    if (!sdkModule) {
        return { code: -1, stdout: "", output: `no module line in ${sdkDir}/go.mod`, ms: 0 };
    }
    const goMod = [
        "module example.com/jsms-program",
        "",
        "go 1.25",
        "",
        `require ${sdkModule} v0.0.0`,
        "",
        `replace ${sdkModule} => ${sdkDir}`,
        "",
    ].join("\n");
    fs.writeFileSync(path.join(programDir, "go.mod"), goMod);
    const tidy = run("go", ["mod", "tidy"], programDir, goEnv(), timeoutMs);
    if (tidy.code !== 0) {
        return tidy;
    }
    const vet = run("go", ["vet", "-trimpath", "./..."], programDir, goEnv(), timeoutMs);
    return { ...vet, ms: tidy.ms + vet.ms };
}

/** A Python program parses (the `pulumi` Python package is not installed here, so it cannot be imported). */
export function checkPythonProgram(file: string, timeoutMs: number): Outcome {
    const code = "import sys; compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec')";
    return run("python3", ["-c", code, file], path.dirname(file), process.env, timeoutMs);
}
