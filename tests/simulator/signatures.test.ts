import { createHash } from "node:crypto";
import { expect } from "chai";
import {
    call,
    control,
    createSign,
    form,
    jpeg,
    OTHER_APP,
    png,
    qualifiedForm,
    useSimulator,
    vendorError,
} from "./simulatorHarness";

const OTHER_AUTH: [string, string] = [OTHER_APP.appKey, OTHER_APP.masterSecret];

describe("simulator: signatures", () => {
    const simulator = useSimulator();

    async function state() {
        return (await control(simulator(), "GET", "/_sim/state")).json;
    }

    describe("create", () => {
        it("creates a pending signature with an id from 20001, on /v1/sign and /v1/sign/", async () => {
            const created = await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) });
            expect(created.status).to.equal(200);
            expect(created.json).to.deep.equal({ sign_id: 20001 });
            expect((await call(simulator(), "GET", "/v1/sign/20001")).json).to.deep.equal({
                sign_id: 20001,
                sign: "极光推送",
                status: 0,
                is_default: 0,
                use_status: 0,
            });
            await control(simulator(), "POST", "/_sim/signs/20001/review", { status: "approved" });
            const slash = await call(simulator(), "POST", "/v1/sign/", { body: form({ sign: "极光" }) });
            expect(slash.json).to.deep.equal({ sign_id: 20002 });
        });

        it("accepts an image whose file name has no extension when its bytes are PNG or JPEG (the vendor's SDKs name uploads image0)", async () => {
            const files = [
                { field: "image0", name: "image0", content: png(120) },
                { field: "image1", name: "licence", content: jpeg(130) },
            ];
            const created = await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }, files) });
            expect(created.status, JSON.stringify(created.json)).to.equal(200);
            const refused = await call(simulator(), "POST", "/v1/sign", {
                body: form({ sign: "极光短信" }, [
                    { field: "image0", name: "image0", content: Buffer.from("GIF89a-not-an-image") },
                ]),
            });
            expect(refused.json.error.code).to.equal(50101);
        });

        it("accepts the legacy image0..image3 parts and keeps digests, never bytes", async () => {
            const files = [0, 1, 2, 3].map((i) => ({ field: `image${i}`, name: `p${i}.png`, content: png(100 + i) }));
            const created = await call(simulator(), "POST", "/v1/sign", {
                body: form({ sign: "极光推送", type: "1", remark: "公司简称" }, files),
            });
            expect(created.status).to.equal(200);
            const [record] = (await state()).signs;
            expect(record).to.include({ sign: "极光推送", type: 1, remark: "公司简称", status: 0 });
            expect(record.images).to.deep.equal(
                files.map((file) => ({
                    field: file.field,
                    name: file.name,
                    size: file.content.length,
                    sha256: createHash("sha256").update(file.content).digest("hex"),
                })),
            );
        });

        it("accepts repeated `images` parts (Java SDK, Go)", async () => {
            const files = [1, 2].map((i) => ({ field: "images", name: `scan${i}.jpg`, content: jpeg(50 * i) }));
            expect(
                (await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }, files) })).status,
            ).to.equal(200);
            expect((await state()).signs[0].images.map((image: { name: string }) => image.name)).to.deep.equal([
                "scan1.jpg",
                "scan2.jpg",
            ]);
        });

        it("accepts the 2025 qualification fields and stores no ID number", async () => {
            const created = await call(simulator(), "POST", "/v1/sign", { body: qualifiedForm("极光推送") });
            expect(created.status).to.equal(200);
            const record = (await state()).signs[0];
            expect(record.images.map((image: { field: string }) => image.field)).to.deep.equal([
                "idCardImage",
                "businessLicenseImage",
            ]);
            expect(record.qualification).to.deep.equal({
                legalPersonName: "张三",
                legalPersonIdNumberSha256: createHash("sha256").update("11010519491231002X").digest("hex"),
                socialCreditCode: "91350100M000100Y43",
                thirdPartyCompanyName: null,
            });
            expect(JSON.stringify(await state())).not.to.contain("11010519491231002X");
        });

        it("treats empty text fields as absent (PHP sends type, remark and image0 empty)", async () => {
            const created = await call(simulator(), "POST", "/v1/sign", {
                body: form({ sign: "极光推送", type: "", remark: "", image0: "" }),
            });
            expect(created.status).to.equal(200);
            expect((await state()).signs[0]).to.include({ type: null, remark: null });
        });

        const refusals: Array<[string, () => FormData, number, string]> = [
            ["a sign of 1 character", () => form({ sign: "极" }), 50104, "invalid signature"],
            ["a sign of 9 characters", () => form({ sign: "极光推送短信平台官" }), 50104, "invalid signature"],
            ["a sign in 【】", () => form({ sign: "【极光】" }), 50104, "invalid signature"],
            ["a missing sign", () => form({ remark: "无签名" }), 50104, "invalid signature"],
            ["type 2 (not allowed since 2025)", () => form({ sign: "极光推送", type: "2" }), 50007, "invalid body"],
            ["a type that is not a number", () => form({ sign: "极光推送", type: "company" }), 50007, "invalid body"],
            [
                "a remark of 101 characters",
                () => form({ sign: "极光推送", remark: "备".repeat(101) }),
                50045,
                "remark too long",
            ],
            [
                "five images",
                () =>
                    form(
                        { sign: "极光推送" },
                        [0, 1, 2, 3, 4].map((i) => ({ field: "images", name: `p${i}.png`, content: png() })),
                    ),
                50101,
                "invalid image",
            ],
            [
                "an image of 2 MB + 1 byte",
                () =>
                    form({ sign: "极光推送" }, [
                        { field: "image0", name: "big.png", content: png(2 * 1024 * 1024 + 1) },
                    ]),
                50101,
                "invalid image",
            ],
            [
                "an image that is not PNG or JPEG",
                () =>
                    form({ sign: "极光推送" }, [
                        { field: "image0", name: "a.png", content: Buffer.from("GIF89a-not-a-png") },
                    ]),
                50101,
                "invalid image",
            ],
            [
                "an image without a .png/.jpg/.jpeg name",
                () => form({ sign: "极光推送" }, [{ field: "image0", name: "scan.bmp", content: png() }]),
                50101,
                "invalid image",
            ],
            [
                "image0 sent as non-empty text",
                () => form({ sign: "极光推送", image0: "not a file" }),
                50007,
                "invalid body",
            ],
            [
                "an invalid ID number",
                () => {
                    const data = qualifiedForm("极光推送");
                    data.set("legalPersonIdNumber", "110105194912310021");
                    return data;
                },
                50007,
                "invalid body",
            ],
            [
                "a type 1 qualification without the business licence",
                () => {
                    const data = qualifiedForm("极光推送");
                    data.delete("businessLicenseImage");
                    return data;
                },
                50007,
                "invalid body",
            ],
        ];
        for (const [what, body, code, message] of refusals) {
            it(`answers 403/${code} for ${what}`, async () => {
                const response = await call(simulator(), "POST", "/v1/sign", { body: body() });
                expect(response.status).to.equal(403);
                expect(response.json).to.deep.equal(vendorError(code, message));
            });
        }

        it("accepts an image of exactly 2 MB", async () => {
            const body = form({ sign: "极光推送" }, [
                { field: "image0", name: "big.jpg", content: jpeg(2 * 1024 * 1024) },
            ]);
            expect((await call(simulator(), "POST", "/v1/sign", { body })).status).to.equal(200);
        });

        it("answers 403/50103 while another signature of the app is pending, but not for another app's", async () => {
            await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光推送" }) });
            const refused = await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光短信" }) });
            expect(refused.status).to.equal(403);
            expect(refused.json).to.deep.equal(vendorError(50103, "other signatures in the audit"));
            expect(
                (await call(simulator(), "POST", "/v1/sign", { auth: OTHER_AUTH, body: form({ sign: "极光短信" }) }))
                    .status,
            ).to.equal(200);
            await control(simulator(), "POST", "/_sim/signs/20001/review", { status: "rejected" });
            expect((await call(simulator(), "POST", "/v1/sign", { body: form({ sign: "极光短信" }) })).status).to.equal(
                200,
            );
        });

        it("answers 415/50017 for JSON or urlencoded bodies, 400/50003 for an empty one, 403/50007 for a broken one", async () => {
            const json = await call(simulator(), "POST", "/v1/sign", { json: { sign: "极光推送" } });
            expect(json.json).to.deep.equal(vendorError(50017, "media not supported"));
            const urlencoded = await call(simulator(), "POST", "/v1/sign", {
                body: "sign=abc",
                headers: { "Content-Type": "application/x-www-form-urlencoded" },
            });
            expect(urlencoded.status).to.equal(415);
            const empty = await call(simulator(), "POST", "/v1/sign", {
                body: "",
                headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
            });
            expect(empty.status).to.equal(400);
            expect(empty.json).to.deep.equal(vendorError(50003, "missing body"));
            const noBoundary = await call(simulator(), "POST", "/v1/sign", {
                body: "sign=abc",
                headers: { "Content-Type": "multipart/form-data" },
            });
            expect(noBoundary.json).to.deep.equal(vendorError(50007, "invalid body"));
            const truncated = await call(simulator(), "POST", "/v1/sign", {
                body: '--xyz\r\nContent-Disposition: form-data; name="image0"; filename="a.png"\r\n\r\n\x89PNG',
                headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
            });
            expect(truncated.status).to.equal(403);
            expect(truncated.json.error.code).to.equal(50007);
        });

        it("parses the Java SDK's hand-written multipart header (space before the semicolon)", async () => {
            const boundary = "========7d4a6d158c9";
            const body = `--${boundary}\r\nContent-Disposition: form-data; name="sign"\r\n\r\nSDK6\r\n--${boundary}--\r\n`;
            const response = await call(simulator(), "POST", "/v1/sign", {
                body,
                headers: { "Content-Type": `multipart/form-data ; boundary=${boundary}` },
            });
            expect(response.status).to.equal(200);
        });
    });

    describe("modify", () => {
        it("modifies a rejected signature with POST or PUT, replacing every field, and resubmits it", async () => {
            const id = await createSign(simulator(), "极光推送", "rejected");
            for (const method of ["POST", "PUT"]) {
                const body = form({ sign: "极光短信", remark: method }, [
                    { field: "image0", name: "n.png", content: png() },
                ]);
                const response = await call(simulator(), method, `/v1/sign/${id}`, { body });
                expect(response.status, method).to.equal(200);
                expect(response.json).to.deep.equal({ sign_id: id });
                const record = (await state()).signs[0];
                expect(record).to.include({ sign: "极光短信", remark: method, status: 0 });
                expect(record.images).to.have.length(1);
                await control(simulator(), "POST", `/_sim/signs/${id}/review`, { status: "rejected" });
            }
        });

        it("answers 403/50047 by default for a pending or approved signature", async () => {
            for (const status of ["pending", "approved"] as const) {
                const id = await createSign(simulator(), "极光推送", status);
                const response = await call(simulator(), "POST", `/v1/sign/${id}`, {
                    body: form({ sign: "极光短信" }),
                });
                expect(response.status).to.equal(403);
                // Worded for a signature: the template's "modify template not allow" would mislead.
                expect(response.json).to.deep.equal(vendorError(50047, "modify signature not allow"));
                await control(simulator(), "DELETE", `/_sim/signs/${id}`);
            }
        });

        it("answers 403/50103 while another signature of the app is pending", async () => {
            const rejected = await createSign(simulator(), "极光推送", "rejected");
            await createSign(simulator(), "极光短信", "pending");
            const response = await call(simulator(), "POST", `/v1/sign/${rejected}`, {
                body: form({ sign: "极光通知" }),
            });
            expect(response.json).to.deep.equal(vendorError(50103, "other signatures in the audit"));
        });

        it("validates the new fields", async () => {
            const id = await createSign(simulator(), "极光推送", "rejected");
            expect(
                (await call(simulator(), "POST", `/v1/sign/${id}`, { body: form({ sign: "x" }) })).json.error.code,
            ).to.equal(50104);
        });
    });

    describe("with signatureModifyErrorCode 50102", () => {
        const strict = useSimulator({ signatureModifyErrorCode: 50102 });
        it("answers 403/50102 for modifying an approved signature", async () => {
            const id = await createSign(strict(), "极光推送", "approved");
            const response = await call(strict(), "POST", `/v1/sign/${id}`, { body: form({ sign: "极光短信" }) });
            expect(response.json).to.deep.equal(vendorError(50102, "invalid sign id"));
        });
    });

    describe("ids, get and delete", () => {
        it("answers 403/50102 for an unknown, malformed or other app's id", async () => {
            const id = await createSign(simulator());
            const cases: Array<[string, string, [string, string] | undefined]> = [
                ["GET", "/v1/sign/99999", undefined],
                ["GET", "/v1/sign/abc", undefined],
                ["DELETE", "/v1/sign/99999", undefined],
                ["POST", "/v1/sign/99999", undefined],
                ["GET", `/v1/sign/${id}`, OTHER_AUTH],
                ["DELETE", `/v1/sign/${id}`, OTHER_AUTH],
                ["PUT", `/v1/sign/${id}`, OTHER_AUTH],
            ];
            for (const [method, path, auth] of cases) {
                const body = method === "POST" || method === "PUT" ? form({ sign: "极光短信" }) : undefined;
                const response = await call(simulator(), method, path, { auth, body });
                expect(response.status, `${method} ${path}`).to.equal(403);
                expect(response.json).to.deep.equal(vendorError(50102, "invalid sign id"));
            }
        });

        it("never takes a template id for a sign id", async () => {
            await createSign(simulator());
            const template = await call(simulator(), "POST", "/v1/templates", { json: { template: "通知", type: 2 } });
            expect((await call(simulator(), "GET", `/v1/sign/${template.json.temp_id}`)).json.error.code).to.equal(
                50102,
            );
        });

        it("reports is_default and use_status as 0/1", async () => {
            const id = await createSign(simulator());
            await control(simulator(), "POST", `/_sim/signs/${id}/usage`, { inUse: true, isDefault: true });
            expect((await call(simulator(), "GET", `/v1/sign/${id}`)).json).to.deep.equal({
                sign_id: id,
                sign: "极光推送",
                status: 1,
                is_default: 1,
                use_status: 1,
            });
        });

        it("answers 403/50105 for deleting the default or an in-use signature, and deletes it once free", async () => {
            const id = await createSign(simulator());
            for (const usage of [
                { isDefault: true, inUse: false },
                { isDefault: false, inUse: true },
            ]) {
                await control(simulator(), "POST", `/_sim/signs/${id}/usage`, usage);
                const refused = await call(simulator(), "DELETE", `/v1/sign/${id}`);
                expect(refused.status).to.equal(403);
                expect(refused.json).to.deep.equal(vendorError(50105, "default signature cannot be deleted"));
            }
            await control(simulator(), "POST", `/_sim/signs/${id}/usage`, { inUse: false });
            const deleted = await call(simulator(), "DELETE", `/v1/sign/${id}`);
            expect(deleted.status).to.equal(200);
            expect(deleted.text).to.equal("");
            expect(deleted.headers.get("content-length")).to.equal("0");
            expect((await call(simulator(), "GET", `/v1/sign/${id}`)).json.error.code).to.equal(50102);
        });
    });
});
