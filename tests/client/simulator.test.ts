/**
 * Every client call against the JSMS simulator over real HTTP: the happy paths, every vendor error the simulator
 * produces for these calls, and retries counted from the simulator's request log.
 */
import { expect } from "chai";
import { startSimulator } from "../../simulator";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { JsmsError } from "../../provider/client/jsmsError";
import { Transport, jsonBody } from "../../provider/client/transport";
import { SignatureFields, TemplateFields } from "../../provider/client/types";
import { APP_KEY, DEV_KEY, DEV_SECRET, MASTER_SECRET, expectJsmsError, fastClient } from "./clientFixtures";
import { jpegUpload, pngUpload } from "./imageFixtures";

const OTHER_APP = { appKey: "otherappkey0000000000001", masterSecret: "othermastersecret000001" };

/** A complete 2025 (generation D) company signature. */
function companySignature(sign = "极光推送"): SignatureFields {
    return {
        sign,
        type: 1,
        remark: "公司简称",
        images: [pngUpload("licence.png")],
        qualification: {
            legalPersonName: "张三",
            legalPersonIdNumber: "11010519491231002X",
            socialCreditCode: "91350100M000100Y43",
            idCardImage: jpegUpload("idcard.jpg"),
            businessLicenseImage: pngUpload("business_license.png"),
        },
    };
}

const OTP: TemplateFields = {
    template: "您好，您的验证码是{{code}}，5分钟内有效！",
    type: 1,
    ttl: 300,
    remark: "用户注册",
};

/** One entry of `GET /_sim/requests`. */
interface LoggedRequest {
    method: string;
    path: string;
    status: number;
    code?: number | null;
    app?: string | null;
}

