import { expect } from "chai";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { Database } from "node-sqlite3-wasm";
import { Client } from "pg";
import { HookJournal, HookJournalError } from "../../provider/journal/hookJournal";
import {
    HOOK_APP,
    TOKEN,
    expectCleanLogs,
    postCallback,
    readResult,
    signedForm,
    spawnHook,
    startTestHook,
    templateResult,
    temporaryFolder,
    type HookProcess,
    type HookUnderTest,
} from "./hookHarness";
import { intent, STACK } from "./journalHarness";
import { startTestPostgres, type TestPostgres } from "./postgresServer";

/** What a call refused with: its HookJournalError's message. */
async function refusal(work: Promise<unknown>): Promise<string> {
    try {
        await work;
    } catch (error) {
        expect(error).to.be.instanceOf(HookJournalError);
        expect((error as Error).message, "the token is never in a message").not.to.include(TOKEN);
        return (error as Error).message;
    }
    throw new Error("the call was expected to fail");
}

for (const store of ["sqlite", "postgres"] as const) {
    describe(`create journal: HookJournal against a real hook on ${store}`, function () {
        this.timeout(120_000);
        let postgres: TestPostgres | undefined;
        const running: HookUnderTest[] = [];
        const processes: HookProcess[] = [];

        before(async () => {
            if (store === "postgres") {
                postgres = await startTestPostgres();
            }
        });
        after(async () => {
            await postgres?.stop();
        });
        afterEach(async () => {
            for (const hook of running.splice(0)) {
                await hook.hook.close();
                expectCleanLogs(hook.logs);
            }
            for (const run of processes.splice(0)) {
                run.child.kill("SIGKILL");
                await run.exited;
            }
        });

        /** A fresh database for this store: a SQLite path ("" lets the harness pick one) or a PostgreSQL URL. */
        async function database(): Promise<{ databasePath?: string; databaseUrl?: string }> {
            return store === "postgres" ? { databaseUrl: await postgres!.createDatabase() } : {};
        }

        async function hook() {
            const started = await startTestHook(await database());
            running.push(started);
            return { hook: started.hook, journal: new HookJournal({ url: started.hook.url, token: TOKEN }) };
        }

        it("records, answers, fails, adopts, holds, lists open creates and prunes", async () => {
            const { journal } = await hook();
            const answered = intent({ createdAt: 1_000 });
            const newer = intent({ createdAt: 2_000 });
            const failed = intent({ createdAt: 3_000 });
            const unanswered = intent({ createdAt: 4_000 });
            const otherStack = intent({ stack: "acme/sms/dev", createdAt: 5_000 });
            for (const each of [answered, newer, failed, unanswered, otherStack]) {
                await journal.begin(each);
            }
            await journal.begin(answered);
            expect(await refusal(journal.begin({ ...answered, digest: "b".repeat(64) }))).to.match(
                /HTTP 409: intent .* was begun with other content/,
            );
            await journal.answer(STACK, answered.intentId, 10041);
            await journal.answer(STACK, answered.intentId, 10041);
            expect(await refusal(journal.answer(STACK, answered.intentId, 10042))).to.include(
                "was answered with 10041, not 10042",
            );
            await journal.answer(STACK, newer.intentId, 10043);
            await journal.fail(STACK, failed.intentId, "JSMS refused it: 50034 the template is invalid");
            await journal.fail(STACK, failed.intentId, "again");
            expect(await refusal(journal.answer(STACK, failed.intentId, 10044))).to.include("failed already");
            expect(await refusal(journal.fail(STACK, answered.intentId, "late"))).to.include("answered with 10041");
            expect(await refusal(journal.answer(STACK, randomUUID(), 1))).to.match(/HTTP 404: no intent/);
            expect(await refusal(journal.answer("acme/sms/dev", answered.intentId, 1)), "scoped by stack").to.match(
                /HTTP 404/,
            );

            const adoptable = await journal.adoptable(STACK, answered.key);
            expect(adoptable.map((each) => [each.intentId, each.objectId])).to.deep.equal([
                [newer.intentId, 10043],
                [answered.intentId, 10041],
            ]);
            expect(adoptable[1]).to.deep.equal({ ...answered, state: "answered", objectId: 10041 });
            expect(await journal.adoptable(STACK, "another-key")).to.deep.equal([]);
            expect((await journal.open(STACK)).map((each) => each.intentId)).to.deep.equal([unanswered.intentId]);

            await journal.markHeld(STACK, HOOK_APP.appKey, "template", [10043, 99999]);
            // Another app's or kind's object of the same number is another object.
            await journal.markHeld(STACK, HOOK_APP.appKey, "sign", [10041]);
            const left = await journal.adoptable(STACK, answered.key);
            expect(left.map((each) => each.intentId)).to.deep.equal([answered.intentId]);

            expect(await journal.prune(STACK, 2_500), "held 2000 only: 1000 is not held, 3000 is newer").to.equal(1);
            expect(await journal.prune(STACK, Date.now())).to.equal(1);
            expect((await journal.adoptable(STACK, answered.key)).map((each) => each.intentId)).to.deep.equal([
                answered.intentId,
            ]);
            expect((await journal.open(STACK)).map((each) => each.intentId)).to.deep.equal([unanswered.intentId]);
            expect((await journal.open("acme/sms/dev")).map((each) => each.intentId)).to.deep.equal([
                otherStack.intentId,
            ]);
        });

        it("a hook killed right after acknowledging a begin still has it after a restart", async () => {
            const folder = temporaryFolder("journal-kill-");
            const target = (await database()).databaseUrl ?? `${folder}/journal.sqlite`;
            const first = spawnHook(["--port", "0", "--db", target]);
            processes.push(first);
            const url = await first.listening;
            expect(url, first.stderr()).to.be.a("string");
            const recorded = intent();
            await new HookJournal({ url: url!, token: TOKEN }).begin(recorded);
            first.child.kill("SIGKILL");
            await first.exited;
            // The killed hook's SQLite lease still runs: taking over after a crash is what --break-lock is for.
            const takeOver = target.startsWith("postgres") ? [] : ["--break-lock"];
            const second = spawnHook(["--port", "0", "--db", target, ...takeOver]);
            processes.push(second);
            const again = await second.listening;
            expect(again, second.stderr() || second.lines.join("\n")).to.be.a("string");
            expect(await new HookJournal({ url: again!, token: TOKEN }).open(STACK)).to.deep.equal([recorded]);
            expectCleanLogs([...first.lines, ...second.lines]);
            fs.rmSync(folder, { recursive: true, force: true });
        });

        it("takes the same begin sent many times at once (to two hooks on PostgreSQL) once", async () => {
            const db = await database();
            const first = await startTestHook(db);
            running.push(first);
            const urls = [first.hook.url];
            if (db.databaseUrl !== undefined) {
                const second = await startTestHook(db);
                running.push(second);
                urls.push(second.hook.url);
            }
            const journals = urls.map((url) => new HookJournal({ url, token: TOKEN }));
            const recorded = intent();
            await Promise.all(
                Array.from({ length: 40 }, (_, index) => journals[index % journals.length].begin(recorded)),
            );
            const conflicting = await Promise.allSettled(
                Array.from({ length: 10 }, (_, index) =>
                    journals[index % journals.length].begin({ ...recorded, runId: "run-2" }),
                ),
            );
            expect(conflicting.every((each) => each.status === "rejected")).to.equal(true);
            await Promise.all(
                Array.from({ length: 20 }, (_, index) =>
                    journals[index % journals.length].answer(STACK, recorded.intentId, 60_606),
                ),
            );
            for (const journal of journals) {
                expect(await journal.adoptable(STACK, recorded.key)).to.deep.equal([
                    { ...recorded, state: "answered", objectId: 60_606 },
                ]);
            }
        });

        it("migrates a database of the schema before the journal, keeping its review results", async () => {
            const db = await database();
            const first = await startTestHook(db);
            running.push(first);
            expect(
                (await postCallback(first.hook, signedForm(HOOK_APP, templateResult(31_337, 2, "旧的")))).status,
            ).to.equal(200);
            await first.hook.close();
            // Back to schema version 1, as a hook from before the journal left it.
            if (db.databaseUrl !== undefined) {
                const client = new Client({ connectionString: db.databaseUrl });
                await client.connect();
                await client.query("DROP TABLE journal_intents; DELETE FROM schema_migrations WHERE version = 2");
                await client.end();
            } else {
                const sqlite = new Database(first.databasePath);
                sqlite.get("PRAGMA locking_mode = EXCLUSIVE");
                sqlite.exec("DROP TABLE journal_intents; PRAGMA user_version = 1;");
                sqlite.close();
            }
            const again = await startTestHook(db.databaseUrl === undefined ? { databasePath: first.databasePath } : db);
            running.push(again);
            expect(
                (await readResult(again.hook, HOOK_APP.appKey, "templates", 31_337)).json.latest.rejectReason,
            ).to.equal("旧的");
            const journal = new HookJournal({ url: again.hook.url, token: TOKEN });
            const recorded = intent();
            await journal.begin(recorded);
            expect(await journal.open(STACK)).to.deep.equal([recorded]);
        });

        it("refuses a call without the token or with another one, saying so without the token", async () => {
            const { hook: running } = await hook();
            expect(await refusal(new HookJournal({ url: running.url, token: "" }).begin(intent()))).to.include(
                "the hook refused the token (check jsms:reviewHookToken)",
            );
            const wrong = `${TOKEN}-but-not`;
            const message = await refusal(new HookJournal({ url: running.url, token: wrong }).open(STACK));
            expect(message).to.include("refused the token").and.not.to.include(wrong);
            const plain = await fetch(`${running.url}/v1/journal/open?stack=${STACK}`);
            expect(plain.status).to.equal(401);
        });

        it("refuses bodies over the size limit and requests that are not valid", async () => {
            const { hook: running, journal } = await hook();
            const post = (path: string, body: string, contentType = "application/json") =>
                fetch(`${running.url}${path}`, {
                    method: "POST",
                    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": contentType },
                    body,
                });
            const huge = JSON.stringify({ ...intent(), key: "k".repeat(20_000) });
            expect((await post("/v1/journal/intents", huge)).status).to.equal(413);
            expect((await post("/v1/journal/intents", "{", "text/plain")).status).to.equal(415);
            expect((await post(`/v1/journal/open/${randomUUID()}/answer`, "{}")).status).to.equal(404);
            expect((await post("/v1/journal/intents", "{")).status).to.equal(400);
            const { state: _state, ...begin } = intent();
            const extra = await post("/v1/journal/intents", JSON.stringify({ ...begin, copy: "the copy text" }));
            expect(extra.status, "no field beyond the contract (no copy text)").to.equal(400);
            const badDigest = await post("/v1/journal/intents", JSON.stringify({ ...begin, digest: "xyz" }));
            expect(badDigest.status).to.equal(400);
            expect(await badDigest.text()).to.include("digest: must be a sha256 digest");
            expect(
                await refusal(
                    journal.markHeld(
                        STACK,
                        HOOK_APP.appKey,
                        "template",
                        Array.from({ length: 1001 }, (_, i) => i + 1),
                    ),
                ),
            ).to.match(/HTTP 4\d\d/);
            expect(await refusal(journal.answer(STACK, "not-a-uuid", 1))).to.include("HTTP 400");
            expect(
                (await fetch(`${running.url}/v1/journal/open`, { headers: { Authorization: `Bearer ${TOKEN}` } }))
                    .status,
            ).to.equal(400);
            expect(
                (await fetch(`${running.url}/v1/journal/held`, { headers: { Authorization: `Bearer ${TOKEN}` } }))
                    .status,
            ).to.equal(405);
        });
    });
}

