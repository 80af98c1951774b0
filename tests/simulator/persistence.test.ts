import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { APP, call, control, createSign, createTemplate, DEV, form, OTHER_APP, png } from "./simulatorHarness";

describe("simulator: state file", () => {
    let directory: string;
    let statePath: string;
    let running: RunningSimulator | undefined;

    beforeEach(() => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-sim-"));
        statePath = path.join(directory, "nested", "state.json");
    });
    afterEach(async () => {
        await running?.close();
        running = undefined;
        fs.rmSync(directory, { recursive: true, force: true });
    });

    async function start(): Promise<RunningSimulator> {
        await running?.close();
        running = await startSimulator({ apps: [APP, OTHER_APP], dev: DEV, statePath });
        return running;
    }

    it("writes the state after every change, atomically, and creates the directory", async () => {
        const simulator = await start();
        expect(fs.existsSync(statePath)).to.equal(false);
        await createSign(simulator);
        const afterSign = JSON.parse(fs.readFileSync(statePath, "utf8"));
        expect(afterSign.signs).to.have.length(1);
        await createTemplate(simulator);
        expect(JSON.parse(fs.readFileSync(statePath, "utf8")).templates).to.have.length(1);
        expect(fs.readdirSync(path.dirname(statePath))).to.deep.equal(["state.json"]);
    });

    it("keeps objects, review states, usage, balances and id counters across a restart", async () => {
        let simulator = await start();
        const sign = await createSign(simulator);
        await control(simulator, "POST", `/_sim/signs/${sign}/usage`, { inUse: true });
        const template = await createTemplate(simulator, undefined, "rejected");
        const deleted = await createTemplate(simulator);
        await call(simulator, "DELETE", `/v1/templates/${deleted}`);
        await control(simulator, "PUT", "/_sim/balances", { app: { [OTHER_APP.appKey]: null }, dev: { balance: 42 } });
        const before = (await control(simulator, "GET", "/_sim/state")).json;

        simulator = await start();
        expect((await control(simulator, "GET", "/_sim/state")).json).to.deep.equal(before);
        expect((await call(simulator, "GET", `/v1/templates/${template}`)).json.status).to.equal(2);
        expect((await call(simulator, "GET", `/v1/sign/${sign}`)).json.use_status).to.equal(1);
        expect(
            (await call(simulator, "GET", "/v1/accounts/dev", { auth: [DEV.devKey, DEV.devSecret] })).json.dev_balance,
        ).to.equal(42);
        const next = await createTemplate(simulator);
        expect(next).to.equal(deleted + 1);
    });

    it("stores digests, sizes and names of uploaded files, never their bytes", async () => {
        const simulator = await start();
        const marker = Buffer.from("UNIQUE-IMAGE-BYTES-0123456789");
        const content = Buffer.concat([png(16), marker]);
        await call(simulator, "POST", "/v1/sign", {
            body: form({ sign: "极光推送" }, [{ field: "image0", name: "x.png", content }]),
        });
        const text = fs.readFileSync(statePath, "utf8");
        expect(text).not.to.contain(marker.toString());
        expect(text).not.to.contain(content.toString("base64").slice(0, 20));
        expect(JSON.parse(text).signs[0].images[0]).to.have.all.keys("field", "name", "size", "sha256");
    });

    it("gives apps missing from the file their default balance", async () => {
        const simulator = await start();
        await createSign(simulator);
        await simulator.close();
        running = await startSimulator({ apps: [APP, { appKey: "newapp", masterSecret: "s" }], statePath });
        expect((await call(running, "GET", "/v1/accounts/app", { auth: ["newapp", "s"] })).status).to.equal(200);
    });

    it("refuses to start on a state file that is not valid, naming it", async () => {
        fs.mkdirSync(path.dirname(statePath), { recursive: true });
        for (const content of ["{not json", JSON.stringify({ version: 2 })]) {
            fs.writeFileSync(statePath, content);
            let error: Error | undefined;
            try {
                await start();
            } catch (caught) {
                error = caught as Error;
            }
            expect(error?.message).to.contain("cannot load the simulator state").and.contain(statePath);
        }
    });
});
