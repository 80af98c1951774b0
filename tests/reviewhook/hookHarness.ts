import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { startReviewHook, type ReviewHookOptions, type RunningReviewHook } from "../../reviewhook";

/** The compiled `jsms-review-hook` command. */
export const CLI_PATH = path.resolve(__dirname, "../../reviewhook/cli.js");

/** The app most tests sign as. */
export const HOOK_APP = { appKey: "hook0app0key0000000000a1", masterSecret: "hook-master-secret-0000a1" };
/** A second configured app. */
export const OTHER_HOOK_APP = { appKey: "hook0app0key0000000000b2", masterSecret: "hook-master-secret-0000b2" };
/** An app the hook does not know. */
export const STRANGER_APP = { appKey: "hook0app0key0000000000c3", masterSecret: "hook-master-secret-0000c3" };
/** The bearer token the provider-facing API is guarded with. */
export const TOKEN = "hook-bearer-token-0123456789";
/** Every value that must never appear in a log line. */
export const SECRETS = [HOOK_APP.masterSecret, OTHER_HOOK_APP.masterSecret, STRANGER_APP.masterSecret, TOKEN];

/** A running hook under test, with the log lines it wrote and its database file ("" on PostgreSQL). */
export interface HookUnderTest {
    hook: RunningReviewHook;
    logs: string[];
    databasePath: string;
    /** Options it was started with, for restarting it on the same database. */
    options: ReviewHookOptions;
}

