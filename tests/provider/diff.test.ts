/**
 * diff for both resources: update or replace follows the review status (JSMS modifies only rejected objects), with
 * `olds` being the OUTPUTS the engine keeps in state and `news` the checked inputs.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import {
    ImageFiles,
    UNKNOWN,
    configureFor,
    isolateJsmsEnv,
    writeImageFiles,
    validQualification,
} from "./providerFixtures";
import { resetConfiguredSettings } from "./providerRuntime";

const PROVIDER = { __provider: "serialized provider text" };
const STATUSES = [
    { statusCode: 0, status: "pending" },
    { statusCode: 1, status: "approved" },
    { statusCode: 2, status: "rejected" },
] as const;

describe("provider/diff", () => {
    let restoreEnv: () => void;

    before(() => {
        restoreEnv = isolateJsmsEnv();
        // diff needs no endpoint: it must decide from state alone.
        configureFor(undefined, { "jsms:apps": JSON.stringify({ b: { appKey: "k", masterSecret: "s" } }) });
    });

    after(() => {
        resetConfiguredSettings();
        restoreEnv();
    });

    describe("template", () => {
        const inputs = { template: "您好，您的验证码是{{code}}，5分钟内有效！", type: 1, ttl: 300, remark: "用户注册" };
        const outputs = (statusCode: number, extra: Record<string, unknown> = {}) => ({
            ...PROVIDER,
            ...inputs,
            ...extra,
            tempId: 10001,
            statusCode,
            status: STATUSES[statusCode].status,
        });
        const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
            handlers.template.diff("10001", olds as any, { ...PROVIDER, ...news } as any);

        const changedCopy: Record<string, Record<string, unknown>> = {
            template: { template: "您的验证码是{{code}}，10分钟内有效。" },
            type: { type: 2, template: inputs.template },
            ttl: { ttl: 600 },
            remark: { remark: "登录验证" },
        };

        it("reports no change for the same inputs, whatever the status", async () => {
            for (const { statusCode } of STATUSES) {
                expect(await diff(outputs(statusCode), inputs), `status ${statusCode}`).to.include({ changes: false });
            }
        });

        for (const [field, change] of Object.entries(changedCopy)) {
            for (const { statusCode, status } of STATUSES) {
                if (statusCode === 2) {
                    it(`updates in place when ${field} changes on a rejected template`, async () => {
                        const d = await diff(outputs(2), { ...inputs, ...change });
                        expect(d.changes).to.equal(true);
                        expect(d.replaces ?? []).to.deep.equal([]);
                    });
                } else {
                    it(`replaces (create before delete) when ${field} changes on a ${status} template`, async () => {
                        const d = await diff(outputs(statusCode), { ...inputs, ...change });
                        expect(d.changes).to.equal(true);
                        expect(d.replaces).to.include(field);
                        expect(d.deleteBeforeReplace).to.equal(false);
                    });
                }
            }
        }

        it("replaces when app changes, even on a rejected template", async () => {
            for (const { statusCode } of STATUSES) {
                const d = await diff(outputs(statusCode), { ...inputs, app: "b" });
                expect(d.changes, `status ${statusCode}`).to.equal(true);
                expect(d.replaces).to.deep.equal(["app"]);
                expect(d.deleteBeforeReplace).to.equal(false);
            }
        });

        it("updates, never replaces, when only waitForReview changes", async () => {
            for (const { statusCode } of STATUSES) {
                const d = await diff(outputs(statusCode), { ...inputs, waitForReview: true });
                expect(d.changes, `status ${statusCode}`).to.equal(true);
                expect(d.replaces ?? []).to.deep.equal([]);
                const back = await diff(outputs(statusCode, { waitForReview: { timeoutSeconds: 5 } }), inputs);
                expect(back.changes).to.equal(true);
                expect(back.replaces ?? []).to.deep.equal([]);
            }
        });

        it('treats an absent ttl as 0 and an absent remark as "" (what JSMS answers for none)', async () => {
            const notice = { template: "您的订单{{orderNo}}已发货", type: 2 };
            const olds = {
                ...PROVIDER,
                ...notice,
                ttl: 0,
                remark: "",
                tempId: 10001,
                statusCode: 1,
                status: "approved",
            };
            expect(await diff(olds, notice)).to.include({ changes: false });
            const oldsWithout = { ...PROVIDER, ...notice, tempId: 10001, statusCode: 1, status: "approved" };
            expect(await diff(oldsWithout, { ...notice, ttl: 0, remark: "" })).to.include({ changes: false });
        });

        it("reports an unknown copy field as a change (a replacement unless rejected)", async () => {
            for (const field of ["template", "type", "ttl", "remark"]) {
                const d = await diff(outputs(1), { ...inputs, [field]: UNKNOWN });
                expect(d.changes, field).to.equal(true);
                expect(d.replaces).to.include(field);
                const rejected = await diff(outputs(2), { ...inputs, [field]: UNKNOWN });
                expect(rejected.changes, field).to.equal(true);
            }
        });

        it("reports an unknown app, adoptId or waitForReview as a change", async () => {
            const app = await diff(outputs(1), { ...inputs, app: UNKNOWN });
            expect(app.changes).to.equal(true);
            expect(app.replaces).to.include("app");
            const adopt = await diff(outputs(1, { adoptId: 10001 }), { ...inputs, adoptId: UNKNOWN });
            expect(adopt.changes).to.equal(true);
            expect(adopt.replaces).to.include("adoptId");
            expect((await diff(outputs(1), { ...inputs, waitForReview: UNKNOWN })).changes).to.equal(true);
        });

        it("keeps an adopted template when adoptId is its id, and replaces when adoptId points elsewhere", async () => {
            expect(await diff(outputs(1, { adoptId: 10001 }), { ...inputs, adoptId: 10001 })).to.include({
                changes: false,
            });
            const d = await diff(outputs(1), { ...inputs, adoptId: 10002 });
            expect(d.changes).to.equal(true);
            expect(d.replaces).to.include("adoptId");
        });
    });

    describe("signature", () => {
        let files: ImageFiles;

        before(() => {
            files = writeImageFiles();
        });

        after(() => files.cleanup());

        /** The checked inputs, as the engine hands them to diff (with the digests check computes). */
        async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
            const result = await handlers.signature.check({} as any, { ...PROVIDER, ...news } as any);
            expect(result.failures).to.deep.equal([]);
            return result.inputs as unknown as Record<string, unknown>;
        }

        function base() {
            return {
                sign: "极光推送",
                type: 1,
                remark: "公司简称",
                images: [files.png],
                qualification: validQualification(files),
            };
        }

        async function outputs(statusCode: number, overrides: Record<string, unknown> = {}) {
            return {
                ...(await checked({ ...base(), ...overrides })),
                signId: 20001,
                statusCode,
                status: STATUSES[statusCode].status,
                isDefault: false,
                inUse: false,
            };
        }

        const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
            handlers.signature.diff("20001", olds as any, news as any);

        const changedCopy: Record<string, () => Record<string, unknown>> = {
            sign: () => ({ sign: "极光短信" }),
            type: () => ({
                type: 6,
                qualification: { ...base().qualification, businessLicenseImage: undefined, trademarkImage: files.png },
            }),
            remark: () => ({ remark: "品牌名" }),
            imageDigests: () => ({ images: [files.otherPng] }),
            qualification: () => ({ qualification: { ...base().qualification, legalPersonName: "李四" } }),
        };

        it("reports no change for the same inputs, whatever the status", async () => {
            for (const { statusCode } of STATUSES) {
                expect(await diff(await outputs(statusCode), await checked(base())), `status ${statusCode}`).to.include(
                    { changes: false },
                );
            }
        });

        for (const [field, change] of Object.entries(changedCopy)) {
            it(`updates in place when ${field} changes on a rejected signature`, async () => {
                const d = await diff(await outputs(2), await checked({ ...base(), ...change() }));
                expect(d.changes).to.equal(true);
                expect(d.replaces ?? []).to.deep.equal([]);
            });

            it(`replaces, deleting first, when ${field} changes on a pending signature (one pending per app)`, async () => {
                const d = await diff(await outputs(0), await checked({ ...base(), ...change() }));
                expect(d.changes).to.equal(true);
                expect(d.replaces).to.include(field);
                expect(d.deleteBeforeReplace).to.equal(true);
            });

            it(`replaces, creating first, when ${field} changes on an approved signature`, async () => {
                const d = await diff(await outputs(1), await checked({ ...base(), ...change() }));
                expect(d.changes).to.equal(true);
                expect(d.replaces).to.include(field);
                expect(d.deleteBeforeReplace).to.equal(false);
            });
        }

        it("sees no change for a signature without images (outputs record imageDigests: [], check adds none)", async () => {
            for (const { statusCode } of STATUSES) {
                const plain = { sign: "极光推送" };
                const olds = {
                    ...(await checked(plain)),
                    imageDigests: [],
                    signId: 20001,
                    statusCode,
                    status: STATUSES[statusCode].status,
                    isDefault: false,
                    inUse: false,
                };
                expect(await diff(olds, await checked(plain)), `status ${statusCode}`).to.include({ changes: false });
            }
        });

        it("replaces an approved signature whose images are all removed", async () => {
            const { images: _images, ...withoutImages } = base();
            const d = await diff(await outputs(1), await checked(withoutImages));
            expect(d.changes).to.equal(true);
            expect(d.replaces).to.include("imageDigests");
        });

        it("does not replace when an image is renamed but keeps its content", async () => {
            for (const { statusCode } of STATUSES) {
                const d = await diff(
                    await outputs(statusCode),
                    await checked({ ...base(), images: [files.pngRenamed] }),
                );
                expect(d.replaces ?? [], `status ${statusCode}`).to.deep.equal([]);
            }
        });

        it("does not replace when a qualification file is renamed but keeps its content", async () => {
            const renamed = { ...base().qualification, businessLicenseImage: files.pngRenamed };
            const d = await diff(await outputs(1), await checked({ ...base(), qualification: renamed }));
            expect(d.replaces ?? []).to.deep.equal([]);
        });

        it("replaces when app changes, and only updates when only waitForReview changes", async () => {
            for (const { statusCode } of STATUSES) {
                const app = await diff(await outputs(statusCode), await checked({ ...base(), app: "b" }));
                expect(app.changes).to.equal(true);
                expect(app.replaces).to.deep.equal(["app"]);
                const wait = await diff(await outputs(statusCode), await checked({ ...base(), waitForReview: true }));
                expect(wait.changes, `status ${statusCode}`).to.equal(true);
                expect(wait.replaces ?? []).to.deep.equal([]);
            }
        });

        it("reports unknown values as changes (replacing an approved signature)", async () => {
            const unknowns = [
                { sign: UNKNOWN },
                { type: UNKNOWN },
                { images: UNKNOWN },
                { images: [UNKNOWN] },
                { remark: UNKNOWN },
                { qualification: UNKNOWN },
                { app: UNKNOWN },
                { adoptId: UNKNOWN },
            ];
            for (const news of unknowns) {
                const d = await diff(await outputs(1), await checked({ ...base(), ...news }));
                expect(d.changes, JSON.stringify(news)).to.equal(true);
                expect(d.replaces ?? [], JSON.stringify(news)).not.to.deep.equal([]);
            }
            const wait = await diff(await outputs(1), await checked({ ...base(), waitForReview: UNKNOWN }));
            expect(wait.changes).to.equal(true);
        });
    });
});