describe("create journal: HookJournal refuses answers that are not the journal API's", function () {
    this.timeout(30_000);
    let server: http.Server;
    let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    let url: string;

    before(async () => {
        server = http.createServer((req, res) => answer(req, res));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    const json = (status: number, body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    const journal = () => new HookJournal({ url, token: TOKEN, timeoutMs: 2_000 });

    it("a write answered with another result, no JSON, or an error page", async () => {
        answer = json(200, { result: "maybe" });
        expect(await refusal(journal().begin(intent()))).to.include(
            "the hook's answer is not what the journal API answers",
        );
        answer = json(200, "<html>ok</html>");
        expect(await refusal(journal().answer(STACK, randomUUID(), 1))).to.include("is not what the journal API");
        answer = json(500, { error: { message: "internal error" } });
        expect(await refusal(journal().fail(STACK, randomUUID(), "x"))).to.include("HTTP 500: internal error");
        answer = json(404, { error: { message: "no route for POST /v1/journal/held" } });
        expect(await refusal(journal().markHeld(STACK, HOOK_APP.appKey, "template", [1]))).to.include("upgrade it");
    });

    it("intents that were not asked for, or not intents", async () => {
        const stranger = { ...intent({ stack: "someone/else/prod" }), state: "answered", objectId: 5 };
        answer = json(200, { intents: [stranger] });
        expect(await refusal(journal().adoptable(STACK, stranger.key))).to.include("not asked for");
        answer = json(200, { intents: [{ ...intent(), state: "answered", objectId: 5 }] });
        expect(await refusal(journal().open(STACK))).to.include("not asked for");
        answer = json(200, { intents: [{ ...intent(), objectId: -1 }] });
        expect(await refusal(journal().open(STACK))).to.include("not what the journal API answers");
        answer = json(200, { intents: [{ ...intent(), copy: "您的验证码" }] });
        expect(await refusal(journal().open(STACK))).to.include("not what the journal API answers");
        answer = json(200, { pruned: -3 });
        expect(await refusal(journal().prune(STACK, 1))).to.include("not what the journal API answers");
    });

    it("an answer over 1 MiB, a redirect, an echo of the token, silence", async () => {
        answer = (_req, res) => {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(`{"intents": [${" ".repeat(1024 * 1024 + 10)}]}`);
        };
        expect(await refusal(journal().open(STACK))).to.include("larger than 1048576 bytes");
        answer = (_req, res) => {
            res.writeHead(307, { Location: "http://127.0.0.1:1/elsewhere" });
            res.end();
        };
        expect(await refusal(journal().begin(intent()))).to.include("redirect");
        answer = (req, res) => json(400, { error: { message: `you sent ${req.headers.authorization}` } })(req, res);
        expect(await refusal(journal().begin(intent()))).to.include("you sent Bearer (the token)");
        answer = () => undefined;
        expect(await refusal(journal().open(STACK))).to.include("no answer within 2000 ms");
        expect(await refusal(new HookJournal({ url: "ftp://hook", token: TOKEN }).open(STACK))).to.include(
            "not an http(s) URL",
        );
        expect(JSON.stringify(journal())).not.to.include(TOKEN);
    });
});