/** A temporary folder removed after the suite. */
export function temporaryFolder(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts a hook on a fresh database with the two configured apps, collecting its log lines. */
export async function startTestHook(
    overrides: Partial<ReviewHookOptions> = {},
    logs: string[] = [],
): Promise<HookUnderTest> {
    // A PostgreSQL URL in the overrides replaces the SQLite file (databasePath is then "").
    const databasePath =
        overrides.databasePath ??
        (overrides.databaseUrl === undefined ? path.join(temporaryFolder("review-hook-"), "reviews.sqlite") : "");
    const options: ReviewHookOptions = {
        apps: [HOOK_APP, OTHER_HOOK_APP],
        token: TOKEN,
        ...(overrides.databaseUrl === undefined ? { databasePath } : {}),
        log: (line) => logs.push(line),
        ...overrides,
    };
    return { hook: await startReviewHook(options), logs, databasePath, options };
}

/**
 * Starts a hook before each test and closes it after; every test also checks that no secret reached a log line
 * and that every line is one JSON object.
 */
export function useHook(overrides: Partial<ReviewHookOptions> = {}): () => HookUnderTest {
    const hooks = useHooks();
    let current: HookUnderTest | undefined;
    beforeEach(async () => {
        current = await hooks.start(overrides);
    });
    afterEach(() => {
        current = undefined;
    });
    return () => {
        if (!current) {
            throw new Error("no hook is running");
        }
        return current;
    };
}

/** Every line is a JSON object with time, level and msg, and none contains a secret (nor any of `alsoNever`). */
export function expectCleanLogs(logs: string[], alsoNever: string[] = []): void {
    for (const line of logs) {
        const parsed = JSON.parse(line);
        expect(parsed).to.include.keys("time", "level", "msg");
        for (const secret of [...SECRETS, ...alsoNever]) {
            expect(line, "a log line holds a secret").not.to.include(secret);
        }
    }
}

/** Starts hooks and hook processes for one test; {@link useHooks} ends them after it. */
export interface HookFleet {
    /** A hook as {@link startTestHook} starts it. */
    start(overrides?: Partial<ReviewHookOptions>): Promise<HookUnderTest>;
    /** A hook process as {@link spawnHook} starts it (the compiled CLI, the test apps and token). */
    spawn(args: string[], env?: Record<string, string>): HookProcess;
}

/**
 * The hooks a suite starts through what this returns are closed after each test, the SQLite folders the harness
 * made for them removed and their log lines checked by {@link expectCleanLogs} (with `alsoNever`: a database
 * password, say); the hook processes are killed.
 */
export function useHooks(alsoNever: string[] = []): HookFleet {
    const running: { started: HookUnderTest; madeFolder: boolean }[] = [];
    const processes: HookProcess[] = [];
    afterEach(async () => {
        const ended = running.splice(0);
        for (const { started } of ended) {
            await started.hook.close();
        }
        // Only once all are closed: a test may start a second hook on the first one's SQLite file.
        for (const { started, madeFolder } of ended) {
            if (madeFolder) {
                fs.rmSync(path.dirname(started.databasePath), { recursive: true, force: true });
            }
            expectCleanLogs(started.logs, alsoNever);
        }
        for (const run of processes.splice(0)) {
            run.child.kill("SIGKILL");
            await run.exited;
        }
    });
    return {
        async start(overrides = {}) {
            const started = await startTestHook(overrides);
            const madeFolder = overrides.databasePath === undefined && overrides.databaseUrl === undefined;
            running.push({ started, madeFolder });
            return started;
        },
        spawn(args, env = {}) {
            const run = spawnHook(args, env);
            processes.push(run);
            return run;
        },
    };
}

/** What a callback carries besides its signature; unset fields get fresh, valid values. */
export interface CallbackFields {
    type?: string;
    data?: string | object;
    nonce?: string;
    timestamp?: number | string;
}

/** The signature JSMS computes, written out here independently of the hook's code. */
export function jsmsSignature(app: { appKey: string; masterSecret: string }, nonce: string, timestamp: string): string {
    const text = `appKey=${app.appKey}&appMasterSecret=${app.masterSecret}&nonce=${nonce}&timestamp=${timestamp}`;
    return createHash("sha1").update(text).digest("hex");
}

/** A form body as JSMS would send it, signed with `app`'s master secret. */
export function signedForm(app: { appKey: string; masterSecret: string }, fields: CallbackFields = {}): string {
    const nonce = fields.nonce ?? randomUUID();
    const timestamp = String(fields.timestamp ?? Date.now());
    const data = fields.data ?? { tempId: 1, status: 1, refuseReason: null };
    return new URLSearchParams({
        nonce,
        timestamp,
        signature: jsmsSignature(app, nonce, timestamp),
        type: fields.type ?? "SMS_TEMPLATE",
        data: typeof data === "string" ? data : JSON.stringify(data),
    }).toString();
}

/** A template review result as a callback's data. */
export function templateResult(tempId: number, status: 1 | 2, refuseReason: string | null = null) {
    return { type: "SMS_TEMPLATE", data: { tempId, status, refuseReason } };
}

/** A signature review result as a callback's data. */
export function signResult(signId: number, status: 1 | 2, refuseReason: string | null = null) {
    return { type: "SMS_SIGN", data: { signId, status, refuseReason } };
}

/** A response with its text, and its JSON when it has one. */
export interface HookResponse {
    status: number;
    headers: Headers;
    text: string;
    json: any;
}

async function respond(response: Response): Promise<HookResponse> {
    const text = await response.text();
    let json: any;
    try {
        json = text === "" ? undefined : JSON.parse(text);
    } catch {
        json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a callback body to `/callbacks` (or `/callbacks/:appKey`). */
export async function postCallback(
    hook: RunningReviewHook,
    body: string,
    init: { appKey?: string; contentType?: string } = {},
) {
    const target = init.appKey === undefined ? "/callbacks" : `/callbacks/${init.appKey}`;
    return respond(
        await fetch(`${hook.url}${target}`, {
            method: "POST",
            headers: { "Content-Type": init.contentType ?? "application/x-www-form-urlencoded" },
            body,
        }),
    );
}

/** GETs a path from the hook, with the bearer token unless told otherwise (null: no Authorization header). */
export async function getFromHook(
    hook: RunningReviewHook,
    target: string,
    authorization: string | null = `Bearer ${TOKEN}`,
) {
    const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization };
    return respond(await fetch(`${hook.url}${target}`, { headers }));
}

/** The provider-facing result of a template or signature (kind "templates" or "signs"). */
export async function readResult(hook: RunningReviewHook, appKey: string, kind: "templates" | "signs", id: number) {
    return getFromHook(hook, `/v1/apps/${appKey}/${kind}/${id}`);
}

/** How many review results the hook has stored, from its health endpoint. */
export async function storedCount(hook: RunningReviewHook): Promise<number> {
    return (await getFromHook(hook, "/healthz", null)).json.reviews;
}

/** A `jsms-review-hook` process under test: its log lines, its URL once listening, its exit. */
export interface HookProcess {
    child: ChildProcess;
    lines: string[];
    stderr: () => string;
    /** The URL once it listens; undefined when it exits first. */
    listening: Promise<string | undefined>;
    exited: Promise<number | null>;
}

/** Starts the compiled CLI with these arguments, the two test apps and the token (plus `env`). */
export function spawnHook(
    args: string[],
    env: Record<string, string> = {},
    command: string[] = [process.execPath, CLI_PATH],
    cwd?: string,
): HookProcess {
    const child = spawn(command[0], [...command.slice(1), ...args], {
        cwd,
        env: {
            PATH: process.env.PATH ?? "",
            JSMS_REVIEW_HOOK_TOKEN: TOKEN,
            JSMS_REVIEW_HOOK_APPS: `${HOOK_APP.appKey}:${HOOK_APP.masterSecret},${OTHER_HOOK_APP.appKey}:${OTHER_HOOK_APP.masterSecret}`,
            ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const listening = new Promise<string | undefined>((resolve) => {
        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
            lines.push(line);
            try {
                const parsed = JSON.parse(line);
                if (parsed.msg === "listening") {
                    resolve(parsed.url);
                }
            } catch {
                // Not a log line; expectCleanLogs reports it.
            }
        });
        child.once("exit", () => resolve(undefined));
    });
    return { child, lines, stderr: () => stderr, listening, exited };
}

/** A hook process as a target for postCallback and friends. */
export function remoteHook(url: string): RunningReviewHook {
    return { url, port: Number(new URL(url).port), close: async () => undefined };
}
