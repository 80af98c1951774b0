// Finding and running the real Pulumi CLI for the end-to-end suites.
//
// The CLI is built from the Go modules by scripts/install-pulumi.sh (see that script for why), which prints the
// directory to put on PATH. scripts/test.sh does that and sets JSMS_REQUIRE_PULUMI_CLI=1, so under `npm test` a
// missing CLI fails the suite; a bare `npx mocha` run skips it with the same instructions.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The message every CLI-dependent suite shows when `pulumi` cannot be used. */
export const INSTALL_HINT =
    "the Pulumi CLI (pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs) is not on PATH: run " +
    "`bash scripts/install-pulumi.sh` and put the directory it prints on PATH, e.g. " +
    "PATH=$(bash scripts/install-pulumi.sh):$PATH";

/** The binaries a `pulumi up` of a Node.js program with dynamic resources needs. */
export const REQUIRED_BINARIES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;

/** Where the CLI and its two plugins were found. */
export interface PulumiCli {
    /** Absolute path of `pulumi`. */
    pulumi: string;
    /** The directory holding `pulumi`. */
    binDir: string;
}

/** Outcome of one CLI invocation. */
export interface CommandResult {
    /** The arguments after `pulumi`. */
    args: string[];
    /** Exit code; -1 when the process was killed (timeout) or could not start. */
    code: number;
    stdout: string;
    stderr: string;
    /** Wall-clock time of the command, in milliseconds. */
    durationMs: number;
}

/** Whether `file` is a regular file this process may execute. */
export function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

function which(name: string, pathVar: string): string | undefined {
    for (const dir of pathVar.split(path.delimiter)) {
        if (dir && isExecutable(path.join(dir, name))) {
            return path.join(dir, name);
        }
    }
    return undefined;
}

/**
 * Looks up the CLI on `env.PATH`. The plugins count when they are on PATH or next to `pulumi`, which is where the
 * CLI itself looks for bundled plugins. Returns undefined when any of the three is missing.
 */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
    const pathVar = env.PATH ?? "";
    const pulumi = which("pulumi", pathVar);
    if (!pulumi) {
        return undefined;
    }
    const binDir = path.dirname(pulumi);
    for (const plugin of REQUIRED_BINARIES.slice(1)) {
        if (!which(plugin, pathVar) && !isExecutable(path.join(binDir, plugin))) {
            return undefined;
        }
    }
    return { pulumi, binDir };
}

/** True when the environment says the CLI must be there (scripts/test.sh sets JSMS_REQUIRE_PULUMI_CLI=1). */
export function cliRequired(env: NodeJS.ProcessEnv = process.env): boolean {
    const v = env.JSMS_REQUIRE_PULUMI_CLI;
    return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

/** The subset of a mocha context this module needs, so it can be called from `before` hooks. */
export interface Skippable {
    skip(): never | void;
}

/**
 * For a suite's `before` hook: returns the CLI, or fails (JSMS_REQUIRE_PULUMI_CLI set) or skips (otherwise) with
 * {@link INSTALL_HINT}. Skipping prints the hint once on stderr so a skipped suite is not silent.
 */
export function requirePulumiCli(ctx: Skippable, env: NodeJS.ProcessEnv = process.env): PulumiCli {
    const cli = findPulumiCli(env);
    if (cli) {
        return cli;
    }
    if (cliRequired(env)) {
        throw new Error(`JSMS_REQUIRE_PULUMI_CLI is set but ${INSTALL_HINT}`);
    }
    process.stderr.write(`skipping: ${INSTALL_HINT}\n`);
    ctx.skip();
    throw new Error("unreachable: mocha's skip() throws");
}

/** Options of {@link runPulumi}. */
export interface RunOptions {
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Kill the command after this long (default 180 s) and report code -1. */
    timeoutMs?: number;
    /** Written to the command's stdin, which is then closed (stdin is always closed: nothing may prompt). */
    input?: string;
}

/** Runs `pulumi <args>` and collects its output. Never throws for a non-zero exit; callers decide. */
export function runPulumi(args: string[], opts: RunOptions): Promise<CommandResult> {
    return runCommand("pulumi", args, opts).then((r) => ({ ...r, args }));
}

/**
 * Runs any command (a project's script, say) and collects its output; `args` of the result include the command.
 * Never throws for a non-zero exit; a timeout kills it (SIGTERM, then SIGKILL) and reports code -1.
 */
export function runCommand(command: string, args: string[], opts: RunOptions): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
        }, opts.timeoutMs ?? 180_000);
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.stdin.end(opts.input ?? "");
        const finish = (code: number, extra = "") => {
            clearTimeout(timer);
            resolve({
                args: [command, ...args],
                code,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8") + extra,
                durationMs: Date.now() - started,
            });
        };
        child.on("error", (e) => finish(-1, `\nfailed to start ${command}: ${e.message}`));
        child.on("close", (code) =>
            finish(
                timedOut ? -1 : (code ?? -1),
                timedOut ? `\n${command} ${args.join(" ")}: killed after timeout` : "",
            ),
        );
    });
}

/** Renders a failed command for an assertion message: the command, its exit code and both streams. */
export function describeResult(r: CommandResult): string {
    return `pulumi ${r.args.join(" ")} exited ${r.code} after ${r.durationMs} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
