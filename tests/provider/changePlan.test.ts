/**
 * The change plan on its own, for both kinds: which properties change and how, update or replace by review status,
 * which replacement deletes first, the sentence that says why, and the adoptId guard.
 */
import { expect } from "chai";
import { ProviderError } from "../../provider/errors";
import { copyChanges, planChange } from "../../provider/lifecycle/changePlan";
import { UNKNOWN } from "../../provider/lifecycle/inputValues";
import { signatureKind } from "../../provider/lifecycle/signatureKind";
import { templateKind } from "../../provider/lifecycle/templateKind";

const TEMPLATE = { template: "您的验证码是{{code}}", type: 1, ttl: 60, remark: "登录" };
const SIGNATURE = { sign: "极光推送", type: 1, remark: "公司简称" };
const PENDING = 0;
const APPROVED = 1;
const REJECTED = 2;

/** A recorded template (last run's outputs) with `statusCode`. */
const recordedTemplate = (statusCode: number, extra: Record<string, unknown> = {}) => ({
    ...TEMPLATE,
    tempId: 7,
    statusCode,
    ...extra,
});
/** A recorded signature with `statusCode`. */
const recordedSignature = (statusCode: number, extra: Record<string, unknown> = {}) => ({
    ...SIGNATURE,
    signId: 9,
    statusCode,
    ...extra,
});

const planTemplate = (
    recorded: Record<string, unknown>,
    declared: Record<string, unknown>,
    other: string[] = ["waitForReview"],
) => planChange(templateKind, "7", recorded, declared as never, other);
const planSignature = (recorded: Record<string, unknown>, declared: Record<string, unknown>) =>
    planChange(signatureKind, "9", recorded, declared as never, []);

