import { expect } from "chai";
import { Client } from "pg";
import type { ReviewHookOptions } from "../../reviewhook";
import {
    HOOK_APP,
    postCallback,
    signedForm,
    templateResult,
    useHooks,
    type HookResponse,
    type HookUnderTest,
} from "./hookHarness";
import { EMBEDDED_POSTGRES_PASSWORD, expectStoredOnce, query, usePostgres } from "./postgresServer";

/** The name the hook gives its connections, which the tests count backends by. */
const APPLICATION_NAME = "jsms-review-hook";

/** A 503 that tells the sender when to come back. */
function expectRetryLater(answer: HookResponse, what: string) {
    expect(answer.status, `${what}: ${answer.text}`).to.equal(503);
    expect(answer.headers.get("retry-after"), `${what}: Retry-After`).to.match(/^[1-9]\d*$/);
}

/** Sends every body again until each is answered 200 (as JSMS retries), within a generous deadline. */
async function deliverAll(hook: HookUnderTest, bodies: string[]) {
    const deadline = Date.now() + 30_000;
    for (const [index, body] of bodies.entries()) {
        for (;;) {
            const answer = await postCallback(hook.hook, body);
            if (answer.status === 200) {
                expect(answer.json.result, `callback ${index}`).to.be.oneOf(["stored", "duplicate"]);
                break;
            }
            expectRetryLater(answer, `retry of callback ${index}`);
            expect(Date.now(), `callback ${index} was never stored`).to.be.below(deadline);
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
    }
}

describe("review hook on PostgreSQL: server-side limits, 503 while the database cannot serve", function () {
    this.timeout(120_000);
    const postgres = usePostgres();
    const hooks = useHooks([EMBEDDED_POSTGRES_PASSWORD]);
    const hookOn = (databaseUrl: string, overrides: Partial<ReviewHookOptions> = {}) =>
        hooks.start({ databaseUrl, ...overrides });

    it("sets statement_timeout, lock_timeout and idle_in_transaction_session_timeout on every connection it opens", async () => {
        const url = await postgres().createDatabase();
        const configured = await hookOn(url, {
            postgresStatementTimeoutMs: 1_500,
            postgresLockTimeoutMs: 400,
            postgresIdleInTransactionTimeoutMs: 3_000,
        });
        const defaults = await hookOn(url);
        // A trigger records the settings of the session that writes: the hook's own connection, seen by the server.
        await query(
            url,
            `CREATE TABLE seen_settings (object_id BIGINT, application_name TEXT, statement_ms TEXT, lock_ms TEXT, idle_ms TEXT);
             CREATE FUNCTION record_settings() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 INSERT INTO seen_settings SELECT NEW.object_id,
                     current_setting('application_name'),
                     (SELECT setting FROM pg_settings WHERE name = 'statement_timeout'),
                     (SELECT setting FROM pg_settings WHERE name = 'lock_timeout'),
                     (SELECT setting FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout');
                 RETURN NEW;
             END $$;
             CREATE TRIGGER record_settings BEFORE INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION record_settings();`,
        );
        expect((await postCallback(configured.hook, signedForm(HOOK_APP, templateResult(1, 1)))).status).to.equal(200);
        expect((await postCallback(defaults.hook, signedForm(HOOK_APP, templateResult(2, 1)))).status).to.equal(200);
        const seen = await query(url, "SELECT * FROM seen_settings ORDER BY object_id");
        expect(seen.map((row) => [row.application_name, row.statement_ms, row.lock_ms, row.idle_ms])).to.deep.equal([
            [APPLICATION_NAME, "1500", "400", "3000"],
            [APPLICATION_NAME, "5000", "2000", "10000"],
        ]);
    });

    it("a replica starting while another migrates waits for it longer than the lock timeout, up to the statement timeout", async () => {
        const url = await postgres().createDatabase();
        // Another replica's migration, as the database sees it: the migrations' advisory lock, held for a while.
        const migrating = new Client({ connectionString: url });
        await migrating.connect();
        try {
            await migrating.query("SELECT pg_advisory_lock(7668513119117880683)");
            const starting = hookOn(url, { postgresLockTimeoutMs: 200, postgresStatementTimeoutMs: 5_000 });
            await new Promise((resolve) => setTimeout(resolve, 1_000));
            await migrating.query("SELECT pg_advisory_unlock(7668513119117880683)");
            const hook = await starting;
            expect((await postCallback(hook.hook, signedForm(HOOK_APP, templateResult(1, 1)))).status).to.equal(200);
        } finally {
            await migrating.end();
        }
    });

    it("with the reviews table locked, holds no more backends than its pool, answers 503 with Retry-After, and loses nothing once the lock is gone", async () => {
        const url = await postgres().createDatabase();
        const poolSize = 3;
        const hook = await hookOn(url, {
            postgresPoolSize: poolSize,
            postgresLockTimeoutMs: 300,
            postgresStatementTimeoutMs: 1_000,
        });
        expect((await postCallback(hook.hook, signedForm(HOOK_APP, templateResult(100, 1)))).status).to.equal(200);
        const database = new URL(url).pathname.slice(1);
        const locker = new Client({ connectionString: url });
        await locker.connect();
        const monitor = new Client({ connectionString: url });
        await monitor.connect();
        const bodies = Array.from({ length: 30 }, (_, index) =>
            signedForm(HOOK_APP, templateResult(40_000 + index, 2, `during the lock ${index}`)),
        );
        try {
            await locker.query("BEGIN");
            await locker.query("LOCK TABLE reviews IN ACCESS EXCLUSIVE MODE");
            // The hook's backends, counted while the callbacks arrive (the monitor's own connection has no name).
            let sampling = true;
            let mostBackends = 0;
            const sampler = (async () => {
                while (sampling) {
                    const rows = await monitor.query(
                        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
                        [database, APPLICATION_NAME],
                    );
                    mostBackends = Math.max(mostBackends, rows.rows[0].n);
                    await new Promise((resolve) => setTimeout(resolve, 20));
                }
            })();
            // Three waves of ten at once: more than the pool, and long enough for abandoned backends to pile up.
            const answers: HookResponse[] = [];
            for (let wave = 0; wave < 3; wave += 1) {
                answers.push(
                    ...(await Promise.all(
                        bodies.slice(wave * 10, wave * 10 + 10).map((body) => postCallback(hook.hook, body)),
                    )),
                );
            }
            sampling = false;
            await sampler;
            for (const [index, answer] of answers.entries()) {
                expectRetryLater(answer, `callback ${index} during the lock`);
            }
            expect(mostBackends, "backends seen while locked").to.be.within(1, poolSize);
            const waiting = await monitor.query(
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND wait_event_type = 'Lock'",
                [database, APPLICATION_NAME],
            );
            expect(waiting.rows[0].n, "no backend of the hook still waits on the lock").to.equal(0);
            const health = await fetch(`${hook.hook.url}/healthz`);
            expect(health.status, "unhealthy while writes fail").to.equal(503);
            await health.body?.cancel();
        } finally {
            await locker.query("ROLLBACK").catch(() => undefined);
            await locker.end();
            await monitor.end();
        }
        await deliverAll(hook, bodies);
        await expectStoredOnce(url, [100, ...bodies.map((_, index) => 40_000 + index)]);
        expect((await fetch(`${hook.hook.url}/healthz`)).status, "healthy again").to.equal(200);
        const failed = hook.logs.map((line) => JSON.parse(line)).filter((line) => line.status === 503);
        expect(failed.length, "every 503 is logged").to.be.at.least(30);
        expect(failed[0].error).to.match(/lock/i);
    });

    it("answers callbacks 503 with Retry-After while the server is down, and stores each exactly once once it is back", async () => {
        const url = await postgres().createDatabase();
        const hook = await hookOn(url);
        expect((await postCallback(hook.hook, signedForm(HOOK_APP, templateResult(200, 1)))).status).to.equal(200);
        const bodies = Array.from({ length: 10 }, (_, index) =>
            signedForm(HOOK_APP, templateResult(50_000 + index, 2, `while down ${index}`)),
        );
        await postgres().down();
        try {
            for (const [index, body] of bodies.entries()) {
                expectRetryLater(await postCallback(hook.hook, body), `callback ${index} while down`);
            }
            const health = await fetch(`${hook.hook.url}/healthz`);
            expect(health.status).to.equal(503);
            expect(await health.text()).not.to.include(EMBEDDED_POSTGRES_PASSWORD);
        } finally {
            await postgres().up();
        }
        await deliverAll(hook, bodies);
        await expectStoredOnce(url, [200, ...bodies.map((_, index) => 50_000 + index)]);
    });
});