describe("client against the simulator", function () {
    this.timeout(30_000);
    let sim: { url: string; port: number; close(): Promise<void> };
    let client: JsmsClient;

    /** Calls the simulator's control API. */
    async function control(method: string, path: string, body?: unknown): Promise<unknown> {
        const response = await fetch(`${sim.url}${path}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        expect(response.status, `${method} ${path}: ${text}`).to.be.within(200, 299);
        return text ? JSON.parse(text) : undefined;
    }

    /** The `/v1` requests the simulator saw since the last reset. */
    async function apiLog(): Promise<LoggedRequest[]> {
        const log = (await control("GET", "/_sim/requests")) as LoggedRequest[];
        return log.filter((entry) => entry.path.startsWith("/v1"));
    }

    const review = (kind: "templates" | "signs", id: number, status: "approved" | "rejected") =>
        control("POST", `/_sim/${kind}/${id}/review`, { status });

    before(async () => {
        sim = await startSimulator({
            port: 0,
            apps: [{ appKey: APP_KEY, masterSecret: MASTER_SECRET }, OTHER_APP],
            dev: { devKey: DEV_KEY, devSecret: DEV_SECRET },
            review: "manual",
        });
    });

    after(async () => {
        await sim?.close();
    });

    beforeEach(async () => {
        await control("POST", "/_sim/reset");
        await control("PUT", "/_sim/faults", { latencyMs: 0, rateLimitPerSecond: 0, errorRate: 0 });
        await control("DELETE", "/_sim/requests");
        client = fastClient(sim.url);
    });

    afterEach(async () => {
        await client.close();
    });

    /** Creates the app's first signature, which templates need (50046). */
    async function withSignature(): Promise<number> {
        return client.createSignature(companySignature());
    }

    describe("templates", () => {
        it("creates, reads, resubmits a rejected one, and deletes", async () => {
            await withSignature();
            const id = await client.createTemplate(OTP);
            expect(await client.getTemplate(id)).to.deep.equal({ tempId: id, ...OTP, status: 0 });

            await review("templates", id, "rejected");
            expect((await client.getTemplate(id)).status).to.equal(2);
            const changed = { ...OTP, template: "您好，您的验证码是{{code}}，10分钟内有效！" };
            expect(await client.updateTemplate(id, changed)).to.equal(id);
            expect(await client.getTemplate(id)).to.deep.equal({ tempId: id, ...changed, status: 0 });

            await review("templates", id, "approved");
            expect((await client.getTemplate(id)).status).to.equal(1);

            await client.deleteTemplate(id);
            const gone = await expectJsmsError(client.getTemplate(id));
            expect(gone).to.include({ code: 50013, httpStatus: 403 });
            expect((await apiLog()).map((entry) => `${entry.method} ${entry.status}`)).to.deep.equal([
                "POST 200",
                "POST 200",
                "GET 200",
                "GET 200",
                "PUT 200",
                "GET 200",
                "GET 200",
                "DELETE 200",
                "GET 403",
            ]);
        });

        it('reads a notification template without ttl and remark as 0 and ""', async () => {
            await withSignature();
            const id = await client.createTemplate({ template: "您的订单{{orderNo}}已发货", type: 2 });
            expect(await client.getTemplate(id)).to.deep.equal({
                tempId: id,
                template: "您的订单{{orderNo}}已发货",
                type: 2,
                ttl: 0,
                remark: "",
                status: 0,
            });
        });

        it("maps 50047 when modifying a template that is not rejected, naming the template", async () => {
            await withSignature();
            const id = await client.createTemplate(OTP);
            const named = fastClient(sim.url, { subject: 'template "otp"' });
            const error = await expectJsmsError(named.updateTemplate(id, OTP).finally(() => named.close()));
            expect(error).to.include({
                code: 50047,
                httpStatus: 403,
                retryable: false,
                operation: `PUT /v1/templates/${id}`,
            });
            expect(error.message).to.equal(
                `JSMS 50047 (modify template not allow) on PUT /v1/templates/${id} for template "otp": ` +
                    "JSMS only lets you modify a template or signature that was rejected; change it while it is rejected, or let Pulumi replace it.",
            );
        });

        it("maps 50046 when the app has no signature yet", async () => {
            const error = await expectJsmsError(client.createTemplate(OTP));
            expect(error).to.include({ code: 50046, httpStatus: 403, retryable: false });
            expect(error.message).to.contain("create an SmsSignature first").and.to.contain("POST /v1/templates");
        });

        const invalidTemplates: Array<[number, string, TemplateFields]> = [
            [50025, "wrong template type", { template: "您好", type: 4 as 1 }],
            [50042, "template is empty", { template: "", type: 2 }],
            [50043, "template too long", { template: "好".repeat(501), type: 2 }],
            [50052, "template contains special symbol", { template: "【极光】您好{{name}}", type: 2 }],
            [50041, "invalid ttl value", { template: "验证码{{code}}", type: 1 }],
            [50041, "invalid ttl value", { template: "验证码{{code}}", type: 1, ttl: 86401 }],
            [50044, "template parameter invalid", { template: "验证码{{num}}", type: 1, ttl: 60 }],
            [50044, "template parameter invalid", { template: "您好{{user_name}}", type: 2 }],
            [
                50053,
                "special template parameter need extra remark for confirmation",
                { template: "详情见{{url}}", type: 2, remark: "活动链接" },
            ],
            [50045, "remark too long", { template: "您好{{name}}", type: 2, remark: "备".repeat(101) }],
        ];
        for (const [code, vendorText, fields] of invalidTemplates) {
            it(`maps ${code} (${vendorText}) on create and on modify`, async () => {
                await withSignature();
                const created = await expectJsmsError(client.createTemplate(fields));
                expect(created).to.include({ code, httpStatus: 403, retryable: false, failure: "response" });
                expect(created.message).to.match(
                    new RegExp(`^JSMS ${code} \\(${vendorText}\\) on POST /v1/templates for a new template: `),
                );
                expect(created.message.length).to.be.greaterThan(
                    `JSMS ${code} (${vendorText}) on POST /v1/templates for a new template: `.length + 20,
                );

                const id = await client.createTemplate({ template: "您好{{name}}", type: 2 });
                await review("templates", id, "rejected");
                const modified = await expectJsmsError(client.updateTemplate(id, fields));
                expect(modified).to.include({ code, operation: `PUT /v1/templates/${id}` });
                expect(modified.message).to.contain(`for template ${id}`);
                // Nothing was retried: each failing call reached the simulator once.
                expect((await apiLog()).filter((entry) => entry.code === code)).to.have.length(2);
            });
        }

        it("maps 50013 for a template of another app, on read, modify and delete", async () => {
            await withSignature();
            const id = await client.createTemplate(OTP);
            const other = fastClient(sim.url, { appKey: OTHER_APP.appKey, masterSecret: OTHER_APP.masterSecret });
            try {
                for (const call of [other.getTemplate(id), other.updateTemplate(id, OTP), other.deleteTemplate(id)]) {
                    const error = await expectJsmsError(call);
                    expect(error).to.include({ code: 50013, httpStatus: 403 });
                    expect(error.message).to.contain(`for template ${id}`).and.to.contain("pulumi refresh");
                }
            } finally {
                await other.close();
            }
        });
    });

    describe("signatures", () => {
        it("creates, reads, resubmits a rejected one, and deletes", async () => {
            const id = await client.createSignature(companySignature());
            const pending = await client.getSignature(id);
            expect(pending).to.include({ signId: id, sign: "极光推送", status: 0, inUse: false });

            await review("signs", id, "rejected");
            expect((await client.getSignature(id)).status).to.equal(2);
            expect(await client.updateSignature(id, companySignature("极光短信"))).to.equal(id);
            expect(await client.getSignature(id)).to.include({ sign: "极光短信", status: 0 });
            await review("signs", id, "approved");
            expect((await client.getSignature(id)).status).to.equal(1);

            // Whatever the simulator decides about a first signature, make sure this one is neither default nor in use.
            await control("POST", `/_sim/signs/${id}/usage`, { inUse: false, isDefault: false });
            await client.deleteSignature(id);
            expect(await expectJsmsError(client.getSignature(id))).to.include({ code: 50102, httpStatus: 403 });
        });

        it("accepts a signature with only the text (the 2018 form)", async () => {
            const id = await client.createSignature({ sign: "JPush" });
            expect(await client.getSignature(id)).to.include({ sign: "JPush", status: 0 });
        });

        it("reports usage and default flags from the simulator", async () => {
            const id = await client.createSignature(companySignature());
            await control("POST", `/_sim/signs/${id}/usage`, { inUse: true, isDefault: true });
            expect(await client.getSignature(id)).to.include({ inUse: true, isDefault: true });
            await control("POST", `/_sim/signs/${id}/usage`, { inUse: false, isDefault: false });
            expect(await client.getSignature(id)).to.include({ inUse: false, isDefault: false });
        });

        it("maps 50105 when deleting the default or an in-use signature", async () => {
            const id = await client.createSignature(companySignature());
            await control("POST", `/_sim/signs/${id}/usage`, { inUse: true, isDefault: true });
            const named = fastClient(sim.url, { subject: 'signature "brand"' });
            const error = await expectJsmsError(named.deleteSignature(id).finally(() => named.close()));
            expect(error).to.include({ code: 50105, httpStatus: 403, retryable: false, subject: 'signature "brand"' });
            expect(error.message).to.match(
                /^JSMS 50105 \(default signature cannot be deleted\) on DELETE \/v1\/sign\/\d+ for signature "brand": /,
            );
            expect(error.message).to.contain("retainOnDelete");
        });

        it("maps 50103 when another signature is still under review", async () => {
            await client.createSignature(companySignature());
            const error = await expectJsmsError(client.createSignature(companySignature("极光短信")));
            expect(error).to.include({ code: 50103, httpStatus: 403, retryable: false });
            expect(error.message).to.contain('for signature "极光短信"').and.to.contain("only one at a time");
        });

        it("maps 50047 (the simulator's default) when modifying a signature that is not rejected", async () => {
            const id = await client.createSignature(companySignature());
            const error = await expectJsmsError(client.updateSignature(id, companySignature("极光短信")));
            expect(error).to.include({ code: 50047, operation: `POST /v1/sign/${id}` });
        });

        it("maps 50102 for an unknown signature on read, modify and delete", async () => {
            for (const call of [
                client.getSignature(29999),
                client.updateSignature(29999, { sign: "极光" }),
                client.deleteSignature(29999),
            ]) {
                const error = await expectJsmsError(call);
                expect(error).to.include({ code: 50102, httpStatus: 403, retryable: false });
                expect(error.message).to.contain("for signature 29999");
            }
        });

        const invalidSignatures: Array<[number, string, SignatureFields]> = [
            [50104, "invalid signature", { sign: "极" }],
            [50104, "invalid signature", { sign: "【极光】" }],
            [
                50101,
                "invalid image",
                { sign: "极光", images: [{ filename: "licence.png", content: Buffer.from("not an image at all") }] },
            ],
            [
                50101,
                "invalid image",
                {
                    sign: "极光",
                    images: [
                        {
                            filename: "big.png",
                            content: Buffer.concat([pngUpload().content, Buffer.alloc(2 * 1024 * 1024)]),
                        },
                    ],
                },
            ],
            [50007, "invalid body", { sign: "极光", type: 2 }],
            [50045, "remark too long", { sign: "极光", remark: "备".repeat(101) }],
        ];
        for (const [code, vendorText, fields] of invalidSignatures) {
            it(`maps ${code} (${vendorText}) for signature "${fields.sign}"`, async () => {
                const error = await expectJsmsError(client.createSignature(fields));
                expect(error).to.include({ code, httpStatus: 403, retryable: false, operation: "POST /v1/sign" });
                expect(error.message).to.match(
                    new RegExp(`^JSMS ${code} \\(${vendorText}\\) on POST /v1/sign for signature `),
                );
                expect((await apiLog()).filter((entry) => entry.path.startsWith("/v1/sign"))).to.have.length(1);
            });
        }
    });

    describe("balances", () => {
        it("reads the app and the account balance", async () => {
            expect(await client.getAppBalance()).to.deep.equal({
                total: 1000,
                voice: null,
                industry: 500,
                market: 200,
            });
            expect(await client.getDevBalance()).to.deep.equal({
                total: 10000,
                voice: 1000,
                industry: 5000,
                market: 2000,
            });
            await control("PUT", "/_sim/balances", {
                app: { [APP_KEY]: { balance: 7, voice: null, industry: null, market: 3 } },
                dev: { balance: null, voice: null, industry: null, market: null },
            });
            expect(await client.getAppBalance()).to.deep.equal({ total: 7, voice: null, industry: null, market: 3 });
            expect(await client.getDevBalance()).to.deep.equal({
                total: null,
                voice: null,
                industry: null,
                market: null,
            });
        });

        it("maps 50033 when no quota is allocated to the app", async () => {
            await control("PUT", "/_sim/balances", { app: { [APP_KEY]: null } });
            const error = await expectJsmsError(client.getAppBalance());
            expect(error).to.include({
                code: 50033,
                httpStatus: 403,
                retryable: false,
                operation: "GET /v1/accounts/app",
            });
            expect(error.message).to.contain("the app balance").and.to.contain("getDevBalance");
        });
    });

    describe("authentication and transport errors", () => {
        it("maps 50002 for a wrong master secret and for wrong dev credentials", async () => {
            const wrong = fastClient(sim.url, { masterSecret: "not-the-secret", devSecret: "not-the-dev-secret" });
            try {
                const appError = await expectJsmsError(wrong.getTemplate(10001));
                expect(appError).to.include({ code: 50002, httpStatus: 401, retryable: false });
                expect(appError.message).to.contain("JSMS rejected the credentials");
                const devError = await expectJsmsError(wrong.getDevBalance());
                expect(devError).to.include({ code: 50002, httpStatus: 401 });
            } finally {
                await wrong.close();
            }
        });

        it("uses the dev credentials, not the app ones, for the account balance", async () => {
            const appOnly = fastClient(sim.url, { devKey: APP_KEY, devSecret: MASTER_SECRET });
            try {
                expect(await expectJsmsError(appOnly.getDevBalance())).to.include({ code: 50002 });
            } finally {
                await appOnly.close();
            }
        });

        it("maps 50001 and 50003 (what the client itself never sends) through the transport", async () => {
            const transport = new Transport({ endpoint: sim.url, requestTimeoutMs: 2000, maxConcurrency: 1 });
            try {
                const noAuth = await expectJsmsError(
                    transport.send({ method: "GET", path: "/v1/accounts/app", authorization: "" }),
                );
                expect(noAuth).to.include({ code: 50001, httpStatus: 400 });
                const auth = `Basic ${Buffer.from(`${APP_KEY}:${MASTER_SECRET}`).toString("base64")}`;
                const empty = await expectJsmsError(
                    transport.send({
                        method: "POST",
                        path: "/v1/templates",
                        authorization: auth,
                        body: { contentType: "application/json;charset=utf-8", bytes: Buffer.alloc(0) },
                    }),
                );
                expect(empty).to.include({ code: 50003, httpStatus: 400 });
                const broken = await expectJsmsError(
                    transport.send({
                        method: "POST",
                        path: "/v1/templates",
                        authorization: auth,
                        body: { contentType: "application/json;charset=utf-8", bytes: Buffer.from("{nope") },
                    }),
                );
                expect(broken).to.include({ code: 50007, httpStatus: 403 });
                const wrongMethod = await expectJsmsError(
                    transport.send({ method: "DELETE", path: "/v1/accounts/app", authorization: auth }),
                );
                expect(wrongMethod).to.include({ code: 50018, httpStatus: 405 });
                const json = await expectJsmsError(
                    transport.send({
                        method: "POST",
                        path: "/v1/sign",
                        authorization: auth,
                        body: jsonBody({ sign: "极光" }),
                    }),
                );
                expect([50017, 50007]).to.include(json.code);
            } finally {
                await transport.close();
            }
        });

        it("maps 50016 when the endpoint has a wrong path prefix", async () => {
            const misrouted = fastClient(`${sim.url}/api`);
            try {
                const error = await expectJsmsError(misrouted.getAppBalance());
                expect(error).to.include({
                    code: 50016,
                    httpStatus: 404,
                    retryable: false,
                    operation: "GET /v1/accounts/app",
                });
                expect(error.message).to.contain("jsms:endpoint");
            } finally {
                await misrouted.close();
            }
        });
    });

    describe("retries", () => {
        it("retries 50019 up to maxRetries, and each attempt reached the simulator", async () => {
            await control("PUT", "/_sim/faults", { errorRate: 1 });
            const limited = fastClient(sim.url, { maxRetries: 3 });
            try {
                const error = await expectJsmsError(limited.getAppBalance());
                expect(error).to.include({ code: 50019, httpStatus: 500, retryable: true, attempts: 4 });
                expect(error.message).to.contain("gave up after 4 attempts");
                const log = await apiLog();
                expect(log).to.have.length(4);
                expect(log.every((entry) => entry.code === 50019 && entry.status === 500)).to.equal(true);
            } finally {
                await limited.close();
            }
        });

        it("does not retry a create answered with 50019, and says the template may exist", async () => {
            await withSignature();
            await control("PUT", "/_sim/faults", { errorRate: 1 });
            try {
                const error = await expectJsmsError(client.createTemplate({ template: "第1号通知{{name}}", type: 2 }));
                expect(error).to.include({ code: 50019, attempts: 1 });
                expect(error.message).to.contain("may have been created").and.to.contain("adoptId");
                const posts = (await apiLog()).filter(
                    (entry) => entry.method === "POST" && entry.path === "/v1/templates",
                );
                expect(posts).to.have.length(1);
            } finally {
                await control("PUT", "/_sim/faults", { errorRate: 0 });
            }
        });

        it("times out a slow read and retries it", async () => {
            await control("PUT", "/_sim/faults", { latencyMs: 400 });
            const impatient = fastClient(sim.url, { requestTimeoutMs: 100, maxRetries: 1 });
            try {
                const error = await expectJsmsError(impatient.getAppBalance());
                expect(error).to.include({ failure: "timeout", attempts: 2, httpStatus: undefined });
                expect(error.message).to.contain("timed out after 100 ms");
            } finally {
                await impatient.close();
            }
        });

        it("does not retry a create that timed out", async () => {
            await withSignature();
            await control("PUT", "/_sim/faults", { latencyMs: 400 });
            const impatient = fastClient(sim.url, { requestTimeoutMs: 100, maxRetries: 4 });
            try {
                const error = await expectJsmsError(impatient.createTemplate(OTP));
                expect(error).to.include({ failure: "timeout", retryable: false, attempts: 1 });
                expect(error.message)
                    .to.contain("the template may have been created at JSMS")
                    .and.to.contain("adoptId");
                await new Promise((resolve) => setTimeout(resolve, 600));
                // The simulator applies its latency before reading the request, so the abandoned create may or may
                // not be logged; what matters is that no second POST followed it.
                const posts = (await apiLog()).filter(
                    (entry) => entry.method === "POST" && entry.path === "/v1/templates",
                );
                expect(posts.length).to.be.at.most(1);
                const state = (await control("GET", "/_sim/state")) as { templates: unknown[] };
                expect(state.templates.length).to.be.at.most(1);
            } finally {
                await impatient.close();
            }
        });
    });

    it("gives every JsmsError a message naming code, meaning and subject (sanity over a mixed run)", async () => {
        const errors: JsmsError[] = [
            await expectJsmsError(client.getTemplate(10999)),
            await expectJsmsError(client.getSignature(20999)),
            await expectJsmsError(client.createTemplate(OTP)),
        ];
        for (const error of errors) {
            expect(error.message).to.match(/^JSMS 50\d{3} \([a-z_ ]+\) on (GET|POST) \/v1\/\S+ for [^:]+: .+\.$/);
        }
    });
});
