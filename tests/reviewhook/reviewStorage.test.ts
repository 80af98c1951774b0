import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { Database } from "node-sqlite3-wasm";
import { startReviewHook } from "../../reviewhook";
import {
    HOOK_APP,
    OTHER_HOOK_APP,
    TOKEN,
    expectCleanLogs,
    postCallback,
    readResult,
    signedForm,
    signResult,
    startTestHook,
    storedCount,
    temporaryFolder,
    templateResult,
    useHook,
} from "./hookHarness";

describe("review hook: storing results", () => {
    const current = useHook();
    const hook = () => current().hook;

    it("keeps the history of an object: two rejections, then the approval, oldest first", async () => {
        const start = Date.now() - 30_000;
        await postCallback(
            hook(),
            signedForm(HOOK_APP, { ...signResult(9001, 2, "缺少授权委托书"), timestamp: start }),
        );
        await postCallback(
            hook(),
            signedForm(HOOK_APP, { ...signResult(9001, 2, "营业执照不清晰"), timestamp: start + 10_000 }),
        );
        await postCallback(hook(), signedForm(HOOK_APP, { ...signResult(9001, 1), timestamp: start + 20_000 }));
        const result = (await readResult(hook(), HOOK_APP.appKey, "signs", 9001)).json;
        expect(result).to.include({ appKey: HOOK_APP.appKey, kind: "sign", id: 9001 });
        expect(result.history.map((entry: any) => [entry.status, entry.rejectReason])).to.deep.equal([
            ["rejected", "缺少授权委托书"],
            ["rejected", "营业执照不清晰"],
            ["approved", null],
        ]);
        expect(result.latest).to.deep.equal(result.history[2]);
        expect(result.latest.reviewedAt).to.equal(new Date(start + 20_000).toISOString());
        // A template with the same number is another object.
        expect((await readResult(hook(), HOOK_APP.appKey, "templates", 9001)).status).to.equal(404);
    });

    it("stores 200 concurrent callbacks, each sent twice at once, exactly once each", async () => {
        const bodies = Array.from({ length: 200 }, (_, index) =>
            signedForm(index % 2 ? HOOK_APP : OTHER_HOOK_APP, templateResult(20_000 + index, 2, `reason ${index}`)),
        );
        const answers = await Promise.all([...bodies, ...bodies].map((body) => postCallback(hook(), body)));
        expect(answers.map((answer) => answer.status)).to.satisfy((statuses: number[]) =>
            statuses.every((status) => status === 200),
        );
        const outcomes = answers.map((answer) => answer.json.result);
        expect(outcomes.filter((outcome) => outcome === "stored")).to.have.length(200);
        expect(outcomes.filter((outcome) => outcome === "duplicate")).to.have.length(200);
        expect(await storedCount(hook())).to.equal(200);
        for (let index = 0; index < 200; index += 1) {
            const app = index % 2 ? HOOK_APP : OTHER_HOOK_APP;
            const result = (await readResult(hook(), app.appKey, "templates", 20_000 + index)).json;
            expect(result.history, `template ${20_000 + index}`).to.have.length(1);
            expect(result.latest.rejectReason).to.equal(`reason ${index}`);
        }
    });

    it("keeps every stored result across a restart on the same database", async () => {
        for (let index = 0; index < 30; index += 1) {
            expect(
                (await postCallback(hook(), signedForm(HOOK_APP, templateResult(30_000 + index, 2, `r${index}`))))
                    .status,
            ).to.equal(200);
        }
        await hook().close();
        const logs: string[] = [];
        const again = await startReviewHook({ ...current().options, log: (line) => logs.push(line) });
        try {
            expect(await storedCount(again)).to.equal(30);
            for (let index = 0; index < 30; index += 1) {
                expect(
                    (await readResult(again, HOOK_APP.appKey, "templates", 30_000 + index)).json.latest.rejectReason,
                ).to.equal(`r${index}`);
            }
        } finally {
            await again.close();
        }
        expectCleanLogs(logs);
    });

    it("lets a request in flight finish when it is closed, then stops accepting", async () => {
        const body = signedForm(HOOK_APP, templateResult(40_001, 2, "late"));
        const url = new URL(`${hook().url}/callbacks`);
        const http = await import("node:http");
        // The order is made, not waited for: the server's "100 Continue" proves it holds the request, then the hook is
        // closed, and only then is the body sent.
        let request!: import("node:http").ClientRequest;
        const accepted = new Promise<void>((resolve) => {
            request = http.request({
                host: url.hostname,
                port: url.port,
                path: url.pathname,
                method: "POST",
                headers: {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Content-Length": Buffer.byteLength(body),
                    Expect: "100-continue",
                },
            });
            request.once("continue", () => resolve());
        });
        const answered = new Promise<number>((resolve, reject) => {
            request.on("response", (response) => {
                response.resume();
                resolve(response.statusCode ?? 0);
            });
            request.on("error", reject);
        });
        request.flushHeaders();
        await accepted;
        const closed = hook().close();
        request.end(body);
        expect(await answered).to.equal(200);
        await closed;
        const again = await startTestHook({ databasePath: current().databasePath });
        try {
            expect(
                (await readResult(again.hook, HOOK_APP.appKey, "templates", 40_001)).json.latest.rejectReason,
            ).to.equal("late");
        } finally {
            await again.hook.close();
        }
    });

    it("refuses to open a database whose schema is newer than it knows, and leaves it alone", async () => {
        await hook().close();
        const db = new Database(current().databasePath);
        // The file is in WAL mode, which this SQLite build (no shared memory) opens only with exclusive locking.
        db.get("PRAGMA locking_mode = EXCLUSIVE");
        expect(db.get("PRAGMA user_version")?.user_version, "the schema is versioned").to.equal(2);
        db.exec("PRAGMA user_version = 99");
        db.close();
        let error: unknown;
        try {
            await (await startTestHook({ databasePath: current().databasePath })).hook.close();
        } catch (caught) {
            error = caught;
        }
        expect((error as Error | undefined)?.message).to.match(
            /schema is version 99, newer than this hook knows \(2\)/,
        );
        expect(fs.existsSync(`${current().databasePath}.owner`), "its claim given up").to.equal(false);
    });

    it("refuses to open a database that another hook of this process holds", async () => {
        let error: unknown;
        try {
            const second = await startTestHook({ databasePath: current().databasePath });
            await second.hook.close();
        } catch (caught) {
            error = caught;
        }
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message).to.match(/in use by another review hook/);
    });
});

