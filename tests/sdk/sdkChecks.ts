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