describe("provider/lifecycle/changePlan", () => {
    describe("copyChanges", () => {
        it("lists the copy fields that differ, in the kind's order, and an unknown value as changed", () => {
            expect(copyChanges(templateKind, recordedTemplate(APPROVED), TEMPLATE)).to.deep.equal([]);
            expect(
                copyChanges(templateKind, recordedTemplate(APPROVED), {
                    ...TEMPLATE,
                    remark: "注册",
                    template: "新{{code}}",
                }),
            ).to.deep.equal(["template", "remark"]);
            expect(copyChanges(templateKind, recordedTemplate(APPROVED), { ...TEMPLATE, ttl: UNKNOWN })).to.deep.equal([
                "ttl",
            ]);
            expect(copyChanges(templateKind, recordedTemplate(APPROVED, { ttl: UNKNOWN }), TEMPLATE)).to.deep.equal([
                "ttl",
            ]);
            // Two unknowns are not the same value: either may turn out to be anything.
            expect(
                copyChanges(templateKind, recordedTemplate(APPROVED, { ttl: UNKNOWN }), { ...TEMPLATE, ttl: UNKNOWN }),
            ).to.deep.equal(["ttl"]);
        });
    });

    describe("nothing changed", () => {
        it("plans no change, no replacement and no reason, whatever the status", () => {
            for (const status of [PENDING, APPROVED, REJECTED]) {
                expect(planTemplate(recordedTemplate(status), TEMPLATE)).to.deep.equal({
                    changes: false,
                    replaces: [],
                    deleteBeforeReplace: false,
                    detailedDiff: {},
                    reason: undefined,
                });
            }
        });
    });

    describe("a change of copy", () => {
        it("replaces a pending or approved template, created first, saying why", () => {
            for (const [status, name] of [
                [PENDING, "pending"],
                [APPROVED, "approved"],
            ] as const) {
                expect(
                    planTemplate(recordedTemplate(status), { ...TEMPLATE, template: "新的验证码{{code}}" }),
                    name,
                ).to.deep.equal({
                    changes: true,
                    replaces: ["template"],
                    deleteBeforeReplace: false,
                    detailedDiff: { template: "update-replace" },
                    reason: `the template is ${name} and JSMS modifies only rejected ones, so a new template replaces it`,
                });
            }
        });

        it("updates a rejected template in place, saying JSMS lets it be resubmitted", () => {
            expect(planTemplate(recordedTemplate(REJECTED), { ...TEMPLATE, ttl: 120, remark: "注册" })).to.deep.equal({
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
                detailedDiff: { ttl: "update", remark: "update" },
                reason: "the template was rejected, so JSMS lets it be modified and resubmitted in place",
            });
        });

        it("names an added and a removed copy field as such", () => {
            const { remark, ...withoutRemark } = TEMPLATE;
            expect(remark).to.be.a("string");
            expect(planTemplate(recordedTemplate(APPROVED), withoutRemark).detailedDiff).to.deep.equal({
                remark: "delete-replace",
            });
            expect(planTemplate(recordedTemplate(REJECTED), withoutRemark).detailedDiff).to.deep.equal({
                remark: "delete",
            });
            const recordedWithout = { ...withoutRemark, tempId: 7, statusCode: APPROVED };
            expect(planTemplate(recordedWithout, TEMPLATE).detailedDiff).to.deep.equal({ remark: "add-replace" });
            expect(planTemplate({ ...recordedWithout, statusCode: REJECTED }, TEMPLATE).detailedDiff).to.deep.equal({
                remark: "add",
            });
        });

        it("treats a recorded status that is missing as pending", () => {
            const { statusCode, ...noStatus } = recordedTemplate(APPROVED);
            expect(statusCode).to.equal(APPROVED);
            expect(planTemplate(noStatus, { ...TEMPLATE, ttl: 90 })).to.deep.include({ replaces: ["ttl"] });
            expect(planTemplate(noStatus, { ...TEMPLATE, ttl: 90 }).reason).to.contain("is pending");
        });

        it("deletes a pending signature before creating its replacement, but not an approved or rejected one", () => {
            const pending = planSignature(recordedSignature(PENDING), { ...SIGNATURE, remark: "公司全称" });
            expect(pending).to.deep.equal({
                changes: true,
                replaces: ["remark"],
                deleteBeforeReplace: true,
                detailedDiff: { remark: "update-replace" },
                reason: "the signature is pending and JSMS modifies only rejected ones, so a new signature replaces it",
            });
            expect(planSignature(recordedSignature(APPROVED), { ...SIGNATURE, remark: "公司全称" })).to.deep.include({
                deleteBeforeReplace: false,
                replaces: ["remark"],
            });
            expect(planSignature(recordedSignature(REJECTED), { ...SIGNATURE, remark: "公司全称" })).to.deep.include({
                deleteBeforeReplace: false,
                replaces: [],
            });
            expect(planSignature(recordedSignature(PENDING), SIGNATURE), "nothing to replace").to.deep.include({
                deleteBeforeReplace: false,
                changes: false,
            });
        });

        it("never deletes a template first, even a pending one", () => {
            expect(planTemplate(recordedTemplate(PENDING), { ...TEMPLATE, type: 2 })).to.deep.include({
                deleteBeforeReplace: false,
                replaces: ["type"],
            });
        });
    });

    describe("changes JSMS never sees", () => {
        it("updates the other fields without a replacement or a reason, whatever the status", () => {
            for (const status of [PENDING, APPROVED, REJECTED]) {
                expect(planTemplate(recordedTemplate(status), { ...TEMPLATE, waitForReview: true })).to.deep.equal({
                    changes: true,
                    replaces: [],
                    deleteBeforeReplace: false,
                    detailedDiff: { waitForReview: "add" },
                    reason: undefined,
                });
            }
            expect(
                planTemplate(recordedTemplate(APPROVED, { waitForReview: true }), TEMPLATE).detailedDiff,
            ).to.deep.equal({ waitForReview: "delete" });
            expect(
                planTemplate(recordedTemplate(APPROVED, { waitForReview: true }), {
                    ...TEMPLATE,
                    waitForReview: { timeoutSeconds: 5 },
                }).detailedDiff,
            ).to.deep.equal({ waitForReview: "update" });
            expect(
                planTemplate(recordedTemplate(APPROVED, { waitForReview: true }), { ...TEMPLATE, waitForReview: true })
                    .changes,
            ).to.equal(false);
        });

        it("ignores fields that are neither copy nor listed", () => {
            expect(planTemplate(recordedTemplate(APPROVED), { ...TEMPLATE, waitForReview: true }, []).changes).to.equal(
                false,
            );
        });

        it("lists a copy field once when it is also listed as another field", () => {
            expect(
                planTemplate(recordedTemplate(REJECTED), { ...TEMPLATE, remark: "注册" }, ["remark"]).detailedDiff,
            ).to.deep.equal({ remark: "update" });
        });
    });

    describe("the app and adoptId", () => {
        it("replaces on a change of app, whatever the status, creating first", () => {
            for (const status of [PENDING, APPROVED, REJECTED]) {
                expect(planTemplate(recordedTemplate(status, { app: "a" }), { ...TEMPLATE, app: "b" })).to.deep.equal({
                    changes: true,
                    replaces: ["app"],
                    deleteBeforeReplace: false,
                    detailedDiff: { app: "update-replace" },
                    reason: undefined,
                });
            }
            expect(planTemplate(recordedTemplate(APPROVED), { ...TEMPLATE, app: "b" }).detailedDiff).to.deep.equal({
                app: "add-replace",
            });
            expect(planSignature(recordedSignature(PENDING, { app: "a" }), SIGNATURE)).to.deep.include({
                replaces: ["app"],
                deleteBeforeReplace: true,
            });
        });

        it("replaces when adoptId names another object, and plans nothing when it names this one", () => {
            expect(planTemplate(recordedTemplate(APPROVED), { ...TEMPLATE, adoptId: 8 })).to.deep.include({
                replaces: ["adoptId"],
                detailedDiff: { adoptId: "add-replace" },
            });
            expect(
                planTemplate(recordedTemplate(APPROVED, { adoptId: 7 }), { ...TEMPLATE, adoptId: 7 }).changes,
            ).to.equal(false);
            expect(
                planTemplate(recordedTemplate(APPROVED, { adoptId: 7 }), { ...TEMPLATE, adoptId: "7" }).replaces,
            ).to.deep.equal([]);
        });

        it("refuses a replacement that would adopt the same object again, naming adoptId and what forces it", () => {
            for (const [recorded, declared, forced] of [
                [
                    recordedTemplate(APPROVED, { adoptId: 7 }),
                    { ...TEMPLATE, adoptId: 7, template: "新{{code}}" },
                    "template",
                ],
                [recordedTemplate(REJECTED, { adoptId: 7, app: "a" }), { ...TEMPLATE, adoptId: 7, app: "b" }, "app"],
                [
                    recordedTemplate(PENDING, { adoptId: 7, app: "a" }),
                    { ...TEMPLATE, adoptId: 7, app: "b", ttl: 5 },
                    "app, ttl",
                ],
            ] as const) {
                let error: unknown;
                try {
                    planTemplate(recorded, declared);
                } catch (caught) {
                    error = caught;
                }
                expect(error).to.be.instanceOf(ProviderError);
                expect((error as Error).message).to.equal(
                    `template 7 was adopted with adoptId 7, which the program still declares; this change (${forced}) needs a new object, ` +
                        "and keeping adoptId would adopt the old one again. Remove adoptId (it only matters for the first pulumi up), then run the command again",
                );
            }
        });

        it("lets a rejected adopted template be updated in place with adoptId still declared", () => {
            expect(
                planTemplate(recordedTemplate(REJECTED, { adoptId: 7 }), { ...TEMPLATE, adoptId: 7, ttl: 30 }),
            ).to.deep.include({ replaces: [], detailedDiff: { ttl: "update" } });
        });
    });
});
