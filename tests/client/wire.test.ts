/**
 * What the client puts on the wire and how it reads answers, checked against a recording server on 127.0.0.1.
 */
import { expect } from "chai";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { startFaultServer } from "./faultServer";
import {
    APP_KEY,
    DEV_KEY,
    DEV_SECRET,
    MASTER_SECRET,
    captureError,
    expectJsmsError,
    fastClient,
    parseMultipart,
    useFaultServers,
} from "./clientFixtures";
import { jpegUpload, pngUpload, tinyJpeg, tinyPng } from "./imageFixtures";

const APP_AUTH = `Basic ${Buffer.from(`${APP_KEY}:${MASTER_SECRET}`).toString("base64")}`;
const DEV_AUTH = `Basic ${Buffer.from(`${DEV_KEY}:${DEV_SECRET}`).toString("base64")}`;

describe("client/wire", () => {
    const { serve, track } = useFaultServers();

    describe("templates", () => {
        it("creates with POST /v1/templates, a UTF-8 JSON body and app Basic auth", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { temp_id: 37582 } }]);
            const id = await client.createTemplate({
                template: "您好，您的验证码是{{code}}，5分钟内有效！",
                type: 1,
                ttl: 300,
                remark: "用户注册",
            });
            expect(id).to.equal(37582);
            const [req] = server.requests;
            expect(req.method).to.equal("POST");
            expect(req.path).to.equal("/v1/templates");
            expect(req.headers.authorization).to.equal(APP_AUTH);
            expect(req.headers["content-type"]).to.equal("application/json;charset=utf-8");
            expect(req.headers.accept).to.equal("application/json");
            expect(JSON.parse(req.body.toString("utf8"))).to.deep.equal({
                template: "您好，您的验证码是{{code}}，5分钟内有效！",
                type: 1,
                ttl: 300,
                remark: "用户注册",
            });
        });

        it("leaves omitted ttl and remark out of the body", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { temp_id: 5 } }]);
            await client.createTemplate({ template: "订单{{no}}已发货", type: 2 });
            expect(JSON.parse(server.requests[0].body.toString("utf8"))).to.deep.equal({
                template: "订单{{no}}已发货",
                type: 2,
            });
        });

        it("modifies with PUT /v1/templates/{id} and temp_id in the body too", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { temp_id: 10001 } }]);
            expect(await client.updateTemplate(10001, { template: "码{{code}}", type: 1, ttl: 60 })).to.equal(10001);
            const [req] = server.requests;
            expect(req.method).to.equal("PUT");
            expect(req.path).to.equal("/v1/templates/10001");
            expect(JSON.parse(req.body.toString("utf8"))).to.deep.equal({
                temp_id: 10001,
                template: "码{{code}}",
                type: 1,
                ttl: 60,
            });
        });

        it('reads a template, turning an omitted ttl and remark into 0 and ""', async () => {
            const { server, client } = await serve([
                { kind: "json", status: 200, body: { temp_id: 7, template: "您好{{name}}", type: 2, status: 0 } },
                {
                    kind: "json",
                    status: 200,
                    body: { temp_id: 8, template: "码{{code}}", type: 1, ttl: 300, remark: "注册", status: 1 },
                },
            ]);
            expect(await client.getTemplate(7)).to.deep.equal({
                tempId: 7,
                template: "您好{{name}}",
                type: 2,
                ttl: 0,
                remark: "",
                status: 0,
            });
            expect(await client.getTemplate(8)).to.deep.equal({
                tempId: 8,
                template: "码{{code}}",
                type: 1,
                ttl: 300,
                remark: "注册",
                status: 1,
            });
            expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
                "GET /v1/templates/7",
                "GET /v1/templates/8",
            ]);
            expect(server.requests[0].headers["content-type"]).to.equal(undefined);
            expect(server.requests[0].body.length).to.equal(0);
        });

        it("deletes with DELETE and accepts JSMS's 200 with an empty body", async () => {
            const { server, client } = await serve([
                { kind: "text", status: 200, body: "", contentType: "application/json" },
            ]);
            await client.deleteTemplate(37582);
            expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(["DELETE /v1/templates/37582"]);
        });
    });

    describe("signatures", () => {
        it("creates with a multipart POST /v1/sign: sign, image0..image3, type, remark", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { sign_id: 42 } }]);
            const id = await client.createSignature({
                sign: "极光推送",
                images: [
                    pngUpload("docs/licence.png"),
                    jpegUpload("shop.jpeg"),
                    pngUpload("c.png"),
                    jpegUpload("d.jpg"),
                ],
                type: 1,
                remark: "公司简称",
            });
            expect(id).to.equal(42);
            const [req] = server.requests;
            expect(`${req.method} ${req.path}`).to.equal("POST /v1/sign");
            expect(req.headers.authorization).to.equal(APP_AUTH);
            expect(req.headers["content-type"]).to.match(/^multipart\/form-data; boundary=/);
            const form = await parseMultipart(req.headers, req.body);
            expect(form.fields).to.deep.equal({ sign: "极光推送", type: "1", remark: "公司简称" });
            expect(Object.keys(form.files)).to.deep.equal(["image0", "image1", "image2", "image3"]);
            // Only the base name leaves the machine, never the local directory.
            expect(form.files.image0).to.deep.include({ filename: "licence.png", mimeType: "image/png" });
            expect(form.files.image0.content.equals(tinyPng())).to.equal(true);
            expect(form.files.image1).to.deep.include({ filename: "shop.jpeg", mimeType: "image/jpeg" });
            expect(form.files.image1.content.equals(tinyJpeg())).to.equal(true);
        });

        it("sends the 2025 qualification fields and files under their documented part names", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { sign_id: 43 } }]);
            await client.createSignature({
                sign: "JPush",
                type: 6,
                qualification: {
                    legalPersonName: "张三",
                    legalPersonIdNumber: "11010519491231002X",
                    socialCreditCode: "91350100M000100Y43",
                    thirdPartyCompanyName: "某某科技",
                    idCardImage: jpegUpload("id.jpg"),
                    businessLicenseImage: pngUpload("bl.png"),
                    icpAppScreenshot: pngUpload("icp.png"),
                    trademarkImage: pngUpload("tm.png"),
                    thirdPartyAuthImage: jpegUpload("auth.jpg"),
                    otherImage: { filename: "other.bin", content: Buffer.from([1, 2, 3]), contentType: "image/png" },
                },
            });
            const form = await parseMultipart(server.requests[0].headers, server.requests[0].body);
            expect(form.fields).to.deep.equal({
                sign: "JPush",
                type: "6",
                legalPersonName: "张三",
                legalPersonIdNumber: "11010519491231002X",
                socialCreditCode: "91350100M000100Y43",
                thirdPartyCompanyName: "某某科技",
            });
            expect(Object.keys(form.files).sort()).to.deep.equal([
                "businessLicenseImage",
                "icpAppScreenshot",
                "idCardImage",
                "otherImage",
                "thirdPartyAuthImage",
                "trademarkImage",
            ]);
            expect(form.files.idCardImage.mimeType).to.equal("image/jpeg");
            expect(form.files.otherImage.mimeType).to.equal("image/png");
        });

        it("leaves out empty optional fields", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { sign_id: 44 } }]);
            await client.createSignature({ sign: "极光", remark: "", qualification: { legalPersonName: "" } });
            const form = await parseMultipart(server.requests[0].headers, server.requests[0].body);
            expect(form.fields).to.deep.equal({ sign: "极光" });
            expect(form.files).to.deep.equal({});
        });

        it("modifies with a multipart POST /v1/sign/{id}", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { sign_id: 37582 } }]);
            expect(await client.updateSignature(37582, { sign: "极光短信", images: [pngUpload()] })).to.equal(37582);
            const [req] = server.requests;
            expect(`${req.method} ${req.path}`).to.equal("POST /v1/sign/37582");
            const form = await parseMultipart(req.headers, req.body);
            expect(form.fields).to.deep.equal({ sign: "极光短信" });
            expect(Object.keys(form.files)).to.deep.equal(["image0"]);
        });

        it("reads a signature, with absent is_default/use_status as false", async () => {
            const { client } = await serve([
                {
                    kind: "json",
                    status: 200,
                    body: { sign_id: 1, sign: "极光推送", status: 1, is_default: 1, use_status: 1 },
                },
                { kind: "json", status: 200, body: { sign_id: 2, sign: "极光", status: 0 } },
            ]);
            expect(await client.getSignature(1)).to.deep.equal({
                signId: 1,
                sign: "极光推送",
                status: 1,
                isDefault: true,
                inUse: true,
            });
            expect(await client.getSignature(2)).to.deep.equal({
                signId: 2,
                sign: "极光",
                status: 0,
                isDefault: false,
                inUse: false,
            });
        });

        it("deletes with DELETE /v1/sign/{id}", async () => {
            const { server, client } = await serve([{ kind: "text", status: 200, body: "" }]);
            await client.deleteSignature(9);
            expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(["DELETE /v1/sign/9"]);
        });

        it("refuses more than four images before sending anything", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { sign_id: 1 } }]);
            const error = await captureError(
                client.createSignature({ sign: "极光", images: [1, 2, 3, 4, 5].map(() => pngUpload()) }),
            );
            expect(String(error)).to.contain("at most 4 images");
            expect(server.requests).to.have.length(0);
        });
    });

    describe("balances", () => {
        it("reads the app balance with app credentials, null meaning not allocated", async () => {
            const { server, client } = await serve([
                {
                    kind: "json",
                    status: 200,
                    body: { app_balance: 1, app_voice: 22, app_industry: null, app_market: 14 },
                },
            ]);
            expect(await client.getAppBalance()).to.deep.equal({ total: 1, voice: 22, industry: null, market: 14 });
            expect(server.requests[0].path).to.equal("/v1/accounts/app");
            expect(server.requests[0].headers.authorization).to.equal(APP_AUTH);
        });

        it("reads the account balance with dev credentials; omitted fields are null", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { dev_balance: 20 } }]);
            expect(await client.getDevBalance()).to.deep.equal({
                total: 20,
                voice: null,
                industry: null,
                market: null,
            });
            expect(server.requests[0].path).to.equal("/v1/accounts/dev");
            expect(server.requests[0].headers.authorization).to.equal(DEV_AUTH);
        });
    });

    describe("answers that are not success", () => {
        it("turns a JSMS error body into a JsmsError with code, status and meaning", async () => {
            const { client } = await serve([
                { kind: "jsmsError", status: 403, code: 50013, message: "invalid temp_id" },
            ]);
            const error = await expectJsmsError(client.getTemplate(404404));
            expect(error).to.include({
                httpStatus: 403,
                code: 50013,
                vendorMessage: "invalid temp_id",
                retryable: false,
                operation: "GET /v1/templates/404404",
            });
            expect(error.message).to.match(
                /^JSMS 50013 \(invalid temp_id\) on GET \/v1\/templates\/404404 for template 404404: /,
            );
        });

        it("names the configured subject in errors", async () => {
            const { client } = await serve(
                [{ kind: "jsmsError", status: 403, code: 50047, message: "modify template not allow" }],
                { subject: 'template "otp"' },
            );
            const error = await expectJsmsError(
                client.updateTemplate(10001, { template: "x{{code}}", type: 1, ttl: 60 }),
            );
            expect(error.message).to.contain(
                'on PUT /v1/templates/10001 for template "otp": JSMS only lets you modify a template or signature that was rejected',
            );
            expect(error.subject).to.equal('template "otp"');
        });

        it("still gives a JsmsError with the HTTP status when the error body is not JSON", async () => {
            const { client } = await serve([
                { kind: "text", status: 404, body: "<html>not here</html>", contentType: "text/html" },
            ]);
            const error = await expectJsmsError(client.getSignature(3));
            expect(error).to.include({ httpStatus: 404, code: undefined, retryable: false, failure: "response" });
            expect(error.message).to.match(/^JSMS HTTP 404 on GET \/v1\/sign\/3 for signature 3: /);
        });

        it("explains an undocumented code by number and HTTP status", async () => {
            const { client } = await serve([
                { kind: "jsmsError", status: 403, code: 50099, message: "legal person mismatch" },
            ]);
            const error = await expectJsmsError(client.createSignature({ sign: "极光" }));
            expect(error).to.include({ code: 50099, httpStatus: 403, retryable: false });
            expect(error.message).to.contain("JSMS 50099 (legal person mismatch)").and.to.contain("HTTP 403");
        });

        it("treats a 200 carrying an error envelope as the error it is", async () => {
            const { client } = await serve([
                { kind: "json", status: 200, body: { error: { code: 50033, message: "app quota not assigned" } } },
            ]);
            const error = await expectJsmsError(client.getAppBalance());
            expect(error).to.include({ code: 50033, httpStatus: 200 });
            expect(error.message).to.contain("no SMS quota is allocated to this app");
        });
    });

    describe("malformed success bodies", () => {
        it("names the field that does not match", async () => {
            const { client } = await serve([
                { kind: "json", status: 200, body: { temp_id: 7, template: "x", type: 2, status: "1" } },
            ]);
            const error = await expectJsmsError(client.getTemplate(7));
            expect(error).to.include({ failure: "malformed", httpStatus: 200, code: undefined, retryable: false });
            expect(error.message).to.contain('field "status"').and.to.contain("GET /v1/templates/7");
        });

        it("says so when a success body is not JSON or is empty", async () => {
            const { client } = await serve([
                { kind: "text", status: 200, body: "<html>proxy login</html>" },
                { kind: "text", status: 200, body: "" },
            ]);
            expect((await expectJsmsError(client.getSignature(1))).message).to.contain("not JSON");
            expect((await expectJsmsError(client.getAppBalance())).message).to.contain("empty");
        });

        it("does not take a body without the balance field for a balance", async () => {
            const { client } = await serve([{ kind: "json", status: 200, body: { balance: 5 } }]);
            const error = await expectJsmsError(client.getDevBalance());
            expect(error.message).to.contain('field "dev_balance"');
        });

        it("warns that a create with an unreadable success body may have created the object", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: { id: 5 } }]);
            const error = await expectJsmsError(client.createTemplate({ template: "x", type: 2 }));
            expect(error.message)
                .to.contain('field "temp_id"')
                .and.to.contain("may have been created")
                .and.to.contain("adoptId");
            expect(server.requests).to.have.length(1);
        });
    });

    describe("configuration", () => {
        it("accepts an endpoint that already ends in /v1", async () => {
            const server = track(await startFaultServer([{ kind: "json", status: 200, body: { dev_balance: 3 } }]));
            const client = track(fastClient(`${server.url}/v1/`));
            await client.getDevBalance();
            expect(server.requests[0].path).to.equal("/v1/accounts/dev");
        });

        it("fails with a plain Error and sends nothing when the needed credentials are missing", async () => {
            const server = track(await startFaultServer([{ kind: "json", status: 200, body: { app_balance: 1 } }]));
            const devOnly = track(new JsmsClient({ endpoint: server.url, devKey: DEV_KEY, devSecret: DEV_SECRET }));
            const appError = await captureError(devOnly.getAppBalance());
            expect(appError).to.be.instanceOf(Error);
            expect((appError as Error).message).to.equal("JSMS app credentials are not set");
            const appOnly = track(
                new JsmsClient({ endpoint: server.url, appKey: APP_KEY, masterSecret: MASTER_SECRET }),
            );
            const devError = await captureError(appOnly.getDevBalance());
            expect((devError as Error).message).to.equal("JSMS dev credentials are not set");
            const half = track(new JsmsClient({ endpoint: server.url, appKey: APP_KEY }));
            const halfError = await captureError(half.createTemplate({ template: "x", type: 2 }));
            expect((halfError as Error).message).to.equal("JSMS app credentials are not set");
            expect(server.requests).to.have.length(0);
        });

        it("rejects bad ids before sending anything", async () => {
            const { server, client } = await serve([{ kind: "json", status: 200, body: {} }]);
            for (const id of [0, -1, 1.5, Number.NaN]) {
                expect(String(await captureError(client.getTemplate(id)))).to.contain("positive integer");
            }
            expect(server.requests).to.have.length(0);
        });

        it("fails later calls once closed", async () => {
            const { client } = await serve([{ kind: "json", status: 200, body: { app_balance: 1 } }]);
            await client.close();
            expect(String(await captureError(client.getAppBalance()))).to.contain("closed");
        });
    });
});
