import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import {
    CLI_PATH,
    HOOK_APP,
    TOKEN,
    expectCleanLogs,
    postCallback,
    type HookProcess,
    readResult,
    remoteHook,
    signedForm,
    spawnHook,
    startTestHook,
    storedCount,
    temporaryFolder,
    templateResult,
} from "./hookHarness";

const CLI = path.resolve(__dirname, "../../reviewhook/cli.js");

/** A lease that runs for the whole test run. */
const LIVE_LEASE_UNTIL = Date.now() + 60 * 60 * 1000;

/** An owner record as a running hook on another machine sharing the volume would have written it: its lease runs. */
function foreignOwner(hostname = "other-host-7f3a", leaseUntil = LIVE_LEASE_UNTIL) {
    return `${JSON.stringify({ instance: "c0ffee", hostname, pid: 4242, startedAt: "2026-12-01T08:00:00.000Z", leaseUntil, leaseMs: 30_000 })}\n`;
}

/** The host pid of the process `unshare --fork` started (pid 1 in its namespace). */
function forkedChild(unsharePid: number): number {
    const children = fs.readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim().split(/\s+/);
    expect(children, "unshare's forked child").to.have.length(1);
    return Number(children[0]);
}

/**
 * Starts the CLI as pid 1 of a PID namespace of its own, with a UTS namespace whose host name is `hostname`: two
 * containers started from one image with `--network host`. Namespaces need root, which CI runs the tests as.
 */
function hookInNamespaces(hostname: string, databasePath: string, leaseMs: number): HookProcess {
    expect(process.getuid?.(), "unshare --pid needs root (the tests run as root here and in CI)").to.equal(0);
    return spawnHook(["--port", "0", "--db", databasePath, "--sqlite-lease-ms", String(leaseMs)], {}, [
        "unshare",
        "--pid",
        "--fork",
        "--uts",
        "--kill-child",
        "sh",
        "-c",
        `hostname ${hostname} && exec "$0" "$@"`,
        process.execPath,
        CLI_PATH,
    ]);
}

async function startFails(options: Parameters<typeof startTestHook>[0]): Promise<Error> {
    try {
        const hook = await startTestHook(options);
        await hook.hook.close();
    } catch (error) {
        return error as Error;
    }
    throw new Error("the hook started");
}

/** Starts the CLI on a database; resolves with its URL once listening, or undefined when it exits first. */
function startCli(databasePath: string, extra: string[] = []) {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--db", databasePath, ...extra], {
        env: {
            PATH: process.env.PATH ?? "",
            JSMS_REVIEW_HOOK_TOKEN: TOKEN,
            JSMS_REVIEW_HOOK_APPS: `${HOOK_APP.appKey}:${HOOK_APP.masterSecret}`,
        },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const listening = new Promise<string | undefined>((resolve) => {
        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
            lines.push(line);
            const parsed = JSON.parse(line);
            if (parsed.msg === "listening") {
                resolve(parsed.url);
            }
        });
        child.once("exit", () => resolve(undefined));
    });
    return { child, lines, listening, exited };
}