describe("review hook: a killed hook loses nothing it acknowledged", function () {
    this.timeout(60_000);

    it("every callback answered 200 before SIGKILL is served after a restart", async () => {
        const folder = temporaryFolder("review-hook-kill-");
        const databasePath = path.join(folder, "reviews.sqlite");
        const cli = path.resolve(__dirname, "../../reviewhook/cli.js");
        // A short lease, so that the restart below need not wait long for the killed hook's to run out.
        const leaseMs = 1_000;
        const child = spawn(
            process.execPath,
            [cli, "--port", "0", "--db", databasePath, "--sqlite-lease-ms", `${leaseMs}`],
            {
                env: {
                    ...process.env,
                    JSMS_REVIEW_HOOK_TOKEN: TOKEN,
                    JSMS_REVIEW_HOOK_APPS: `${HOOK_APP.appKey}:${HOOK_APP.masterSecret}`,
                },
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const lines = readline.createInterface({ input: child.stdout! });
        const url = await new Promise<string>((resolve, reject) => {
            lines.on("line", (line) => {
                const parsed = JSON.parse(line);
                if (parsed.msg === "listening") {
                    resolve(parsed.url);
                }
            });
            child.once("exit", () => reject(new Error("the hook exited before listening")));
        });
        const target = { url, port: Number(new URL(url).port), close: async () => undefined };
        // While that process lives, no other hook may open its database.
        let refusal: unknown;
        try {
            await (await startTestHook({ databasePath })).hook.close();
        } catch (caught) {
            refusal = caught;
        }
        expect((refusal as Error | undefined)?.message).to.match(
            /in use by another review hook \(instance [0-9a-f-]+ on host/,
        );
        // Keep up to 20 callbacks in flight and kill the hook while they are.
        const acknowledged: number[] = [];
        let next = 0;
        let killed = false;
        const worker = async () => {
            while (!killed && next < 2000) {
                const id = 50_000 + next++;
                try {
                    const answer = await postCallback(target, signedForm(HOOK_APP, templateResult(id, 2, `k${id}`)));
                    if (answer.status === 200) {
                        acknowledged.push(id);
                    }
                } catch {
                    // The connection died with the process: this one was never acknowledged.
                }
            }
        };
        const workers = Array.from({ length: 20 }, worker);
        // Kill it mid-stream, once enough callbacks were acknowledged to make the check mean something (at most 15 s).
        const deadline = Date.now() + 15_000;
        while (acknowledged.length < 50 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        killed = true;
        child.kill("SIGKILL");
        await Promise.all([...workers, exited]);
        expect(acknowledged.length, "callbacks acknowledged before the kill").to.be.greaterThan(20);
        // The killed hook's lease runs out unrenewed; until then a restart is refused, after it the file is free.
        const logs: string[] = [];
        let again: Awaited<ReturnType<typeof startTestHook>> | undefined;
        const restartBy = Date.now() + 20_000;
        while (!again) {
            try {
                again = await startTestHook({ databasePath, apps: [HOOK_APP] }, logs);
            } catch (error) {
                expect((error as Error).message).to.include("in use by another review hook");
                expect(Date.now(), "the restart was refused past the lease").to.be.below(restartBy);
                await new Promise((resolve) => setTimeout(resolve, leaseMs / 4));
            }
        }
        try {
            expect(await storedCount(again.hook)).to.be.at.least(acknowledged.length);
            for (const id of acknowledged) {
                const result = await readResult(again.hook, HOOK_APP.appKey, "templates", id);
                expect(result.status, `template ${id}`).to.equal(200);
                expect(result.json.history).to.have.length(1);
            }
        } finally {
            await again.hook.close();
        }
        fs.rmSync(folder, { recursive: true, force: true });
        expectCleanLogs(logs);
    });
});
