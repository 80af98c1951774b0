/**
 * The local create journal (provider/journal/localJournal.ts): what each call records, that several processes
 * appending to one stack's file at once lose and damage nothing (real child processes), that pruning under them
 * keeps every intent it should, and that a damaged line or a lock left by a dead process stops nothing.
 */
import { expect } from "chai";
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import type { CreateIntent } from "../../provider/journal/createJournal";
import { LocalJournal } from "../../provider/journal/localJournal";

const STACK = "shop/prod";
const KEY = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/jsms:SmsTemplate::otp";

function intent(overrides: Partial<CreateIntent> = {}): CreateIntent {
    return {
        intentId: `i-${Math.random().toString(16).slice(2)}`,
        stack: STACK,
        key: KEY,
        appKey: "app1",
        kind: "template",
        digest: "d".repeat(64),
        contentDigest: "c".repeat(64),
        runId: "run-1",
        createdAt: Date.now(),
        state: "open",
        ...overrides,
    };
}

describe("provider/journal/localJournal", () => {
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-journal-"));
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("records intents as they go: open, answered (adoptable until held), failed; newest first", async () => {
        const journal = new LocalJournal(dir);
        const older = intent({ createdAt: 1000 });
        const newer = intent({ createdAt: 2000 });
        const refused = intent({ createdAt: 3000 });
        const unanswered = intent({ createdAt: 4000 });
        for (const i of [older, newer, refused, unanswered]) await journal.begin(i);
        await journal.answer(STACK, older.intentId, 11);
        await journal.answer(STACK, newer.intentId, 12);
        await journal.fail(STACK, refused.intentId, "JSMS 50035");

        const adoptable = await journal.adoptable(STACK, KEY);
        expect(adoptable.map((i) => i.objectId)).to.deep.equal([12, 11]);
        expect(await journal.adoptable(STACK, `${KEY}-other`)).to.deep.equal([]);
        expect((await journal.open(STACK)).map((i) => i.intentId)).to.deep.equal([unanswered.intentId]);

        // Held ids are never adoptable again, for the same app and kind only.
        await journal.markHeld(STACK, "app2", "template", [12]);
        await journal.markHeld(STACK, "app1", "sign", [12]);
        expect((await journal.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([12, 11]);
        await journal.markHeld(STACK, "app1", "template", [12]);
        expect((await journal.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([11]);

        // Another process (a new journal object) reads the same.
        const again = new LocalJournal(dir);
        expect((await again.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([11]);
        const failed = (await again.open(STACK)).concat(await again.adoptable(STACK, KEY));
        expect(failed.map((i) => i.intentId)).not.to.include(refused.intentId);
    });

    it("writes only a change: marking ids held that no intent has appends nothing", async () => {
        const journal = new LocalJournal(dir);
        const one = intent();
        await journal.begin(one);
        await journal.answer(STACK, one.intentId, 5);
        const file = journal.pathOf(STACK);
        const size = fs.statSync(file).size;
        await journal.markHeld(STACK, "app1", "template", [99, 100]);
        expect(fs.statSync(file).size).to.equal(size);
        await journal.markHeld(STACK, "app1", "template", [5]);
        const grown = fs.statSync(file).size;
        expect(grown).to.be.above(size);
        await journal.markHeld(STACK, "app1", "template", [5]);
        expect(fs.statSync(file).size, "already held").to.equal(grown);
    });

    it("prunes held and failed intents older than the cut-off, and keeps open and answered ones", async () => {
        const journal = new LocalJournal(dir);
        const old = 1_000;
        const held = intent({ createdAt: old });
        const failed = intent({ createdAt: old });
        const open = intent({ createdAt: old });
        const answered = intent({ createdAt: old });
        const recentHeld = intent({ createdAt: Date.now() });
        for (const i of [held, failed, open, answered, recentHeld]) await journal.begin(i);
        await journal.answer(STACK, held.intentId, 1);
        await journal.answer(STACK, answered.intentId, 2);
        await journal.answer(STACK, recentHeld.intentId, 3);
        await journal.fail(STACK, failed.intentId, "refused");
        await journal.markHeld(STACK, "app1", "template", [1, 3]);

        expect(await journal.prune(STACK, Date.now() - 60_000)).to.equal(2);
        expect(await journal.prune(STACK, Date.now() - 60_000), "nothing left to prune").to.equal(0);
        const fresh = new LocalJournal(dir);
        expect((await fresh.open(STACK)).map((i) => i.intentId)).to.deep.equal([open.intentId]);
        expect((await fresh.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([2]);
        // The journal that pruned reads its rewritten file too.
        expect((await journal.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([2]);
        const lines = fs.readFileSync(journal.pathOf(STACK), "utf8").trim().split("\n");
        expect(lines).to.have.length(3);
    });

    it("loses and damages nothing when several processes write one stack's file at once, pruning included", async function () {
        this.timeout(120_000);
        const WRITERS = 4;
        const EACH = 60;
        const module = path.join(__dirname, "../../provider/journal/localJournal.js");
        const writer = `
const { LocalJournal } = require(${JSON.stringify(module)});
const [dir, stack, writer, each] = process.argv.slice(1);
const journal = new LocalJournal(dir, { onProblem: (m) => { console.error(m); process.exit(3); } });
(async () => {
    await Promise.all(Array.from({ length: Number(each) }, async (_, i) => {
        const intentId = writer + "-" + i;
        await journal.begin({ intentId, stack, key: "k" + writer + "-" + i, appKey: "a", kind: "template", digest: "d",
            contentDigest: "c", runId: writer, createdAt: Date.now(), state: "open" });
        await journal.answer(stack, intentId, Number(writer) * 1000 + i + 1);
        if (i % 2 === 0) await journal.markHeld(stack, "a", "template", [Number(writer) * 1000 + i + 1]);
    }));
})().catch((e) => { console.error(e); process.exit(2); });`;
        const children = Array.from({ length: WRITERS }, (_, w) =>
            spawn(process.execPath, ["-e", writer, dir, STACK, String(w + 1), String(EACH)], { stdio: "pipe" }),
        );
        const exits = children.map(
            (child) =>
                new Promise<string>((resolve) => {
                    let err = "";
                    child.stderr.on("data", (d) => (err += d));
                    child.on("close", (code) => resolve(`${code}${err}`));
                }),
        );
        // Meanwhile this process prunes what they mark held, rewriting the file under their appends.
        const here = new LocalJournal(dir, { onProblem: (m) => expect.fail(m) });
        let pruned = 0;
        let done: string[] | undefined;
        const finished = Promise.all(exits).then((codes) => {
            done = codes;
        });
        while (done === undefined) {
            pruned += await here.prune(STACK, Date.now() + 1);
            await Promise.race([finished, new Promise((r) => setTimeout(r, 5))]);
        }
        expect(done).to.deep.equal(Array(WRITERS).fill("0"));
        pruned += await here.prune(STACK, Date.now() + 1);
        expect(pruned, "every held intent was pruned").to.equal((WRITERS * EACH) / 2);

        const journal = new LocalJournal(dir, { onProblem: (m) => expect.fail(m) });
        const keys = Array.from({ length: WRITERS * EACH }, (_, n) => `k${Math.floor(n / EACH) + 1}-${n % EACH}`);
        const all = (await Promise.all(keys.map((key) => journal.adoptable(STACK, key)))).flat();
        // Every intent not held is there, answered, once: no append was lost to a rewrite or torn by another.
        expect(all.map((i) => i.key).sort()).to.deep.equal(keys.filter((_, n) => n % 2 === 1).sort());
        expect(new Set(all.map((i) => i.objectId)).size).to.equal((WRITERS * EACH) / 2);
        expect(await journal.open(STACK)).to.deep.equal([]);
        for (const line of fs.readFileSync(journal.pathOf(STACK), "utf8").trim().split("\n")) {
            expect(() => JSON.parse(line), line).not.to.throw();
        }
        expect(fs.existsSync(`${journal.pathOf(STACK)}.lock`), "no lock left behind").to.equal(false);
    });

    it("skips a damaged line with a message that names it, and uses the rest", async () => {
        const problems: string[] = [];
        const journal = new LocalJournal(dir, { onProblem: (m) => problems.push(m) });
        const one = intent();
        await journal.begin(one);
        fs.appendFileSync(journal.pathOf(STACK), '{"op":"answer","intentId":\n');
        await journal.answer(STACK, one.intentId, 7);
        const reader = new LocalJournal(dir, { onProblem: (m) => problems.push(m) });
        expect((await reader.adoptable(STACK, KEY)).map((i) => i.objectId)).to.deep.equal([7]);
        expect(problems).to.have.length(1);
        expect(problems[0]).to.contain("line 2").and.to.contain(journal.pathOf(STACK));
    });

    it("takes over a lock left by a process that is gone, never one of another PID namespace, and fails clearly on one held too long", async () => {
        const journal = new LocalJournal(dir, { lockTimeoutMs: 300 });
        const file = journal.pathOf(STACK);
        fs.mkdirSync(dir, { recursive: true });
        // A process that has exited: its pid no longer runs.
        const gone = await promisify(execFile)(process.execPath, ["-e", "console.log(process.pid)"]);
        const namespace = fs.readlinkSync("/proc/self/ns/pid");
        fs.writeFileSync(`${file}.lock`, `${gone.stdout.trim()} ${os.hostname()} ${namespace} x`);
        await journal.begin(intent());
        expect(fs.existsSync(`${file}.lock`)).to.equal(false);

        // The same pid and hostname in another PID namespace (another container sharing the folder) may be alive.
        fs.writeFileSync(`${file}.lock`, `${gone.stdout.trim()} ${os.hostname()} pid:[1] x`);
        const foreign = await journal.begin(intent()).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(foreign?.message).to.contain("stayed locked");

        fs.writeFileSync(`${file}.lock`, `${process.pid} ${os.hostname()} ${namespace} x`);
        const error = await journal.begin(intent()).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(error?.message).to.contain("stayed locked").and.to.contain(`${file}.lock`);
    });
});