describe("review hook: one hook per SQLite file, across hosts", function () {
    this.timeout(30_000);
    let folder: string;
    let databasePath: string;
    beforeEach(() => {
        folder = temporaryFolder("review-hook-owner-");
        databasePath = path.join(folder, "reviews.sqlite");
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it("refuses a database claimed by a hook on another host, leaving its claim and data alone", async () => {
        // The other host's hook is running: its owner record, its SQLite lock folder and its acknowledged results.
        const first = await startTestHook({ databasePath });
        expect(
            (await postCallback(first.hook, signedForm(HOOK_APP, templateResult(61_001, 2, "from A")))).status,
        ).to.equal(200);
        await first.hook.close();
        fs.writeFileSync(`${databasePath}.owner`, foreignOwner());
        fs.mkdirSync(`${databasePath}.lock`);
        const error = await startFails({ databasePath });
        expect(error.message).to.include("other-host-7f3a").and.to.include("--break-lock");
        expect(fs.readFileSync(`${databasePath}.owner`, "utf8"), "the other host's record is untouched").to.equal(
            foreignOwner(),
        );
        expect(fs.existsSync(`${databasePath}.lock`), "the other host's lock is untouched").to.equal(true);
    });

    it("two hooks as pid 1 with one host name, each in its own PID namespace: the second refuses while the first renews its lease, and takes over once it stops", async () => {
        const leaseMs = 1_500;
        const runs: HookProcess[] = [];
        const start = () => {
            const run = hookInNamespaces("hook-host", databasePath, leaseMs);
            runs.push(run);
            return run;
        };
        try {
            const first = start();
            const firstUrl = await first.listening;
            expect(firstUrl, `the first hook did not start: ${first.stderr()}`).to.be.a("string");
            const a = remoteHook(firstUrl!);
            for (const id of [62_001, 62_002, 62_003]) {
                expect((await postCallback(a, signedForm(HOOK_APP, templateResult(id, 2, `A ${id}`)))).status).to.equal(
                    200,
                );
            }
            const written = JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8"));
            expect([written.hostname, written.pid]).to.deep.equal(["hook-host", 1]);
            // Past a whole lease: only its renewals keep the first hook's claim.
            await new Promise((resolve) => setTimeout(resolve, 2 * leaseMs));
            const renewed = JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8"));
            expect(renewed.instance, "the same hook's record").to.equal(written.instance);
            expect(renewed.leaseUntil, "the lease was renewed").to.be.greaterThan(written.leaseUntil);
            // The second hook: also pid 1, also "hook-host". It must not take the record for its own or a dead one's.
            const second = start();
            expect(await second.listening, "the second hook started on a file in use").to.equal(undefined);
            expect(await second.exited).to.equal(1);
            const refusal = second.lines.map((line) => JSON.parse(line)).find((line) => line.msg === "cannot start");
            expect(refusal?.error).to.include("in use by another review hook").and.to.include(written.instance);
            expect((await postCallback(a, signedForm(HOOK_APP, templateResult(62_004, 1)))).status).to.equal(200);
            expect(JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8")).instance).to.equal(written.instance);
            // The first hook stops renewing (frozen, as a stalled container would be): once its lease is over the
            // file is free, with no --break-lock.
            const frozen = forkedChild(first.child.pid!);
            process.kill(frozen, "SIGSTOP");
            let third: HookProcess | undefined;
            const deadline = Date.now() + 30_000;
            while (!third && Date.now() < deadline) {
                const attempt = start();
                if ((await attempt.listening) !== undefined) {
                    third = attempt;
                } else {
                    expect(attempt.lines.join("\n")).to.include("in use by another review hook");
                    await new Promise((resolve) => setTimeout(resolve, 250));
                }
            }
            expect(third, "a hook took the file over after the lease").not.to.equal(undefined);
            const c = remoteHook((await third!.listening)!);
            for (const id of [62_001, 62_002, 62_003, 62_004]) {
                expect((await readResult(c, HOOK_APP.appKey, "templates", id)).status, `template ${id}`).to.equal(200);
            }
            expect((await postCallback(c, signedForm(HOOK_APP, templateResult(62_005, 1)))).status).to.equal(200);
            const takeover = third!.lines.map((line) => JSON.parse(line)).find((line) => line.level === "warn");
            expect(takeover).to.include({
                msg: "took the database over from a hook whose lease had expired",
                previousOwner: "hook-host pid 1",
            });
            // The first hook wakes up: it finds its lease gone and writes nothing more into the file.
            process.kill(frozen, "SIGCONT");
            const late = await postCallback(a, signedForm(HOOK_APP, templateResult(62_006, 1)));
            expect(late.status, late.text).to.equal(503);
            expect(late.headers.get("retry-after")).to.match(/^[1-9]\d*$/);
            expect((await fetch(`${firstUrl}/healthz`)).status).to.equal(503);
            expect((await postCallback(c, signedForm(HOOK_APP, templateResult(62_007, 1)))).status).to.equal(200);
            expect(
                (await readResult(c, HOOK_APP.appKey, "templates", 62_006)).status,
                "nothing from the first",
            ).to.equal(404);
            expect(await storedCount(c)).to.equal(6);
            expect(first.lines.map((line) => JSON.parse(line).msg)).to.include(
                "this hook no longer holds the database and refuses to write to it; restart it",
            );
            for (const run of runs) {
                expectCleanLogs(run.lines);
            }
        } finally {
            for (const run of runs) {
                run.child.kill("SIGKILL");
                await run.exited;
            }
        }
    });

    it("refuses an owner record it cannot read (or one without a lease), and says how to proceed", async () => {
        for (const record of [
            '{"pid":',
            JSON.stringify({ pid: 7, hostname: "old-hook", startedAt: "x", claim: "y" }),
        ]) {
            fs.writeFileSync(`${databasePath}.owner`, record);
            const error = await startFails({ databasePath });
            expect(error.message)
                .to.match(/cannot be read/)
                .and.to.include("--break-lock");
            expect(fs.readFileSync(`${databasePath}.owner`, "utf8")).to.equal(record);
        }
    });

    it("refuses a lock folder that no owner record explains", async () => {
        fs.mkdirSync(`${databasePath}.lock`);
        const error = await startFails({ databasePath });
        expect(error.message)
            .to.match(/is locked/)
            .and.to.include("--break-lock");
        expect(fs.existsSync(`${databasePath}.owner`), "a refused start leaves no record behind").to.equal(false);
    });

    it("--break-lock takes the database over from a hook that is gone, keeping its results", async () => {
        const first = await startTestHook({ databasePath });
        expect(
            (await postCallback(first.hook, signedForm(HOOK_APP, templateResult(61_002, 2, "kept")))).status,
        ).to.equal(200);
        await first.hook.close();
        fs.writeFileSync(`${databasePath}.owner`, foreignOwner());
        fs.mkdirSync(`${databasePath}.lock`);
        const run = startCli(databasePath, ["--break-lock"]);
        const url = await run.listening;
        expect(url, run.lines.join("\n")).to.be.a("string");
        const hook = { url: url!, port: 0, close: async () => undefined };
        expect((await readResult(hook, HOOK_APP.appKey, "templates", 61_002)).json.latest.rejectReason).to.equal(
            "kept",
        );
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(61_003, 1)))).status).to.equal(200);
        expect(JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8")).hostname).to.equal(os.hostname());
        run.child.kill("SIGTERM");
        expect(await run.exited).to.equal(0);
        const warning = run.lines.map((line) => JSON.parse(line)).find((line) => line.level === "warn");
        expect(warning?.previousOwner).to.equal("other-host-7f3a pid 4242");
        expectCleanLogs(run.lines);
    });

    it("a record whose lease has expired is stale, whichever host wrote it, and is taken over without --break-lock", async () => {
        fs.writeFileSync(`${databasePath}.owner`, foreignOwner("gone-host", Date.now() - 1));
        fs.mkdirSync(`${databasePath}.lock`);
        const logs: string[] = [];
        const hook = await startTestHook({ databasePath }, logs);
        try {
            expect(await storedCount(hook.hook)).to.equal(0);
            expect(JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8")).hostname).to.equal(os.hostname());
        } finally {
            await hook.hook.close();
        }
        expect(logs.map((line) => JSON.parse(line)).find((line) => line.level === "warn")).to.include({
            msg: "took the database over from a hook whose lease had expired",
            previousOwner: "gone-host pid 4242",
            removedStaleLock: true,
        });
    });

    it("at shutdown removes the owner record only while it is its own", async () => {
        const hook = await startTestHook({ databasePath });
        // Someone took the database over meanwhile (an operator's --break-lock elsewhere): that record must survive.
        fs.writeFileSync(`${databasePath}.owner`, foreignOwner("the-new-owner"));
        await hook.hook.close();
        expect(fs.readFileSync(`${databasePath}.owner`, "utf8")).to.equal(foreignOwner("the-new-owner"));
    });

    it("of two hooks started at once on one file, one runs and the other leaves its claim alone", async () => {
        const runs = [startCli(databasePath), startCli(databasePath)];
        const urls = await Promise.all(runs.map((run) => run.listening));
        const winners = runs.filter((_, index) => urls[index] !== undefined);
        expect(winners, runs.map((run) => run.lines.join("\n")).join("\n---\n")).to.have.length(1);
        const loser = runs.find((run) => !winners.includes(run))!;
        expect(await loser.exited).to.equal(1);
        const winner = winners[0];
        const owner = JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8"));
        expect(owner.pid, "the owner record still names the hook that runs").to.equal(winner.child.pid);
        const hook = { url: (await winner.listening)!, port: 0, close: async () => undefined };
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(61_004, 1)))).status).to.equal(200);
        winner.child.kill("SIGTERM");
        expect(await winner.exited).to.equal(0);
        expect(fs.existsSync(`${databasePath}.owner`)).to.equal(false);
        expect(
            fs.readdirSync(folder).filter((name) => name.endsWith(".tmp") || name.includes(".replaced")),
            "no leftovers",
        ).to.deep.equal([]);
    });
});
