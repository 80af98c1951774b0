import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { startSimulator, type RunningSimulator } from "../../simulator";
import { call, control, type SimResponse } from "./simulatorHarness";

/**
 * The curl examples of the vendor's own pages (shared/seeds), with only the host swapped for the simulator's:
 * same credentials, paths, headers, bodies and ids (37582), and the answers the pages document.
 */

const TEMPLATE_APP: [string, string] = ["7d431e42dfa6a6d693ac2d04", "5e987ac6d2e04d95a9d8f0d1"];
const BALANCE_APP: [string, string] = ["4c6921c9b20b2fd9bcd8ca3d", "5b3e2979c8a48b84cebeaaf4"];
const DEV_ACCOUNT: [string, string] = ["7e503edcb0cb725e331b0311", "7289516381dcdf1113730f2b"];

/** What the pages presuppose: template 37582 (rejected, so it may be modified), signature 37582 and the balances shown. */
const SEED_STATE = {
    version: 1,
    nextTemplateId: 10001,
    nextSignId: 20001,
    templates: [
        {
            id: 37582,
            app: TEMPLATE_APP[0],
            template: "您好,您的验证码是{{code}},2分钟内有效!",
            type: 1,
            ttl: 120,
            remark: "此模板用于用户注册",
            status: 2,
        },
    ],
    signs: [
        {
            id: 37582,
            app: TEMPLATE_APP[0],
            sign: "极光推送",
            type: null,
            remark: null,
            status: 1,
            isDefault: false,
            inUse: true,
            images: [],
        },
    ],
    balances: {
        app: { [BALANCE_APP[0]]: { balance: 1, voice: 22, industry: 44, market: 14 } },
        dev: { balance: 9, voice: 702, industry: 121981, market: 11683 },
    },
};

const JSON_HEADER = { "Content-Type": "application/json" };

/** The multipart body and header curl 7.88 sends for `-H 'content-type: multipart/form-data;' -F 'sign=…'`. */
function curlForm(sign: string): { body: string; headers: Record<string, string> } {
    const boundary = "------------------------0aa6cffec474132c";
    return {
        body: `--${boundary}\r\nContent-Disposition: form-data; name="sign"\r\n\r\n${sign}\r\n--${boundary}--\r\n`,
        headers: { "content-type": `multipart/form-data;; boundary=${boundary}` },
    };
}

function expectEmptySuccess(response: SimResponse): void {
    expect(response.status).to.equal(200);
    expect(response.text).to.equal("");
    expect(response.headers.get("content-type")).to.equal("application/json");
    expect(response.headers.get("content-length")).to.equal("0");
}

