// A throwaway Pulumi project driven through the real CLI: the workspace the end-to-end suites run in.
//
// Why the CLI and not the Automation API's inline programs: inline programs run in the test process, with the test
// process's module graph, cwd and a language host of the Automation API's own. What users run is `pulumi up` on a
// Pulumi.yaml project: the Go language host starts `node @pulumi/pulumi/cmd/run` in the program directory, and the
// engine starts the dynamic-provider process with that directory as its cwd, which is exactly where
// `require("pulumi-jsms/runtime")` in the serialized providers gets resolved. Only the CLI exercises that.
//
// Layout: <repo>/.pulumi-test/<name>-<random>/{project,state,home,events}. The project lives inside the repo tree so
// `@pulumi/pulumi` and `pulumi-jsms` (node_modules/pulumi-jsms → the checkout, made by scripts/link-self.js) resolve
// from the repo's node_modules, as they would from a user's. Each project has its own file backend (state/) and
// PULUMI_HOME (home/), so tests share nothing.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { EngineEvent, parseEventLog } from "./engineEvents";
import { CommandResult, describeResult, runPulumi } from "./pulumiCli";
import { StackExport } from "./stackState";

/** Environment overrides: a string sets a variable, undefined removes it. */
export type EnvOverrides = Record<string, string | undefined>;

/** A config value for {@link PulumiProjectOptions.config}: a plain string, or one to store encrypted. */
export type ConfigValue = string | { value: string; secret?: boolean };

/** Options of {@link PulumiProject.create}. */
export interface PulumiProjectOptions {
    /** Project name (Pulumi.yaml `name`, and the start of the workspace folder's name). Default `jsms-e2e`. */
    name?: string;
    /**
     * Source of the program's entry file, index.js or index.ts per `language`. Import the package by its public
     * name (`require("pulumi-jsms")` / `import * as jsms from "pulumi-jsms"`), as users do.
     */
    program?: string;
    /** `js` (default): index.js, runtime option `typescript: false`. `ts`: index.ts, run through ts-node. */
    language?: "js" | "ts";
    /** Copy a project directory (e.g. an example) instead of writing `program`; node_modules and stack files are skipped. */
    copyFrom?: string;
    /** More files to write, by path relative to the project directory. */
    files?: Record<string, string>;
    /** Stack name. Default `e2e`. */
    stack?: string;
    /** Stack config set right after `stack init`, e.g. `{"jsms:appKey": "k", "jsms:masterSecret": {value: "s", secret: true}}`. */
    config?: Record<string, ConfigValue>;
    /** Environment for every command, on top of the isolated one this helper builds. */
    env?: EnvOverrides;
    /** PULUMI_CONFIG_PASSPHRASE. Default "" (an empty passphrase is accepted; it only has to be set). */
    passphrase?: string;
    /** Parent folder of the workspace; must be inside the repo tree for module resolution. Default <repo>/.pulumi-test. */
    root?: string;
}

/** Options of the operations (up, preview, refresh, destroy). */
export interface OperationOptions {
    /** More CLI arguments, e.g. `["--diff"]`, `["--target", urn]`, `["--run-program"]`. */
    args?: string[];
    /** Environment overrides for this command only. */
    env?: EnvOverrides;
    /** Return a non-zero exit instead of throwing. Default false: a failure throws with the full output. */
    allowFailure?: boolean;
    /** Default 180 s. */
    timeoutMs?: number;
}

/** The outcome of an operation: the command's output plus the engine events it logged. */
export interface OperationResult extends CommandResult {
    events: EngineEvent[];
}

let repoRootCache: string | undefined;

