import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { ReviewHookClient, type ReviewReading } from "../../provider/reviewHookClient";
import { startReviewHook } from "../../reviewhook";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { APP, call, control, createSign, createTemplate } from "../simulator/simulatorHarness";
import { TOKEN, expectCleanLogs, temporaryFolder } from "./hookHarness";

/** Reads until `accept` takes a reading, at most 20 s, polling every 50 ms. */
async function readUntil(
    client: ReviewHookClient,
    kind: "template" | "sign",
    id: number,
    accept: (reading: ReviewReading) => boolean,
) {
    const deadline = Date.now() + 20_000;
    for (;;) {
        const reading = await client.readReview(kind, APP.appKey, id);
        if (accept(reading)) {
            return reading;
        }
        if (Date.now() > deadline) {
            throw new Error(`the hook never served the expected result for ${kind} ${id}: ${JSON.stringify(reading)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

const rejected = (reading: ReviewReading) =>
    reading !== undefined && "status" in reading && reading.status === "rejected";

describe("simulator → review hook → provider reader, end to end", function () {
    this.timeout(30_000);
    let folder: string;
    beforeEach(() => {
        folder = temporaryFolder("review-hook-e2e-");
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it("a template rejected with a reason in the simulator is received, stored and served with that reason", async () => {
        const logs: string[] = [];
        const hook = await startReviewHook({
            apps: [APP],
            token: TOKEN,
            databasePath: path.join(folder, "r.sqlite"),
            log: (line) => logs.push(line),
        });
        let simulator: RunningSimulator | undefined;
        try {
            simulator = await startSimulator({
                apps: [APP],
                callbacks: { [APP.appKey]: `${hook.url}/callbacks/${APP.appKey}` },
            });
            await createSign(simulator);
            const template = await createTemplate(simulator);
            await control(simulator, "POST", `/_sim/templates/${template}/review`, {
                status: "rejected",
                reason: "模板中变量{{code}}的说明不清楚",
            });
            const client = new ReviewHookClient({ url: hook.url, token: TOKEN });
            const reading = await readUntil(client, "template", template, rejected);
            expect(reading).to.deep.include({ status: "rejected", rejectReason: "模板中变量{{code}}的说明不清楚" });
            // The live API still says only "rejected": the reason exists only in the callback.
            expect((await call(simulator, "GET", `/v1/templates/${template}`)).json).to.not.have.property(
                "refuseReason",
            );
        } finally {
            await simulator?.close();
            await hook.close();
        }
        const verified = logs.map((line) => JSON.parse(line)).filter((line) => line.outcome === "verified");
        expect(verified, "the simulator verified the URL with echostr").to.have.length(1);
        expectCleanLogs(logs);
    });

    it("a rejection sent while the hook is down arrives with a retry once it is back", async () => {
        const databasePath = path.join(folder, "r.sqlite");
        let hook = await startReviewHook({ apps: [APP], token: TOKEN, databasePath, log: () => undefined });
        const port = hook.port;
        let simulator: RunningSimulator | undefined;
        try {
            simulator = await startSimulator({
                apps: [APP],
                callbacks: { [APP.appKey]: `${hook.url}/callbacks/${APP.appKey}` },
                // Retries spread over 15 s: a hook that takes long to come back on a busy machine still gets one.
                callbackRetryDelaysMs: [500, 1000, 2000, 4000, 8000],
            });
            const sign = await createSign(simulator, "极光推送", "pending");
            await hook.close();
            await control(simulator, "POST", `/_sim/signs/${sign}/review`, {
                status: "rejected",
                reason: "签名与企业名称不符",
            });
            // The hook comes back only once the first attempt has failed, whatever the time that took.
            const deadline = Date.now() + 10_000;
            while ((await control(simulator, "GET", "/_sim/callbacks")).json.deliveries.length === 0) {
                if (Date.now() > deadline) throw new Error("the simulator never tried to deliver the rejection");
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            hook = await startReviewHook({ apps: [APP], token: TOKEN, databasePath, port, log: () => undefined });
            const reading = await readUntil(
                new ReviewHookClient({ url: hook.url, token: TOKEN }),
                "sign",
                sign,
                rejected,
            );
            expect(reading).to.deep.include({ rejectReason: "签名与企业名称不符" });
            const deliveries = (await control(simulator, "GET", "/_sim/callbacks")).json.deliveries;
            expect(deliveries[0]).to.include({ type: "SMS_SIGN", attempt: 1, outcome: "failed" });
            expect(deliveries.at(-1)).to.include({ outcome: "delivered" });
        } finally {
            await simulator?.close();
            await hook.close();
        }
    });

    it("works the same between the two commands a user runs", async () => {
        const children: ChildProcess[] = [];
        const start = (
            cli: string,
            args: string[],
            env: Record<string, string>,
            ready: (line: string) => string | undefined,
        ) => {
            const child = spawn(process.execPath, [path.resolve(__dirname, cli), ...args], {
                env: { PATH: process.env.PATH ?? "", ...env },
                stdio: ["ignore", "pipe", "inherit"],
            });
            children.push(child);
            return new Promise<string>((resolve, reject) => {
                readline.createInterface({ input: child.stdout! }).on("line", (line) => {
                    const url = ready(line);
                    if (url) {
                        resolve(url);
                    }
                });
                child.once("exit", (code) => reject(new Error(`${cli} exited with ${code}`)));
            });
        };
        try {
            const hookUrl = await start(
                "../../reviewhook/cli.js",
                ["--port", "0", "--db", path.join(folder, "r.sqlite")],
                { JSMS_REVIEW_HOOK_TOKEN: TOKEN, JSMS_APP_KEY: APP.appKey, JSMS_MASTER_SECRET: APP.masterSecret },
                (line) => (JSON.parse(line).msg === "listening" ? JSON.parse(line).url : undefined),
            );
            const simulatorUrl = await start(
                "../../simulator/cli.js",
                [
                    "--port",
                    "0",
                    "--app",
                    `${APP.appKey}:${APP.masterSecret}`,
                    "--review",
                    "reject",
                    "--callback",
                    `${APP.appKey}=${hookUrl}/callbacks`,
                    "--callback-retry-delays",
                    "100,100",
                ],
                {},
                (line) => /listening on (\S+)$/.exec(line)?.[1],
            );
            const simulator = { url: simulatorUrl, port: 0, close: async () => undefined };
            const sign = await createSign(simulator, "极光推送", "pending");
            const reading = await readUntil(
                new ReviewHookClient({ url: hookUrl, token: TOKEN }),
                "sign",
                sign,
                rejected,
            );
            // The simulator's --review reject sends its fixed reason, written out here so an empty or lost one fails.
            expect(reading).to.deep.include({ status: "rejected", rejectReason: "模拟审核未通过（自动）" });
        } finally {
            for (const child of children) {
                child.kill("SIGTERM");
            }
            await Promise.all(
                children.map((child) =>
                    child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined,
                ),
            );
        }
    });
});