describe("simulator: the vendor's curl examples", () => {
    let directory: string;
    let simulator: RunningSimulator;

    beforeEach(async () => {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-seed-"));
        const statePath = path.join(directory, "state.json");
        fs.writeFileSync(statePath, JSON.stringify(SEED_STATE));
        simulator = await startSimulator({
            apps: [TEMPLATE_APP, BALANCE_APP].map(([appKey, masterSecret]) => ({ appKey, masterSecret })),
            dev: { devKey: DEV_ACCOUNT[0], devSecret: DEV_ACCOUNT[1] },
            statePath,
        });
    });
    afterEach(async () => {
        await simulator.close();
        fs.rmSync(directory, { recursive: true, force: true });
    });

    describe("balances (000, 001)", () => {
        it("GET /v1/accounts/dev with devKey:apiDevSecret answers the four dev fields", async () => {
            const response = await call(simulator, "GET", "/v1/accounts/dev", {
                auth: DEV_ACCOUNT,
                headers: JSON_HEADER,
            });
            expect(response.status).to.equal(200);
            expect(response.json).to.deep.equal({
                dev_balance: 9,
                dev_voice: 702,
                dev_industry: 121981,
                dev_market: 11683,
            });
        });

        it("GET /v1/accounts/app with appKey:masterSecret answers the four app fields", async () => {
            const response = await call(simulator, "GET", "/v1/accounts/app", {
                auth: BALANCE_APP,
                headers: JSON_HEADER,
            });
            expect(response.status).to.equal(200);
            expect(response.json).to.deep.equal({ app_balance: 1, app_voice: 22, app_industry: 44, app_market: 14 });
        });

        it("answers null for kinds not allocated", async () => {
            await control(simulator, "PUT", "/_sim/balances", { app: { [BALANCE_APP[0]]: { voice: null } } });
            const response = await call(simulator, "GET", "/v1/accounts/app", {
                auth: BALANCE_APP,
                headers: JSON_HEADER,
            });
            expect(response.json.app_voice).to.equal(null);
        });

        it("answers the codes of the balance page's table with their HTTP status and message", async () => {
            const rows: Array<[number, number, string, () => Promise<SimResponse>]> = [
                [400, 50001, "missing auth", () => call(simulator, "GET", "/v1/accounts/app", { auth: null })],
                [
                    401,
                    50002,
                    "auth failed",
                    () => call(simulator, "GET", "/v1/accounts/app", { auth: [BALANCE_APP[0], "x"] }),
                ],
                [404, 50016, "api not found", () => call(simulator, "GET", "/v1/accounts/apps", { auth: BALANCE_APP })],
                [
                    405,
                    50018,
                    "request method not support",
                    () => call(simulator, "POST", "/v1/accounts/app", { auth: BALANCE_APP }),
                ],
                [
                    403,
                    50033,
                    "app quota not assigned",
                    async () => {
                        await control(simulator, "PUT", "/_sim/balances", { app: { [BALANCE_APP[0]]: null } });
                        return call(simulator, "GET", "/v1/accounts/app", { auth: BALANCE_APP });
                    },
                ],
                [
                    403,
                    50009,
                    "out of freq",
                    async () => {
                        await control(simulator, "PUT", "/_sim/faults", { rateLimitPerSecond: 1 });
                        await call(simulator, "GET", "/v1/accounts/app", { auth: BALANCE_APP });
                        return call(simulator, "GET", "/v1/accounts/app", { auth: BALANCE_APP });
                    },
                ],
                [
                    500,
                    50019,
                    "server error",
                    async () => {
                        await control(simulator, "PUT", "/_sim/faults", { rateLimitPerSecond: 0, errorRate: 1 });
                        return call(simulator, "GET", "/v1/accounts/app", { auth: BALANCE_APP });
                    },
                ],
            ];
            for (const [status, code, message, request] of rows) {
                const response = await request();
                expect(response.status, String(code)).to.equal(status);
                expect(response.json).to.deep.equal({ error: { code, message } });
            }
        });
    });

    describe("templates (002)", () => {
        it("POST /v1/templates creates the example template", async () => {
            const response = await call(simulator, "POST", "/v1/templates", {
                auth: TEMPLATE_APP,
                headers: JSON_HEADER,
                body: `{
    "template": "您好,您的验证码是{{code}},2分钟内有效!",
    "type": 1,
    "ttl": 120,
    "remark": "此模板用于用户注册"
}`,
            });
            expect(response.status).to.equal(200);
            expect(Object.keys(response.json)).to.deep.equal(["temp_id"]);
            expect(response.json.temp_id).to.be.a("number");
        });

        it("PUT /v1/templates/37582 modifies the rejected template, and GET then shows the documented template", async () => {
            const modified = await call(simulator, "PUT", "/v1/templates/37582", {
                auth: TEMPLATE_APP,
                headers: JSON_HEADER,
                body: `{
    "temp_id": 37582,
    "template": "您好,您的验证码是{{code}},5分钟内有效!",
    "type": 1,
    "ttl": 300,
    "remark": "此模板用于用户注册"
}`,
            });
            expect(modified.status).to.equal(200);
            expect(modified.json).to.deep.equal({ temp_id: 37582 });
            await control(simulator, "POST", "/_sim/templates/37582/review", { status: "approved" });
            const got = await call(simulator, "GET", "/v1/templates/37582", {
                auth: TEMPLATE_APP,
                headers: JSON_HEADER,
            });
            expect(got.status).to.equal(200);
            expect(got.json).to.deep.equal({
                temp_id: 37582,
                template: "您好,您的验证码是{{code}},5分钟内有效!",
                type: 1,
                ttl: 300,
                remark: "此模板用于用户注册",
                status: 1,
            });
        });

        it("DELETE /v1/templates/37582 answers 200 with Content-Type application/json and Content-Length 0", async () => {
            expectEmptySuccess(
                await call(simulator, "DELETE", "/v1/templates/37582", { auth: TEMPLATE_APP, headers: JSON_HEADER }),
            );
        });
    });

    describe("signatures (003)", () => {
        it("POST /v1/sign (multipart, sign=申请的签名) creates a signature", async () => {
            const response = await call(simulator, "POST", "/v1/sign", {
                auth: TEMPLATE_APP,
                ...curlForm("申请的签名"),
            });
            expect(response.status).to.equal(200);
            expect(Object.keys(response.json)).to.deep.equal(["sign_id"]);
        });

        it("POST /v1/sign/37582 (sign=修改的签名) modifies the signature once it was rejected", async () => {
            await control(simulator, "POST", "/_sim/signs/37582/review", { status: "rejected" });
            const response = await call(simulator, "POST", "/v1/sign/37582", {
                auth: TEMPLATE_APP,
                ...curlForm("修改的签名"),
            });
            expect(response.status).to.equal(200);
            expect(response.json).to.deep.equal({ sign_id: 37582 });
        });

        it("GET /v1/sign/37582 answers the documented fields (and is_default, from the Chinese page)", async () => {
            const response = await call(simulator, "GET", "/v1/sign/37582", {
                auth: TEMPLATE_APP,
                headers: JSON_HEADER,
            });
            expect(response.status).to.equal(200);
            expect(response.json).to.deep.equal({
                sign_id: 37582,
                sign: "极光推送",
                status: 1,
                use_status: 1,
                is_default: 0,
            });
        });

        it("DELETE /v1/sign/37582 answers 200 with an empty body once the signature is no longer in use", async () => {
            const inUse = await call(simulator, "DELETE", "/v1/sign/37582", {
                auth: TEMPLATE_APP,
                headers: JSON_HEADER,
            });
            expect(inUse.status).to.equal(403);
            expect(inUse.json.error.code).to.equal(50105);
            await control(simulator, "POST", "/_sim/signs/37582/usage", { inUse: false });
            expectEmptySuccess(
                await call(simulator, "DELETE", "/v1/sign/37582", { auth: TEMPLATE_APP, headers: JSON_HEADER }),
            );
        });

        it("answers the codes of the signature page's table with their HTTP status and message", async () => {
            const auth = TEMPLATE_APP;
            const rows: Array<[number, number, string, () => Promise<SimResponse>]> = [
                [
                    400,
                    50003,
                    "missing body",
                    () =>
                        call(simulator, "POST", "/v1/sign", {
                            auth,
                            body: "",
                            headers: { "content-type": "multipart/form-data; boundary=x" },
                        }),
                ],
                [
                    403,
                    50007,
                    "invalid body",
                    () =>
                        call(simulator, "POST", "/v1/sign", {
                            auth,
                            body: "junk",
                            headers: { "content-type": "multipart/form-data" },
                        }),
                ],
                [403, 50013, "invalid temp_id", () => call(simulator, "GET", "/v1/templates/1", { auth })],
                [
                    415,
                    50017,
                    "media not supported",
                    () => call(simulator, "POST", "/v1/sign", { auth, json: { sign: "极光推送" } }),
                ],
                [
                    403,
                    50025,
                    "wrong template type",
                    () => call(simulator, "POST", "/v1/templates", { auth, json: { template: "x", type: 5 } }),
                ],
                [
                    403,
                    50101,
                    "invalid image",
                    () => {
                        const data = new FormData();
                        data.append("sign", "极光推送");
                        data.append("image0", new Blob(["GIF89a"]), "a.gif");
                        return call(simulator, "POST", "/v1/sign", { auth, body: data });
                    },
                ],
                [403, 50102, "invalid sign id", () => call(simulator, "GET", "/v1/sign/99", { auth })],
                [
                    403,
                    50104,
                    "invalid signature",
                    () => call(simulator, "POST", "/v1/sign", { auth, ...curlForm("【极光】") }),
                ],
                [
                    403,
                    50103,
                    "other signatures in the audit",
                    async () => {
                        await call(simulator, "POST", "/v1/sign", { auth, ...curlForm("极光短信") });
                        return call(simulator, "POST", "/v1/sign", { auth, ...curlForm("极光通知") });
                    },
                ],
            ];
            for (const [status, code, message, request] of rows) {
                const response = await request();
                expect(response.status, String(code)).to.equal(status);
                expect(response.json).to.deep.equal({ error: { code, message } });
            }
        });
    });
});
