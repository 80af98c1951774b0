/**
 * The lifecycle core's create journal (provider/lifecycle/createJournaling.ts) against the simulator over HTTP,
 * with the local store in a temporary folder. Each "run" is a fresh runtime, as each `pulumi up` is a fresh provider
 * process: what one run created but never got into the stack, the next adopts with no write, and says so; what the
 * stack holds, what changed at JSMS, what is gone and what was created with other copy is never adopted.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { LocalJournal } from "../../provider/journal/localJournal";
import { JOURNAL_KEY_INPUT, journalScope } from "../../provider/journal/journalKey";
import { ProviderRuntime, createRuntime } from "../../provider/runtime";
import {
    APP_KEY,
    MASTER_SECRET,
    Sim,
    captureError,
    configureFor,
    isolateJsmsEnv,
    stackConfig,
    startSim,
} from "./providerFixtures";
import { closeClients } from "./providerRuntime";
import { seedApprovedSignature } from "./providerSeeds";

const PROVIDER = { __provider: "serialized provider text" };
const urn = (name: string, type = "SmsTemplate") =>
    `urn:pulumi:prod::shop::pulumi-nodejs:dynamic/jsms:${type}::${name}`;
const copy = (n: number) => ({ template: `您的第${n}号订单{{orderNo}}已发货`, type: 2 as const });

/** One provider process: its runtime and what it told the person. */
interface Run {
    runtime: ProviderRuntime;
    warnings: string[];
    infos: string[];
}

