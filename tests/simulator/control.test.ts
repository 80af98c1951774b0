import { expect } from "chai";
import { startSimulator } from "../../simulator";
import { APP, call, control, createSign, createTemplate, form, useSimulator } from "./simulatorHarness";

describe("simulator: control API (/_sim)", () => {
    const simulator = useSimulator();

    it("shows state: templates, signatures with usage and file digests, balances", async () => {
        const sign = await createSign(simulator());
        const template = await createTemplate(simulator(), { template: "通知{{x}}", type: 2, remark: "说明" });
        const state = (await control(simulator(), "GET", "/_sim/state")).json;
        expect(state.templates).to.deep.equal([
            { id: template, app: APP.appKey, template: "通知{{x}}", type: 2, ttl: null, remark: "说明", status: 0 },
        ]);
        expect(state.signs).to.deep.equal([
            {
                id: sign,
                app: APP.appKey,
                sign: "极光推送",
                type: null,
                remark: null,
                status: 1,
                isDefault: false,
                inUse: false,
                images: [],
                qualification: null,
            },
        ]);
        expect(state.balances.app).to.have.property(APP.appKey);
        expect(state.balances).to.have.property("dev");
    });

    it("logs /v1 requests with method, path, status, JSMS code and app, and clears the log", async () => {
        await call(simulator(), "GET", "/v1/accounts/app");
        await call(simulator(), "GET", "/v1/templates/123?x=1");
        await call(simulator(), "GET", "/nowhere", { auth: null });
        await control(simulator(), "GET", "/_sim/state");
        const log = await control(simulator(), "GET", "/_sim/requests");
        expect(log.json).to.deep.equal([
            { method: "GET", path: "/v1/accounts/app", status: 200, code: 50000, app: APP.appKey },
            { method: "GET", path: "/v1/templates/123", status: 403, code: 50013, app: APP.appKey },
            { method: "GET", path: "/nowhere", status: 404, code: 50016, app: null },
        ]);
        expect((await control(simulator(), "DELETE", "/_sim/requests")).json).to.deep.equal({ cleared: 3 });
        expect((await control(simulator(), "GET", "/_sim/requests")).json).to.deep.equal([]);
    });

    it("edits a template's fields like the vendor console, without review or validation", async () => {
        await createSign(simulator());
        const id = await createTemplate(simulator(), undefined, "approved");
        const edited = await control(simulator(), "PUT", `/_sim/templates/${id}`, {
            template: "【改】{{code}}",
            ttl: 900,
            remark: null,
        });
        expect(edited.status).to.equal(200);
        expect((await call(simulator(), "GET", `/v1/templates/${id}`)).json).to.deep.equal({
            temp_id: id,
            template: "【改】{{code}}",
            type: 1,
            ttl: 900,
            status: 1,
        });
        await control(simulator(), "PUT", `/_sim/templates/${id}`, { status: "rejected" });
        expect((await call(simulator(), "GET", `/v1/templates/${id}`)).json.status).to.equal(2);
    });

    it("edits a signature's text and status like the vendor console", async () => {
        const id = await createSign(simulator());
        const edited = await control(simulator(), "PUT", `/_sim/signs/${id}`, {
            sign: "改过的签名",
            status: "rejected",
        });
        expect(edited.status).to.equal(200);
        const live = (await call(simulator(), "GET", `/v1/sign/${id}`)).json;
        expect(live).to.deep.include({ sign_id: id, sign: "改过的签名", status: 2 });
        expect((await control(simulator(), "PUT", `/_sim/signs/${id}`, { color: "red" })).status).to.equal(400);
    });

    it("deletes objects as the console would, bypassing the delete guard", async () => {
        await createSign(simulator());
        const template = await createTemplate(simulator());
        const sign = (await control(simulator(), "GET", "/_sim/state")).json.signs[0].id;
        await control(simulator(), "POST", `/_sim/signs/${sign}/usage`, { inUse: true, isDefault: true });
        expect((await control(simulator(), "DELETE", `/_sim/signs/${sign}`)).json).to.deep.equal({ deleted: sign });
        expect((await control(simulator(), "DELETE", `/_sim/templates/${template}`)).json).to.deep.equal({
            deleted: template,
        });
        expect((await call(simulator(), "GET", `/v1/sign/${sign}`)).json.error.code).to.equal(50102);
        expect((await call(simulator(), "GET", `/v1/templates/${template}`)).json.error.code).to.equal(50013);
    });

    it("keeps one default signature per app", async () => {
        const first = await createSign(simulator(), "极光推送");
        const second = await createSign(simulator(), "极光短信");
        await control(simulator(), "POST", `/_sim/signs/${first}/usage`, { isDefault: true });
        const usage = await control(simulator(), "POST", `/_sim/signs/${second}/usage`, { isDefault: true });
        expect(usage.json).to.include({ isDefault: true, inUse: false });
        expect((await call(simulator(), "GET", `/v1/sign/${first}`)).json.is_default).to.equal(0);
        expect((await call(simulator(), "GET", `/v1/sign/${second}`)).json.is_default).to.equal(1);
    });

    it("resets objects, log, balances and faults, keeps apps, and never reuses an id", async () => {
        await createSign(simulator());
        await createTemplate(simulator());
        await control(simulator(), "PUT", "/_sim/balances", { app: { [APP.appKey]: null } });
        await control(simulator(), "PUT", "/_sim/faults", { errorRate: 1 });
        const reset = await control(simulator(), "POST", "/_sim/reset");
        expect(reset.status).to.equal(200);
        const state = (await control(simulator(), "GET", "/_sim/state")).json;
        expect(state.templates).to.deep.equal([]);
        expect(state.signs).to.deep.equal([]);
        expect((await control(simulator(), "GET", "/_sim/requests")).json).to.deep.equal([]);
        expect((await call(simulator(), "GET", "/v1/accounts/app")).status).to.equal(200);
        expect((await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) })).json).to.deep.equal({
            sign_id: 20002,
        });
    });

    it("answers 404 for unknown ids and paths, 405 for wrong methods, 400 for bad bodies", async () => {
        const id = await createSign(simulator());
        const cases: Array<[string, string, unknown, number]> = [
            ["POST", "/_sim/templates/99/review", { status: "approved" }, 404],
            ["POST", "/_sim/signs/99/usage", { inUse: true }, 404],
            ["DELETE", "/_sim/signs/99", undefined, 404],
            ["GET", "/_sim/nothing", undefined, 404],
            ["POST", "/_sim/state", undefined, 405],
            ["POST", `/_sim/signs/${id}/review`, { status: "ok" }, 400],
            ["POST", `/_sim/signs/${id}/usage`, { in_use: true }, 400],
            ["PUT", "/_sim/faults", { errorRate: 2 }, 400],
        ];
        for (const [method, path, body, status] of cases) {
            const response = await control(simulator(), method, path, body);
            expect(response.status, `${method} ${path}`).to.equal(status);
            expect(response.json.error.message).to.be.a("string");
        }
        const broken = await call(simulator(), "PUT", "/_sim/faults", {
            auth: null,
            body: "{",
            headers: { "Content-Type": "application/json" },
        });
        expect(broken.status).to.equal(400);
    });

    it("needs no credentials and is never logged", async () => {
        expect((await control(simulator(), "GET", "/_sim/state")).status).to.equal(200);
        expect((await control(simulator(), "GET", "/_sim/requests")).json).to.deep.equal([]);
    });
});