/** The checkout: the nearest folder above this file whose package.json is named pulumi-jsms. */
export function repoRoot(): string {
    if (repoRootCache) {
        return repoRootCache;
    }
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "pulumi-jsms") {
            repoRootCache = dir;
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no pulumi-jsms package.json above ${__dirname}`);
        }
    }
}

/** Variables that would let a developer's own setup leak into a test run. JSMS_* is dropped too (real credentials). */
const SCRUBBED = [
    "PULUMI_ACCESS_TOKEN",
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE_FILE",
    "PULUMI_STACK",
    "PULUMI_RUN_PROGRAM",
    "PULUMI_DEBUG_LANGUAGES",
    "PULUMI_DEBUG_PROVIDERS",
];

function applyEnv(target: NodeJS.ProcessEnv, overrides: EnvOverrides | undefined): void {
    for (const [k, v] of Object.entries(overrides ?? {})) {
        if (v === undefined) {
            delete target[k];
        } else {
            target[k] = v;
        }
    }
}

function copyProjectDir(from: string, to: string): void {
    fs.cpSync(from, to, {
        recursive: true,
        filter: (src) => {
            const base = path.basename(src);
            return base !== "node_modules" && !/^Pulumi\..+\.ya?ml$/.test(base);
        },
    });
}

/** A Pulumi project with its own stack, file backend and PULUMI_HOME. Create with {@link PulumiProject.create}. */
export class PulumiProject {
    /** The workspace folder (holds project/, state/, home/, events/). */
    readonly workspace: string;
    /** The project directory (Pulumi.yaml); the commands' cwd. */
    readonly dir: string;
    readonly stack: string;
    /** The file backend's folder (PULUMI_BACKEND_URL=file://<stateDir>). */
    readonly stateDir: string;
    /** PULUMI_HOME. */
    readonly homeDir: string;
    private readonly baseEnv: NodeJS.ProcessEnv;
    private commandCount = 0;

    private constructor(workspace: string, stack: string, env: NodeJS.ProcessEnv) {
        this.workspace = workspace;
        this.dir = path.join(workspace, "project");
        this.stateDir = path.join(workspace, "state");
        this.homeDir = path.join(workspace, "home");
        this.stack = stack;
        this.baseEnv = env;
    }

    /** Writes the project, runs `pulumi stack init` and sets the config. Call {@link dispose} when done. */
    static async create(opts: PulumiProjectOptions): Promise<PulumiProject> {
        const name = opts.name ?? "jsms-e2e";
        const root = opts.root ?? path.join(repoRoot(), ".pulumi-test");
        const workspace = path.join(root, `${name}-${crypto.randomBytes(4).toString("hex")}`);
        const env: NodeJS.ProcessEnv = { ...process.env };
        for (const k of SCRUBBED) {
            delete env[k];
        }
        for (const k of Object.keys(env)) {
            if (k.startsWith("JSMS_") && k !== "JSMS_REQUIRE_PULUMI_CLI") {
                delete env[k];
            }
        }
        const project = new PulumiProject(workspace, opts.stack ?? "e2e", env);
        Object.assign(env, {
            PULUMI_HOME: project.homeDir,
            PULUMI_BACKEND_URL: `file://${project.stateDir}`,
            PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            // enables --event-log (the Automation API sets it for the same reason)
            PULUMI_DEBUG_COMMANDS: "true",
            NO_COLOR: "1",
        });
        applyEnv(env, opts.env);
        for (const d of [project.dir, project.stateDir, project.homeDir, path.join(workspace, "events")]) {
            fs.mkdirSync(d, { recursive: true });
        }

        if (opts.copyFrom) {
            copyProjectDir(opts.copyFrom, project.dir);
        } else {
            if (opts.program === undefined) {
                throw new Error("PulumiProject.create needs `program` or `copyFrom`");
            }
            const ts = opts.language === "ts";
            const entry = ts ? "index.ts" : "index.js";
            // main names the file: without it, @pulumi/pulumi's runner looks for the nearest package.json and runs
            // its "exports"/"main"; the project's own package.json keeps it from finding the repo's (the library).
            const runtime = ts ? "runtime: nodejs" : "runtime:\n  name: nodejs\n  options:\n    typescript: false";
            project.writeFile("Pulumi.yaml", `name: ${name}\n${runtime}\nmain: ${entry}\n`);
            project.writeFile("package.json", `${JSON.stringify({ name, private: true, main: entry }, null, 2)}\n`);
            project.writeFile(entry, opts.program);
        }
        for (const [rel, content] of Object.entries(opts.files ?? {})) {
            project.writeFile(rel, content);
        }
        const sources = [opts.program ?? "", ...Object.values(opts.files ?? {})].join("\n");
        if (opts.copyFrom || sources.includes("pulumi-jsms")) {
            assertPackageLinked();
        }

        await project.run(["stack", "init", project.stack, "--non-interactive"], { check: true });
        for (const [key, v] of Object.entries(opts.config ?? {})) {
            const { value, secret } = typeof v === "string" ? { value: v, secret: false } : v;
            await project.configSet(key, value, { secret });
        }
        return project;
    }

    /** The environment every command of this project runs with. */
    env(overrides?: EnvOverrides): NodeJS.ProcessEnv {
        const env = { ...this.baseEnv };
        applyEnv(env, overrides);
        return env;
    }

    /** Writes a file relative to the project directory (folders are created). */
    writeFile(rel: string, content: string): void {
        const file = path.join(this.dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
    }

    /** Replaces the program's entry file (index.ts if present, else index.js). */
    writeProgram(source: string): void {
        this.writeFile(fs.existsSync(path.join(this.dir, "index.ts")) ? "index.ts" : "index.js", source);
    }

    /** Runs `pulumi <args>` in the project directory. With `check`, a non-zero exit throws with the output. */
    async run(
        args: string[],
        opts: { env?: EnvOverrides; check?: boolean; timeoutMs?: number; input?: string } = {},
    ): Promise<CommandResult> {
        this.commandCount++;
        const result = await runPulumi(args, {
            cwd: this.dir,
            env: this.env(opts.env),
            timeoutMs: opts.timeoutMs,
            input: opts.input,
        });
        if (opts.check && result.code !== 0) {
            throw new Error(describeResult(result));
        }
        return result;
    }

    /** `pulumi config set [--secret] <key> -- <value>` on this stack. */
    async configSet(key: string, value: string, opts: { secret?: boolean; path?: boolean } = {}): Promise<void> {
        const args = ["config", "set", "--stack", this.stack];
        if (opts.secret) {
            args.push("--secret");
        }
        if (opts.path) {
            args.push("--path");
        }
        await this.run([...args, key, "--", value], { check: true });
    }

    /** `pulumi config rm <key>` on this stack. */
    async configRemove(key: string): Promise<void> {
        await this.run(["config", "rm", "--stack", this.stack, key], { check: true });
    }

    private async operation(command: string, flags: string[], opts: OperationOptions): Promise<OperationResult> {
        const eventLog = path.join(this.workspace, "events", `${this.commandCount + 1}-${command}.jsonl`);
        const args = [
            command,
            ...flags,
            "--non-interactive",
            "--color",
            "never",
            "--suppress-progress",
            "--stack",
            this.stack,
            "--event-log",
            eventLog,
            ...(opts.args ?? []),
        ];
        const result = await this.run(args, { env: opts.env, timeoutMs: opts.timeoutMs });
        const events = fs.existsSync(eventLog) ? parseEventLog(fs.readFileSync(eventLog, "utf8")) : [];
        if (!opts.allowFailure && result.code !== 0) {
            throw new Error(describeResult(result));
        }
        return { ...result, events };
    }

    /** `pulumi up --yes --skip-preview`. */
    up(opts: OperationOptions = {}): Promise<OperationResult> {
        return this.operation("up", ["--yes", "--skip-preview"], opts);
    }

    /** `pulumi preview --diff` (what a reviewer reads in a pull request). */
    preview(opts: OperationOptions = {}): Promise<OperationResult> {
        return this.operation("preview", ["--diff"], opts);
    }

    /** `pulumi refresh --yes --skip-preview` (runs `read` with the provider code stored in the state). */
    refresh(opts: OperationOptions = {}): Promise<OperationResult> {
        return this.operation("refresh", ["--yes", "--skip-preview"], opts);
    }

    /** `pulumi destroy --yes --skip-preview` (runs `delete` with the provider code stored in the state). */
    destroy(opts: OperationOptions = {}): Promise<OperationResult> {
        return this.operation("destroy", ["--yes", "--skip-preview"], opts);
    }

    /** `pulumi stack export`: secrets stay encrypted envelopes unless `showSecrets`. */
    async exportStack(opts: { showSecrets?: boolean } = {}): Promise<StackExport> {
        const args = ["stack", "export", "--stack", this.stack, ...(opts.showSecrets ? ["--show-secrets"] : [])];
        return JSON.parse((await this.run(args, { check: true })).stdout) as StackExport;
    }

    /** `pulumi stack output --json`: secret outputs read "[secret]" unless `showSecrets`. */
    async outputs(opts: { showSecrets?: boolean } = {}): Promise<Record<string, unknown>> {
        const args = [
            "stack",
            "output",
            "--json",
            "--stack",
            this.stack,
            ...(opts.showSecrets ? ["--show-secrets"] : []),
        ];
        return JSON.parse((await this.run(args, { check: true })).stdout) as Record<string, unknown>;
    }

    /**
     * Removes the workspace. With JSMS_E2E_KEEP=1 it is kept (and its path printed) for a post-mortem. Does not
     * destroy the stack's resources: a test that creates vendor objects destroys them itself.
     */
    async dispose(): Promise<void> {
        if (process.env.JSMS_E2E_KEEP === "1") {
            process.stderr.write(`kept Pulumi workspace ${this.workspace}\n`);
            return;
        }
        fs.rmSync(this.workspace, { recursive: true, force: true });
    }
}

/** Throws unless node_modules/pulumi-jsms points at this checkout (scripts/link-self.js, run by `npm run build`). */
export function assertPackageLinked(): void {
    const root = repoRoot();
    const link = path.join(root, "node_modules", "pulumi-jsms");
    let target: string | undefined;
    try {
        target = fs.realpathSync(link);
    } catch {
        target = undefined;
    }
    if (target !== fs.realpathSync(root)) {
        throw new Error(
            `${link} does not point at this checkout (${target ?? "missing"}): run \`npm run build\` ` +
                "(scripts/link-self.js links it) so programs import pulumi-jsms by its package name",
        );
    }
}
