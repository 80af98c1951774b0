import { expect } from "chai";
import { spawn } from "node:child_process";
import * as net from "node:net";
import type { CreateIntent } from "../../provider/journal/createJournal";
import { HookJournal } from "../../provider/journal/hookJournal";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { APP, call, control, createSign, createTemplate } from "../simulator/simulatorHarness";
import {
    CLI_PATH,
    HOOK_APP,
    TOKEN,
    expectCleanLogs,
    postCallback,
    signedForm,
    spawnHook,
    startTestHook,
    templateResult,
    temporaryFolder,
    type HookUnderTest,
} from "./hookHarness";
import { intent, OTP, STACK } from "./journalHarness";
import { startTestPostgres, type TestPostgres } from "./postgresServer";

/** The OTP template as the simulator's create takes it: the same content as {@link OTP}. */
const OTP_FIELDS = { template: OTP.kind === "template" ? OTP.template : "", type: 1, ttl: 300 };
const NOTICE = { kind: "template" as const, template: "您的订单{{no}}已发货。", type: 2 };

/** Runs `jsms-review-hook orphans` with these arguments against a hook. */
function orphansCommand(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [CLI_PATH, "orphans", ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
        child.once("close", (status) => resolve({ status, stdout, stderr })),
    );
}

/** Reads the open intents until `accept` takes them, at most 20 s. */
async function openUntil(journal: HookJournal, accept: (open: CreateIntent[]) => boolean): Promise<CreateIntent[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
        const open = await journal.open(STACK);
        if (accept(open)) {
            return open;
        }
        if (Date.now() > deadline) {
            throw new Error(`the hook never paired as expected: ${JSON.stringify(open)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

for (const store of ["sqlite", "postgres"] as const) {
    describe(`orphan pairing: the simulator's review callbacks, the hook on ${store}, the orphans command`, function () {
        this.timeout(120_000);
        let postgres: TestPostgres | undefined;
        let simulator: RunningSimulator | undefined;
        let hook: HookUnderTest | undefined;

        before(async () => {
            if (store === "postgres") {
                postgres = await startTestPostgres();
            }
        });
        after(async () => {
            await postgres?.stop();
        });
        afterEach(async () => {
            await simulator?.close();
            await hook?.hook.close();
            if (hook) {
                expectCleanLogs(hook.logs);
                for (const line of hook.logs) {
                    expect(line).not.to.include(APP.masterSecret);
                }
            }
        });

        it("pairs an object created at JSMS with the open create of the same content, lists it, and lets it go once deleted", async () => {
            simulator = await startSimulator({ apps: [APP] });
            hook = await startTestHook({
                apps: [APP],
                jsmsEndpoint: simulator.url,
                ...(postgres ? { databaseUrl: await postgres.createDatabase() } : {}),
            });
            const url = hook.hook.url;
            expect(
                (await control(simulator, "PUT", "/_sim/callbacks", { [APP.appKey]: `${url}/callbacks/${APP.appKey}` }))
                    .status,
            ).to.equal(200);
            const env = { JSMS_REVIEW_HOOK_URL: url, JSMS_REVIEW_HOOK_TOKEN: TOKEN };
            const journal = new HookJournal({ url, token: TOKEN });
            await createSign(simulator);

            const first = intent({ appKey: APP.appKey, createdAt: Date.now() - 2_000 });
            const second = intent({ appKey: APP.appKey, createdAt: Date.now() - 1_000 });
            const notice = intent({ appKey: APP.appKey }, NOTICE);
            for (const each of [first, second, notice]) {
                await journal.begin(each);
            }
            expect((await orphansCommand([], env)).status, "no orphans yet").to.equal(0);

            // Reviewed first, and of content no intent has: read, and left alone.
            const stranger = await createTemplate(simulator, {
                template: "您的验证码{{code}}，请勿泄露。",
                type: 1,
                ttl: 60,
            });
            await control(simulator, "POST", `/_sim/templates/${stranger}/review`, { status: "approved" });
            const orphan = await createTemplate(simulator, OTP_FIELDS);
            await control(simulator, "POST", `/_sim/templates/${orphan}/review`, {
                status: "rejected",
                reason: "重复",
            });
            let open = await openUntil(journal, (intents) => intents.some((each) => each.objectId !== undefined));
            expect(open.map((each) => [each.intentId, each.objectId])).to.deep.equal([
                [first.intentId, orphan],
                [second.intentId, undefined],
                [notice.intentId, undefined],
            ]);
            const orphans = await journal.orphans();
            expect(orphans).to.have.length(1);
            expect(orphans[0]).to.include({ intentId: first.intentId, objectId: orphan, state: "open" });

            const listed = await orphansCommand([], env);
            expect(listed.status, listed.stderr).to.equal(1);
            expect(listed.stdout)
                .to.include(`template ${orphan} of app ${APP.appKey}: created for ${first.key} in stack ${STACK}`)
                .and.to.include(`in the JSMS console, app ${APP.appKey}, SMS templates, delete template ${orphan}`)
                .and.to.include(`adoptId: "${orphan}"`)
                .and.to.include("1 orphan\n");
            const asJson = await orphansCommand(["--json", "--stack", STACK], env);
            expect(asJson.status).to.equal(1);
            const parsed = JSON.parse(asJson.stdout);
            expect(parsed.orphans.map((each: any) => each.objectId)).to.deep.equal([orphan]);
            expect(parsed.orphans[0].remove).to.include(`delete template ${orphan}`);
            const elsewhere = await orphansCommand(["--stack", "acme/sms/dev"], env);
            expect([elsewhere.status, elsewhere.stdout]).to.deep.equal([0, "no orphans in stack acme/sms/dev\n"]);

            // The first create's answer arrives after all: the object it was paired with goes to the next of that content.
            await journal.answer(STACK, first.intentId, 77_777);
            open = await journal.open(STACK);
            expect(open.map((each) => [each.intentId, each.objectId])).to.deep.equal([
                [second.intentId, orphan],
                [notice.intentId, undefined],
            ]);
            // Another create answered with that id made it: the pairing was wrong and is undone.
            const maker = intent({ appKey: APP.appKey });
            await journal.begin(maker);
            await journal.answer(STACK, maker.intentId, orphan);
            expect(await journal.orphans(STACK)).to.deep.equal([]);

            // An orphan the provider closes (its object gone) stays closed: its object is not handed to another create.
            const third = intent({ appKey: APP.appKey });
            await journal.begin(third);
            const closed = await createTemplate(simulator, OTP_FIELDS);
            await control(simulator, "POST", `/_sim/templates/${closed}/review`, { status: "approved" });
            await openUntil(journal, (intents) => intents.some((each) => each.objectId === closed));
            await journal.fail(STACK, second.intentId, `its orphan ${closed} is gone`);
            expect(await journal.orphans()).to.deep.equal([]);
            expect((await journal.open(STACK)).map((each) => [each.intentId, each.objectId])).to.deep.equal([
                [notice.intentId, undefined],
                [third.intentId, undefined],
            ]);

            // Another orphan pairs with the open create, and once deleted in the console it is listed no more.
            const again = await createTemplate(simulator, OTP_FIELDS);
            await control(simulator, "POST", `/_sim/templates/${again}/review`, { status: "approved" });
            await openUntil(journal, (intents) => intents.some((each) => each.objectId === again));
            expect((await journal.orphans()).map((each) => each.intentId)).to.deep.equal([third.intentId]);
            expect((await orphansCommand([], env)).status).to.equal(1);
            expect((await call(simulator, "DELETE", `/v1/templates/${again}`)).status).to.equal(200);
            const cleared = await orphansCommand([], env);
            expect([cleared.status, cleared.stdout]).to.deep.equal([0, "no orphans\n"]);
            expect((await journal.open(STACK)).map((each) => each.intentId)).to.deep.equal([notice.intentId]);
        });
    });
}

