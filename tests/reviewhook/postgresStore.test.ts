import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import {
    HOOK_APP,
    OTHER_HOOK_APP,
    expectCleanLogs,
    postCallback,
    readResult,
    remoteHook,
    signedForm,
    signResult,
    spawnHook,
    startTestHook,
    storedCount,
    templateResult,
    type HookProcess,
    type HookUnderTest,
} from "./hookHarness";
import { EMBEDDED_POSTGRES_PASSWORD, startTestPostgres, type TestPostgres } from "./postgresServer";

/** Runs one query on a database, outside any hook. */
async function query(url: string, sql: string, values: unknown[] = []) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
        return (await client.query(sql, values)).rows;
    } finally {
        await client.end();
    }
}

/** The log lines hold neither a secret nor the database's password. */
function expectNoPassword(lines: string[]) {
    expectCleanLogs(lines);
    for (const line of lines) {
        expect(line, "a log line holds the database password").not.to.include(EMBEDDED_POSTGRES_PASSWORD);
    }
}

describe("review hook on PostgreSQL (a real server)", function () {
    this.timeout(120_000);
    let postgres: TestPostgres;
    const running: HookUnderTest[] = [];
    const processes: HookProcess[] = [];

    before(async () => {
        postgres = await startTestPostgres();
    });
    after(async () => {
        await postgres?.stop();
    });
    afterEach(async () => {
        for (const hook of running.splice(0)) {
            await hook.hook.close();
            expectNoPassword(hook.logs);
        }
        for (const run of processes.splice(0)) {
            run.child.kill("SIGKILL");
            await run.exited;
        }
    });

    async function hookOn(databaseUrl: string, overrides: Parameters<typeof startTestHook>[0] = {}) {
        const hook = await startTestHook({ databaseUrl, ...overrides });
        running.push(hook);
        return hook.hook;
    }

    function replica(databaseUrl: string): HookProcess {
        const run = spawnHook(["--port", "0", "--db", databaseUrl]);
        processes.push(run);
        return run;
    }

    it("keeps history, stores a duplicate once and refuses a replay, as the SQLite store does", async () => {
        const hook = await hookOn(await postgres.createDatabase());
        const start = Date.now() - 30_000;
        await postCallback(hook, signedForm(HOOK_APP, { ...signResult(9001, 2, "缺少授权委托书"), timestamp: start }));
        await postCallback(
            hook,
            signedForm(HOOK_APP, { ...signResult(9001, 2, "营业执照不清晰"), timestamp: start + 10_000 }),
        );
        await postCallback(hook, signedForm(HOOK_APP, { ...signResult(9001, 1), timestamp: start + 20_000 }));
        const result = (await readResult(hook, HOOK_APP.appKey, "signs", 9001)).json;
        expect(result.history.map((entry: any) => [entry.status, entry.rejectReason])).to.deep.equal([
            ["rejected", "缺少授权委托书"],
            ["rejected", "营业执照不清晰"],
            ["approved", null],
        ]);
        expect(result.latest.reviewedAt).to.equal(new Date(start + 20_000).toISOString());
        const bodies = Array.from({ length: 100 }, (_, index) =>
            signedForm(OTHER_HOOK_APP, templateResult(20_000 + index, 2, `r${index}`)),
        );
        const answers = await Promise.all([...bodies, ...bodies].map((body) => postCallback(hook, body)));
        expect(answers.every((answer) => answer.status === 200)).to.equal(true);
        expect(answers.filter((answer) => answer.json.result === "stored")).to.have.length(100);
        expect(answers.filter((answer) => answer.json.result === "duplicate")).to.have.length(100);
        expect(await storedCount(hook)).to.equal(103);
        const nonce = randomUUID();
        expect((await postCallback(hook, signedForm(HOOK_APP, { ...templateResult(1, 1), nonce }))).status).to.equal(
            200,
        );
        const replay = await postCallback(hook, signedForm(HOOK_APP, { ...templateResult(1, 2, "forged"), nonce }));
        expect(replay.status).to.equal(409);
        expect((await readResult(hook, HOOK_APP.appKey, "templates", 1)).json.history).to.have.length(1);
    });

    it("forgets nonces older than twice the allowed clock skew", async () => {
        const url = await postgres.createDatabase();
        const hook = await hookOn(url, { maxClockSkewMs: 500 });
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(5, 1)))).status).to.equal(200);
        expect((await query(url, "SELECT count(*)::int AS n FROM deliveries"))[0].n).to.equal(1);
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(6, 1)))).status).to.equal(200);
        expect(
            (await query(url, "SELECT count(*)::int AS n FROM deliveries"))[0].n,
            "the expired nonce was dropped",
        ).to.equal(1);
        expect(await storedCount(hook), "results are kept for good").to.equal(2);
    });

    it("refuses on one replica a nonce used on the other, and serves results from either", async () => {
        const url = await postgres.createDatabase();
        const [a, b] = [await hookOn(url), await hookOn(url)];
        const nonce = randomUUID();
        const body = signedForm(HOOK_APP, { ...templateResult(777, 2, "original"), nonce });
        expect((await postCallback(a, body)).json.result).to.equal("stored");
        expect((await postCallback(b, body)).json.result, "the same delivery on the other replica").to.equal(
            "duplicate",
        );
        const replay = await postCallback(b, signedForm(HOOK_APP, { ...templateResult(777, 1), nonce }));
        expect(replay.status).to.equal(409);
        for (const hook of [a, b]) {
            const result = (await readResult(hook, HOOK_APP.appKey, "templates", 777)).json;
            expect(result.history.map((entry: any) => entry.rejectReason)).to.deep.equal(["original"]);
        }
        // At the same moment on both replicas: 50 nonces, each sent with one content to A and another to B.
        const pairs = Array.from({ length: 50 }, (_, index) => {
            const shared = { nonce: randomUUID(), timestamp: Date.now() };
            return [
                postCallback(a, signedForm(HOOK_APP, { ...templateResult(3_000 + index, 2, "via A"), ...shared })),
                postCallback(b, signedForm(HOOK_APP, { ...templateResult(3_000 + index, 2, "via B"), ...shared })),
            ];
        });
        for (const [index, pair] of pairs.entries()) {
            const statuses = (await Promise.all(pair)).map((answer) => answer.status).sort();
            expect(statuses, `nonce ${index}`).to.deep.equal([200, 409]);
            expect(
                (await readResult(a, HOOK_APP.appKey, "templates", 3_000 + index)).json.history,
                `template ${3_000 + index}`,
            ).to.have.length(1);
        }
    });

    it("two replicas starting at once on an empty database migrate it once, and both serve", async () => {
        const url = await postgres.createDatabase();
        const runs = [replica(url), replica(url)];
        const urls = await Promise.all(runs.map((run) => run.listening));
        expect(
            urls.every((value) => value !== undefined),
            runs.map((run) => run.lines.join("\n") + run.stderr()).join("\n---\n"),
        ).to.equal(true);
        const migrations = await query(url, "SELECT version, applied_by FROM schema_migrations");
        expect(migrations.map((row) => row.version)).to.deep.equal([1, 2]);
        const migrators = runs.filter((run) =>
            run.lines.some((line) => JSON.parse(line).msg === "migrated the database schema"),
        );
        expect(migrators, "exactly one replica ran the migration").to.have.length(1);
        expect(migrations[0].applied_by).to.include(`pid ${migrators[0].child.pid}`);
        for (const [index, value] of urls.entries()) {
            expect(
                (await postCallback(remoteHook(value!), signedForm(HOOK_APP, templateResult(800 + index, 1)))).status,
            ).to.equal(200);
        }
        expect(await storedCount(remoteHook(urls[0]!))).to.equal(2);
        for (const run of runs) {
            expectNoPassword(run.lines);
        }
    });

    it("300 callbacks over two replicas, one killed with SIGKILL mid-load: every one answered 200 is stored exactly once", async () => {
        const url = await postgres.createDatabase();
        const runs = [replica(url), replica(url)];
        const urls = (await Promise.all(runs.map((run) => run.listening))) as string[];
        expect(urls.every((value) => value !== undefined)).to.equal(true);
        const targets = urls.map(remoteHook);
        const bodies = Array.from({ length: 300 }, (_, index) =>
            signedForm(index % 2 ? HOOK_APP : OTHER_HOOK_APP, templateResult(90_000 + index, 2, `load ${index}`)),
        );
        const acknowledged = new Set<number>();
        const unanswered: number[] = [];
        let next = 0;
        let killed = false;
        const worker = async () => {
            while (next < bodies.length) {
                const index = next++;
                // Spread over both replicas, as a load balancer would; replica 0 is the one killed.
                const target = killed ? targets[1] : targets[index % 2];
                try {
                    const answer = await postCallback(target, bodies[index]);
                    if (answer.status === 200) {
                        acknowledged.add(index);
                    } else {
                        unanswered.push(index);
                    }
                } catch {
                    unanswered.push(index);
                }
            }
        };
        const workers = Array.from({ length: 20 }, worker);
        const deadline = Date.now() + 30_000;
        while (acknowledged.size < 100 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        runs[0].child.kill("SIGKILL");
        killed = true;
        await Promise.all([...workers, runs[0].exited]);
        expect(acknowledged.size, "acknowledged before and after the kill").to.be.greaterThan(150);
        // JSMS retries what was not answered 200; the surviving replica takes the retries.
        for (const index of unanswered) {
            const answer = await postCallback(targets[1], bodies[index]);
            expect(answer.status, `retry of ${index}`).to.equal(200);
            acknowledged.add(index);
        }
        expect(acknowledged.size).to.equal(300);
        const rows = await query(url, "SELECT object_id, count(*)::int AS n FROM reviews GROUP BY object_id");
        const stored = new Map(rows.map((row) => [Number(row.object_id), row.n as number]));
        for (const index of acknowledged) {
            expect(stored.get(90_000 + index), `template ${90_000 + index}`).to.equal(1);
        }
        expect(stored.size).to.equal(300);
        const sample = (await readResult(targets[1], HOOK_APP.appKey, "templates", 90_001)).json;
        expect(sample.history.map((entry: any) => entry.rejectReason)).to.deep.equal(["load 1"]);
        expectNoPassword(runs[1].lines);
    });

    it("refuses to start on a database whose schema is newer than it knows", async () => {
        const url = await postgres.createDatabase();
        await (await hookOn(url)).close();
        running.splice(0);
        await query(
            url,
            "INSERT INTO schema_migrations (version, name, applied_by) VALUES (99, 'from the future', 'test')",
        );
        let error: Error | undefined;
        try {
            await hookOn(url);
        } catch (caught) {
            error = caught as Error;
        }
        expect(error?.message).to.match(/schema is version 99, newer than this hook knows \(2\): upgrade the hook/);
    });

    it("answers /healthz 503 while the database is unreachable, and 200 again once it is back", async () => {
        const url = await postgres.createDatabase();
        const hook = await hookOn(url);
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(3, 1)))).status).to.equal(200);
        const name = new URL(url).pathname.slice(1);
        const admin = new URL(url);
        admin.pathname = "/postgres";
        await query(admin.toString(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await query(admin.toString(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [
            name,
        ]);
        const down = await postCallback(hook, signedForm(HOOK_APP, templateResult(4, 1)));
        expect(down.status, "a callback that cannot be stored is not acknowledged").to.equal(503);
        expect(down.headers.get("retry-after"), "and says when to come back").to.match(/^[1-9]\d*$/);
        const health = await fetch(`${hook.url}/healthz`);
        expect(health.status).to.equal(503);
        expect(await health.text()).not.to.include(EMBEDDED_POSTGRES_PASSWORD);
        await query(admin.toString(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        const deadline = Date.now() + 20_000;
        let status = 0;
        while (Date.now() < deadline && status !== 200) {
            status = (await fetch(`${hook.url}/healthz`)).status;
            if (status !== 200) {
                await new Promise((resolve) => setTimeout(resolve, 200));
            }
        }
        expect(status).to.equal(200);
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(4, 1)))).status).to.equal(200);
    });
});