describe("provider/lifecycle/createJournaling", () => {
    let sim: Sim;
    let dir: string;
    let restoreEnv: () => void;
    const runs: Run[] = [];

    before(async () => {
        restoreEnv = isolateJsmsEnv();
        sim = await startSim();
        configureFor(sim);
        await seedApprovedSignature(sim);
        await closeClients();
    });

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-journal-core-"));
    });

    afterEach(async () => {
        for (const run of runs.splice(0)) await run.runtime.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    after(async () => {
        await sim.close();
        restoreEnv();
    });

    /** A new provider process, with its journal in `dir` unless `extra` says otherwise. */
    function run(extra: Record<string, string> = {}): Run {
        const config = stackConfig(sim, { "jsms:journalDir": dir, ...extra });
        const warnings: string[] = [];
        const infos: string[] = [];
        const runtime = createRuntime(
            { get: (key: string) => config[key] },
            { warn: (m) => warnings.push(m), info: (m) => infos.push(m) },
        );
        const created = { runtime, warnings, infos };
        runs.push(created);
        return created;
    }

    const inputs = (name: string, n: number) => ({ ...PROVIDER, ...copy(n), [JOURNAL_KEY_INPUT]: urn(name) });
    const posts = async () => (await sim.requests()).filter((r) => r.method === "POST" && r.status === 200);
    const journalText = () =>
        fs
            .readdirSync(dir)
            .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
            .join("");

    it("keys intents by URN, children of components included, and files them under project/stack", () => {
        expect(
            journalScope("urn:pulumi:prod::shop::my:app:Comp$pulumi-nodejs:dynamic/jsms:SmsTemplate::otp"),
        ).to.deep.equal({
            stack: "shop/prod",
            key: "urn:pulumi:prod::shop::my:app:Comp$pulumi-nodejs:dynamic/jsms:SmsTemplate::otp",
            name: "otp",
        });
        for (const notAUrn of [undefined, 42, "", "otp", "urn:pulumi:prod::shop::type", "urn:pulumi:::shop::t::n"]) {
            expect(journalScope(notAUrn), String(notAUrn)).to.equal(undefined);
        }
    });

    it("writes the intent as the create leaves and the id after, with digests only: no copy, no secret", async () => {
        const first = run();
        const { id } = await first.runtime.template.create(inputs("otp", 1));
        const journal = new LocalJournal(dir);
        const [intent] = await journal.adoptable("shop/prod", urn("otp"));
        expect(intent).to.deep.include({ stack: "shop/prod", appKey: APP_KEY, kind: "template", objectId: Number(id) });
        expect(intent.digest).to.match(/^[0-9a-f]{64}$/);
        const text = journalText();
        expect(text).not.to.contain(copy(1).template).and.not.to.contain("orderNo").and.not.to.contain(MASTER_SECRET);
    });

    it("adopts what an interrupted run created for the resource, with no write, in one line naming the run and time", async () => {
        const killed = run();
        const { id } = await killed.runtime.template.create(inputs("otp", 2));
        await sim.clearRequests();
        const next = run();
        const healed = await next.runtime.template.create(inputs("otp", 2));
        expect(healed.id).to.equal(id);
        expect(healed.outs).to.deep.include({ tempId: Number(id), status: "pending" });
        const requests = await sim.requests();
        expect(
            requests.every((r) => r.method === "GET"),
            JSON.stringify(requests),
        ).to.equal(true);
        expect(next.infos.filter((m) => m.includes("adopted"))).to.have.length(1);
        expect(next.infos[0])
            .to.contain(`adopted template ${id}`)
            .and.to.match(/interrupted run \(run [0-9a-f-]{36}, \d{4}-\d\d-\d\dT/);
        // Adopted once: a third run creates the resource anew (a replacement) instead of adopting it again.
        await sim.clearRequests();
        const third = await run().runtime.template.create(inputs("otp", 2));
        expect(third.id).to.not.equal(id);
        expect(await posts()).to.have.length(1);
    });

    it("never adopts an object the stack showed it holds (diff, read, update, delete): a replacement gets a new one", async () => {
        for (const [i, show] of [
            (r: Run, id: string) =>
                r.runtime.template.diff(id, { ...copy(3), tempId: Number(id) } as never, inputs("t", 3)),
            (r: Run, id: string) => r.runtime.template.read(id, { ...copy(3), [JOURNAL_KEY_INPUT]: urn("t") } as never),
            (r: Run, id: string) =>
                r.runtime.template.update(id, { ...copy(3), statusCode: 0 } as never, inputs("t", 3)),
            (r: Run, id: string) =>
                r.runtime.template.delete(id, { ...copy(3), [JOURNAL_KEY_INPUT]: urn("t") } as never),
        ].entries()) {
            const { id } = await run().runtime.template.create(inputs("t", 3));
            await show(run(), id);
            await sim.clearRequests();
            const replacement = await run().runtime.template.create(inputs("t", 3));
            expect(replacement.id, `operation ${i}`).to.not.equal(id);
            expect(await posts(), `operation ${i}`).to.have.length(1);
        }
    });

    it("never adopts in a replacement the engine asks for without a diff (--replace): check saw the stack hold it", async () => {
        // Run 1 created it and the stack recorded it; nothing has diffed it since. `pulumi up --replace` then checks
        // it (with the recorded inputs as olds) and creates, and would delete the old object right after.
        const { id } = await run().runtime.template.create(inputs("r", 9));
        const replacing = run();
        await replacing.runtime.template.check(inputs("r", 9), inputs("r", 9));
        await sim.clearRequests();
        const replacement = await replacing.runtime.template.create(inputs("r", 9));
        expect(replacement.id).to.not.equal(id);
        expect(await posts()).to.have.length(1);
        expect(replacing.infos.filter((m) => m.includes("adopted"))).to.deep.equal([]);
    });

    it("two resources with identical copy adopt their own objects: two objects, never one twice", async () => {
        const killed = run();
        const a = await killed.runtime.template.create(inputs("a", 4));
        const b = await killed.runtime.template.create(inputs("b", 4));
        const next = run();
        const [a2, b2] = await Promise.all([
            next.runtime.template.create(inputs("a", 4)),
            next.runtime.template.create(inputs("b", 4)),
        ]);
        expect([a2.id, b2.id]).to.deep.equal([a.id, b.id]);
    });

    it("does not adopt an object changed at JSMS since, nor one that is gone, nor one made with other copy, and says why", async () => {
        const killed = run();
        const changed = await killed.runtime.template.create(inputs("changed", 5));
        const gone = await killed.runtime.template.create(inputs("gone", 6));
        const edited = await killed.runtime.template.create(inputs("edited", 7));
        await sim.editTemplate(changed.id, { template: "您的订单{{orderNo}}已由客服改过" });
        await sim.consoleDelete("templates", gone.id);

        await sim.clearRequests();
        const next = run();
        expect((await next.runtime.template.create(inputs("changed", 5))).id).to.not.equal(changed.id);
        expect((await next.runtime.template.create(inputs("gone", 6))).id).to.not.equal(gone.id);
        expect((await next.runtime.template.create(inputs("edited", 8))).id).to.not.equal(edited.id);
        expect(await posts()).to.have.length(3);
        const said = [...next.warnings, ...next.infos].join("\n");
        expect(said)
            .to.contain(`template ${changed.id}`)
            .and.to.contain("changed at JSMS since")
            .and.to.contain("已由客服改过");
        expect(said).to.contain(`template ${gone.id}`).and.to.contain("is gone at JSMS");
        expect(said).to.contain(`template ${edited.id}`).and.to.contain("the inputs have changed since");
        expect(next.infos.join("\n")).not.to.contain("adopted");
    });

    it("journals signatures too, through the same core", async () => {
        const sign = { ...PROVIDER, sign: "日志签名", [JOURNAL_KEY_INPUT]: urn("brand", "SmsSignature") };
        const { id } = await run().runtime.signature.create(sign);
        await sim.clearRequests();
        const next = run();
        expect((await next.runtime.signature.create(sign)).id).to.equal(id);
        expect((await sim.requests()).every((r) => r.method === "GET")).to.equal(true);
        expect(next.infos.join("\n")).to.contain(`adopted signature ${id}`);
    });

    it("keeps a create that may have reached JSMS open, says so when it is sent again, and fails a refused one", async () => {
        await sim.clearRequests();
        const faulty = run();
        await fetch(`${sim.url}/_sim/faults`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ createFault: "insert-then-drop", createFaultCount: 1 }),
        });
        await captureError(faulty.runtime.template.create(inputs("lost", 9)));
        const refused = await captureError(
            faulty.runtime.template.create({ ...inputs("bad", 10), template: "没有变量【的】模板" }),
        );
        expect(refused.message).to.match(/JSMS 5\d{4}/);
        const open = await new LocalJournal(dir).open("shop/prod");
        expect(open.map((i) => i.key)).to.deep.equal([urn("lost")]);

        const next = run();
        await next.runtime.template.create(inputs("lost", 9));
        expect(next.infos.join("\n")).to.contain("got no answer").and.to.contain("sent again");
    });

    it("reports an orphan the journal knows with the command that removes it, and closes it once it is gone", async () => {
        const orphanId = Number((await run({ "jsms:journal": "off" }).runtime.template.create(inputs("x", 11))).id);
        await new LocalJournal(dir).begin({
            intentId: "paired-by-the-hook",
            stack: "shop/prod",
            key: urn("x"),
            appKey: APP_KEY,
            kind: "template",
            digest: "d",
            contentDigest: "c",
            runId: "an-earlier-run",
            createdAt: Date.now(),
            state: "open",
            objectId: orphanId,
        });
        const next = run();
        const z = await next.runtime.template.create(inputs("z", 18));
        const orphanLines = next.warnings.filter((m) => m.startsWith("orphan:"));
        expect(orphanLines).to.have.length(1);
        expect(orphanLines[0]).to.contain(
            `curl -X DELETE -u "$JSMS_APP_KEY:$JSMS_MASTER_SECRET" ${sim.url}/v1/templates/${orphanId}`,
        );

        await sim.consoleDelete("templates", orphanId);
        // A preview (diff) reports from the journal alone: no API call, so it cannot know the orphan is gone.
        await sim.clearRequests();
        const previewing = run();
        await previewing.runtime.template.diff(z.id, { ...copy(18), tempId: Number(z.id) } as never, inputs("z", 18));
        expect(await sim.requests()).to.deep.equal([]);
        expect(previewing.warnings.filter((m) => m.startsWith("orphan:"))).to.have.length(1);
        // A create (or refresh) reads it at JSMS, finds it gone and closes it.
        const later = run();
        await later.runtime.template.create(inputs("y", 12));
        expect(later.warnings.filter((m) => m.startsWith("orphan:"))).to.deep.equal([]);
        expect(await new LocalJournal(dir).open("shop/prod")).to.deep.equal([]);
    });

    it("a journal that cannot be written warns that healing is off and creates; a required one fails with nothing sent", async () => {
        const file = path.join(dir, "not-a-folder");
        fs.writeFileSync(file, "");
        const lenient = run({ "jsms:journalDir": path.join(file, "journal") });
        await sim.clearRequests();
        const { id } = await lenient.runtime.template.create(inputs("w", 13));
        expect(id).to.match(/^\d+$/);
        expect(lenient.warnings.join("\n")).to.contain("healing is off for it");

        await sim.clearRequests();
        const strict = run({ "jsms:journalDir": path.join(file, "journal"), "jsms:journal": "required" });
        const err = await captureError(strict.runtime.template.create(inputs("w2", 14)));
        expect(err.message).to.contain("jsms:journal is required").and.to.contain("nothing was sent");
        expect(await posts()).to.deep.equal([]);
    });

    it("journals nothing when jsms:journal is off", async () => {
        await run({ "jsms:journal": "off" }).runtime.template.create(inputs("off", 15));
        expect(fs.readdirSync(dir)).to.deep.equal([]);
    });

    it("runs the create's hook only once its request holds the concurrency permit: a queued create writes nothing", async () => {
        await fetch(`${sim.url}/_sim/faults`, {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ latencyMs: 200 }),
        });
        const client = new JsmsClient({
            endpoint: sim.url,
            appKey: APP_KEY,
            masterSecret: MASTER_SECRET,
            maxConcurrency: 1,
        });
        await sim.clearRequests();
        // As each create leaves, how many creates JSMS has answered: the second waited for the first's permit.
        const answeredWhenLeaving: number[] = [];
        const create = (n: number) =>
            client.createTemplate(copy(n), {
                beforeSend: async () => void answeredWhenLeaving.push((await posts()).length),
            });
        try {
            await Promise.all([create(16), create(17)]);
        } finally {
            await client.close();
            await fetch(`${sim.url}/_sim/faults`, {
                method: "PUT",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ latencyMs: 0 }),
            });
        }
        expect(answeredWhenLeaving).to.deep.equal([0, 1]);
    });
});
