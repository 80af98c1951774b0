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

/** An owner record as a hook on another machine sharing the volume would have written it. */
function foreignOwner(hostname = "other-host-7f3a") {
    return `${JSON.stringify({ pid: 4242, hostname, startedAt: "2026-12-01T08:00:00.000Z", claim: "c0ffee" })}\n`;
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

    it("a hook on another host (its own UTS namespace) keeps the file: this host's start is refused, nothing is lost", async () => {
        // `unshare -u` gives hook A a host name of its own, as a second container or machine sharing the volume has.
        const hostA = spawnHook(["--port", "0", "--db", databasePath], {}, [
            "unshare",
            "-u",
            "sh",
            "-c",
            'hostname other-host-a && exec "$0" "$@"',
            process.execPath,
            CLI_PATH,
        ]);
        try {
            const url = await hostA.listening;
            expect(url, `hook A did not start: ${hostA.stderr()}`).to.be.a("string");
            const a = remoteHook(url!);
            for (const id of [62_001, 62_002, 62_003]) {
                expect((await postCallback(a, signedForm(HOOK_APP, templateResult(id, 2, `A ${id}`)))).status).to.equal(
                    200,
                );
            }
            expect(JSON.parse(fs.readFileSync(`${databasePath}.owner`, "utf8")).hostname).to.equal("other-host-a");
            const error = await startFails({ databasePath });
            expect(error.message).to.include("on host other-host-a").and.to.include("--break-lock");
            // A still owns the file and keeps storing.
            expect((await postCallback(a, signedForm(HOOK_APP, templateResult(62_004, 1)))).status).to.equal(200);
            // A is killed (its host lost): this host still cannot tell, so it still refuses until told.
            hostA.child.kill("SIGKILL");
            await hostA.exited;
            expect((await startFails({ databasePath })).message).to.include("on host other-host-a");
            const b = await startTestHook({ databasePath, breakLock: true });
            try {
                for (const id of [62_001, 62_002, 62_003, 62_004]) {
                    expect(
                        (await readResult(b.hook, HOOK_APP.appKey, "templates", id)).status,
                        `template ${id}`,
                    ).to.equal(200);
                }
            } finally {
                await b.hook.close();
            }
        } finally {
            hostA.child.kill("SIGKILL");
            await hostA.exited;
        }
    });

    it("refuses an owner record it cannot read, and says how to proceed", async () => {
        fs.writeFileSync(`${databasePath}.owner`, '{"pid":');
        const error = await startFails({ databasePath });
        expect(error.message)
            .to.match(/cannot be read/)
            .and.to.include("--break-lock");
        expect(fs.readFileSync(`${databasePath}.owner`, "utf8")).to.equal('{"pid":');
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

    it("a record of a process that is gone on this host is stale and cleared without --break-lock", async () => {
        fs.writeFileSync(
            `${databasePath}.owner`,
            JSON.stringify({ pid: 2 ** 22 + 17, hostname: os.hostname(), startedAt: "x", claim: "y" }),
        );
        fs.mkdirSync(`${databasePath}.lock`);
        const logs: string[] = [];
        const hook = await startTestHook({ databasePath }, logs);
        try {
            expect(await storedCount(hook.hook)).to.equal(0);
        } finally {
            await hook.hook.close();
        }
        expect(logs.map((line) => JSON.parse(line).msg)).to.include(
            "removed a database lock left by a hook that did not shut down",
        );
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