describe("orphan pairing: never holds up a callback, and reads JSMS only where it may", function () {
    this.timeout(60_000);

    it("answers a callback before its read at JSMS, which hangs, and still shuts down (the read is cut by its timeout)", async () => {
        // A JSMS that accepts connections and never answers.
        const sockets: net.Socket[] = [];
        const silent = net.createServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const port = (silent.address() as net.AddressInfo).port;
        const hook = await startTestHook({ jsmsEndpoint: `http://127.0.0.1:${port}` });
        try {
            const journal = new HookJournal({ url: hook.hook.url, token: TOKEN });
            await journal.begin(intent());
            const answer = await postCallback(hook.hook, signedForm(HOOK_APP, templateResult(424_242, 1)));
            expect([answer.status, answer.json]).to.deep.equal([200, { result: "stored" }]);
            const deadline = Date.now() + 20_000;
            while (sockets.length === 0) {
                if (Date.now() > deadline) throw new Error("the hook never tried to read the object at JSMS");
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            expect(await journal.orphans(), "nothing was paired").to.deep.equal([]);
            // Answered callbacks of objects a journal holds are never read.
            const held = intent();
            await journal.begin(held);
            await journal.answer(STACK, held.intentId, 515_151);
        } finally {
            await hook.hook.close();
            for (const socket of sockets) socket.destroy();
            await new Promise((resolve) => silent.close(resolve));
        }
        expectCleanLogs(hook.logs);
        expect(
            hook.logs.some((line) => line.includes("orphan pairing failed")),
            "a shutdown is not a failure",
        ).to.equal(false);
    });

    it("refuses a JSMS endpoint in clear text to another machine, or with credentials", async () => {
        for (const jsmsEndpoint of ["http://10.1.2.3", "https://user:pw@api.sms.jpush.cn", "ftp://127.0.0.1"]) {
            let error: unknown;
            try {
                await (await startTestHook({ jsmsEndpoint })).hook.close();
            } catch (caught) {
                error = caught;
            }
            expect((error as Error | undefined)?.message, jsmsEndpoint).to.match(
                /jsmsEndpoint: must be an https:\/\/ URL/,
            );
        }
        const folder = temporaryFolder("journal-endpoint-");
        const run = spawnHook(["--port", "0", "--db", `${folder}/r.sqlite`, "--jsms-endpoint", "http://example.com"]);
        expect(await run.exited).to.equal(2);
        expect(run.lines.join("\n")).to.include("jsmsEndpoint: must be an https:// URL");
    });
});

describe("orphan pairing: the orphans command's usage", function () {
    this.timeout(30_000);

    it("--help exits 0, a usage error 2, a hook that cannot be asked 3", async () => {
        const help = await orphansCommand(["--help"], {});
        expect(help.status).to.equal(0);
        expect(help.stdout).to.match(/^usage: jsms-review-hook orphans/);
        const bogus = await orphansCommand(["--bogus"], {});
        expect(bogus.status).to.equal(2);
        expect(bogus.stderr).to.include("usage: jsms-review-hook orphans");
        const noUrl = await orphansCommand([], { JSMS_REVIEW_HOOK_TOKEN: TOKEN });
        expect([noUrl.status, noUrl.stderr.split("\n")[0]]).to.deep.equal([
            2,
            "no hook: give --url or set JSMS_REVIEW_HOOK_URL",
        ]);
        const clear = await orphansCommand(["--url", "http://hooks.example.com"], { JSMS_REVIEW_HOOK_TOKEN: TOKEN });
        expect([clear.status, clear.stderr]).to.deep.equal([
            2,
            "the hook's URL http://hooks.example.com would send the token in clear text: use https://, or set JSMS_ALLOW_INSECURE_HTTP=true if the network is trusted\n",
        ]);
        const ftp = await orphansCommand(["--url", "ftp://hooks.example.com"], { JSMS_REVIEW_HOOK_TOKEN: TOKEN });
        expect(ftp.status).to.equal(2);
        const noToken = await orphansCommand(["--url", "http://127.0.0.1:1"], {});
        expect(noToken.status).to.equal(2);
        const down = await orphansCommand(["--url", "http://127.0.0.1:1"], { JSMS_REVIEW_HOOK_TOKEN: TOKEN });
        expect(down.status).to.equal(3);
        expect(down.stderr).to.include("cannot list the orphans").and.not.to.include(TOKEN);
    });
});