describe("startSimulator options", () => {
    it("refuses bad options with a TypeError that names them", async () => {
        const bad = [
            { apps: [{ appKey: "a:b", masterSecret: "s" }] },
            { apps: [{ appKey: "a", masterSecret: "" }] },
            {
                apps: [
                    { appKey: "a", masterSecret: "s" },
                    { appKey: "a", masterSecret: "t" },
                ],
            },
            { apps: [{ appKey: "a", masterSecret: "s" }], errorRate: 1.5 },
            { apps: [{ appKey: "a", masterSecret: "s" }], port: 70000 },
        ];
        for (const options of bad) {
            let error: unknown;
            try {
                const simulator = await startSimulator(options);
                await simulator.close();
            } catch (caught) {
                error = caught;
            }
            expect(error, JSON.stringify(options)).to.be.instanceOf(TypeError);
            expect((error as Error).message).to.contain("invalid simulator options");
        }
    });

    it("listens on 127.0.0.1 on the port asked for, and closes idempotently", async () => {
        const first = await startSimulator({ apps: [{ appKey: "a", masterSecret: "s" }] });
        const port = first.port;
        await first.close();
        await first.close();
        const second = await startSimulator({ port, apps: [{ appKey: "a", masterSecret: "s" }] });
        try {
            expect(second.url).to.equal(`http://127.0.0.1:${port}`);
            expect((await fetch(`${second.url}/_sim/state`)).status).to.equal(200);
        } finally {
            await second.close();
        }
    });
});
