import { expect } from "chai";
import {
    APP_AUTH,
    call,
    control,
    createSign,
    createTemplate,
    OTHER_APP,
    useSimulator,
    vendorError,
} from "./simulatorHarness";

const OTP = { template: "您的验证码是{{code}}，5分钟内有效。", type: 1, ttl: 300, remark: "用户注册" };
const OTHER_AUTH: [string, string] = [OTHER_APP.appKey, OTHER_APP.masterSecret];

describe("simulator: templates", () => {
    const simulator = useSimulator();

    describe("create", () => {
        it("creates a pending template with an id from 10001 and returns it as GET shows it", async () => {
            await createSign(simulator());
            const created = await call(simulator(), "POST", "/v1/templates", { json: OTP });
            expect(created.status).to.equal(200);
            expect(created.json).to.deep.equal({ temp_id: 10001 });
            const got = await call(simulator(), "GET", "/v1/templates/10001");
            expect(got.json).to.deep.equal({ temp_id: 10001, ...OTP, status: 0 });
            const second = await call(simulator(), "POST", "/v1/templates", { json: OTP });
            expect(second.json).to.deep.equal({ temp_id: 10002 });
        });

        it("ignores temp_id in a create body (the Java SDK sends 0)", async () => {
            await createSign(simulator());
            for (const tempId of [0, 999]) {
                const created = await call(simulator(), "POST", "/v1/templates", { json: { ...OTP, temp_id: tempId } });
                expect(created.status).to.equal(200);
                expect(created.json.temp_id).to.be.at.least(10001).and.not.equal(tempId);
            }
        });

        it("leaves ttl and remark out of GET when they were not set", async () => {
            await createSign(simulator());
            const id = await createTemplate(simulator(), { template: "系统通知：{{content}}", type: 2 });
            const got = await call(simulator(), "GET", `/v1/templates/${id}`);
            expect(got.json).to.deep.equal({ temp_id: id, template: "系统通知：{{content}}", type: 2, status: 0 });
        });

        it("answers 403/50046 while the app has no signature, and accepts one in any review state", async () => {
            const refused = await call(simulator(), "POST", "/v1/templates", { json: OTP });
            expect(refused.status).to.equal(403);
            expect(refused.json).to.deep.equal(vendorError(50046, "signature not set"));
            await createSign(simulator(), "极光推送", "rejected", OTHER_AUTH);
            expect((await call(simulator(), "POST", "/v1/templates", { json: OTP })).json.error.code).to.equal(50046);
            await createSign(simulator(), "极光推送", "pending");
            expect((await call(simulator(), "POST", "/v1/templates", { json: OTP })).status).to.equal(200);
        });

        const rules: Array<[string, Record<string, unknown>, number, string]> = [
            ["a type outside 1–3", { ...OTP, type: 4 }, 50025, "wrong template type"],
            ["an empty template", { ...OTP, template: "" }, 50042, "template is empty"],
            [
                "a template over the default 500 characters",
                { template: "长".repeat(501), type: 2 },
                50043,
                "template too long",
            ],
            [
                "【】 in the template",
                { ...OTP, template: "【极光】验证码{{code}}" },
                50052,
                "template contains special symbol",
            ],
            ["a type 1 template without ttl", { ...OTP, ttl: undefined }, 50041, "invalid ttl value"],
            ["a ttl over 86400", { ...OTP, ttl: 86401 }, 50041, "invalid ttl value"],
            [
                "a type 1 template with another variable",
                { ...OTP, template: "{{code}}{{name}}" },
                50044,
                "template parameter invalid",
            ],
            ["a bad variable name", { template: "{{first_name}}", type: 2 }, 50044, "template parameter invalid"],
            [
                "{{url}} without the link in remark",
                { template: "详情{{url}}", type: 3, remark: "活动" },
                50053,
                "special template parameter need extra remark for confirmation",
            ],
            ["a remark over 100 characters", { ...OTP, remark: "备".repeat(101) }, 50045, "remark too long"],
        ];
        for (const [what, body, code, message] of rules) {
            it(`answers 403/${code} for ${what}`, async () => {
                await createSign(simulator());
                const response = await call(simulator(), "POST", "/v1/templates", { json: body });
                expect(response.status).to.equal(403);
                expect(response.json).to.deep.equal(vendorError(code, message));
            });
        }

        it("answers the first broken rule only", async () => {
            await createSign(simulator());
            const response = await call(simulator(), "POST", "/v1/templates", {
                json: { template: "【x】{{a_b}}", type: 1, remark: "备".repeat(101) },
            });
            expect(response.json.error.code).to.equal(50052);
        });

        it("validates before the signature check, as the checklist orders", async () => {
            const response = await call(simulator(), "POST", "/v1/templates", { json: { ...OTP, type: 9 } });
            expect(response.json.error.code).to.equal(50025);
        });
    });

    describe("the default length limit, the vendor's current 500", () => {
        const simulator = useSimulator();
        it("accepts 500 characters and refuses 501", async () => {
            await createSign(simulator());
            expect(
                (await call(simulator(), "POST", "/v1/templates", { json: { template: "长".repeat(500), type: 2 } }))
                    .status,
            ).to.equal(200);
            expect(
                (await call(simulator(), "POST", "/v1/templates", { json: { template: "长".repeat(501), type: 2 } }))
                    .json,
            ).to.deep.equal(vendorError(50043, "template too long"));
        });
    });

    describe("with a configured length limit of 350", () => {
        const short = useSimulator({ maxTemplateLength: 350 });
        it("accepts 350 characters and refuses 351", async () => {
            await createSign(short());
            expect(
                (await call(short(), "POST", "/v1/templates", { json: { template: "长".repeat(350), type: 2 } }))
                    .status,
            ).to.equal(200);
            expect(
                (await call(short(), "POST", "/v1/templates", { json: { template: "长".repeat(351), type: 2 } })).json,
            ).to.deep.equal(vendorError(50043, "template too long"));
        });
    });

    describe("modify (PUT)", () => {
        const CHANGED = { template: "您的验证码是{{code}}，10分钟内有效。", type: 1, ttl: 600, remark: "登录" };

        it("modifies a rejected template and resubmits it for review", async () => {
            await createSign(simulator());
            const id = await createTemplate(simulator(), OTP, "rejected");
            const response = await call(simulator(), "PUT", `/v1/templates/${id}`, {
                json: { temp_id: id, ...CHANGED },
            });
            expect(response.status).to.equal(200);
            expect(response.json).to.deep.equal({ temp_id: id });
            expect((await call(simulator(), "GET", `/v1/templates/${id}`)).json).to.deep.equal({
                temp_id: id,
                ...CHANGED,
                status: 0,
            });
        });

        it("answers 403/50047 for a pending or approved template and leaves it unchanged", async () => {
            await createSign(simulator());
            for (const status of ["pending", "approved"] as const) {
                const id = await createTemplate(simulator(), OTP, status);
                const response = await call(simulator(), "PUT", `/v1/templates/${id}`, {
                    json: { temp_id: id, ...CHANGED },
                });
                expect(response.status).to.equal(403);
                expect(response.json).to.deep.equal(vendorError(50047, "modify template not allow"));
                expect((await call(simulator(), "GET", `/v1/templates/${id}`)).json.template).to.equal(OTP.template);
            }
        });

        it("takes the path id as authoritative: a body temp_id of 0 or none is fine, another id is 403/50013", async () => {
            await createSign(simulator());
            const id = await createTemplate(simulator(), OTP, "rejected");
            expect((await call(simulator(), "PUT", `/v1/templates/${id}`, { json: CHANGED })).status).to.equal(200);
            await control(simulator(), "POST", `/_sim/templates/${id}/review`, { status: "rejected" });
            expect(
                (await call(simulator(), "PUT", `/v1/templates/${id}`, { json: { ...CHANGED, temp_id: 0 } })).status,
            ).to.equal(200);
            await control(simulator(), "POST", `/_sim/templates/${id}/review`, { status: "rejected" });
            const other = await call(simulator(), "PUT", `/v1/templates/${id}`, {
                json: { ...CHANGED, temp_id: id + 1 },
            });
            expect(other.status).to.equal(403);
            expect(other.json).to.deep.equal(vendorError(50013, "invalid temp_id"));
            const text = await call(simulator(), "PUT", `/v1/templates/${id}`, {
                json: { ...CHANGED, temp_id: String(id) },
            });
            expect(text.json.error.code).to.equal(50007);
        });

        it("validates the new copy like a create", async () => {
            await createSign(simulator());
            const id = await createTemplate(simulator(), OTP, "rejected");
            const response = await call(simulator(), "PUT", `/v1/templates/${id}`, { json: { ...CHANGED, ttl: 0 } });
            expect(response.json).to.deep.equal(vendorError(50041, "invalid ttl value"));
        });

        it("answers 403/50046 when the app's signatures are gone", async () => {
            const sign = await createSign(simulator());
            const id = await createTemplate(simulator(), OTP, "rejected");
            await control(simulator(), "DELETE", `/_sim/signs/${sign}`);
            expect((await call(simulator(), "PUT", `/v1/templates/${id}`, { json: CHANGED })).json.error.code).to.equal(
                50046,
            );
        });
    });

    describe("ids", () => {
        it("answers 403/50013 for an unknown, malformed or other app's id on GET, PUT and DELETE", async () => {
            await createSign(simulator());
            const id = await createTemplate(simulator(), OTP, "rejected");
            for (const auth of [APP_AUTH, OTHER_AUTH]) {
                const paths =
                    auth === APP_AUTH
                        ? ["/v1/templates/99999", "/v1/templates/abc", "/v1/templates/0"]
                        : [`/v1/templates/${id}`];
                for (const path of paths) {
                    for (const method of ["GET", "PUT", "DELETE"]) {
                        const response = await call(simulator(), method, path, {
                            auth,
                            json: method === "PUT" ? OTP : undefined,
                        });
                        expect(response.status, `${method} ${path}`).to.equal(403);
                        expect(response.json).to.deep.equal(vendorError(50013, "invalid temp_id"));
                    }
                }
            }
        });
    });

    describe("delete", () => {
        it("answers 200 with an empty body, Content-Type application/json and Content-Length 0, in any status", async () => {
            await createSign(simulator());
            for (const status of ["pending", "approved", "rejected"] as const) {
                const id = await createTemplate(simulator(), OTP, status);
                const response = await call(simulator(), "DELETE", `/v1/templates/${id}`);
                expect(response.status).to.equal(200);
                expect(response.text).to.equal("");
                expect(response.headers.get("content-length")).to.equal("0");
                expect(response.headers.get("content-type")).to.equal("application/json");
                expect((await call(simulator(), "GET", `/v1/templates/${id}`)).json.error.code).to.equal(50013);
            }
        });
    });
});
