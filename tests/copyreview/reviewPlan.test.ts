// The plan: which action, why, the counts from the provider's smsCounting, grouping and unchanged objects.
import { expect } from "chai";
import { parseUrn, planCopyReview } from "../../copyreview/reviewPlan";
import { KINDS } from "../../provider/schema/resourceTable";
import { previewOf, templateStep } from "./previewSteps";

describe("copy review: the plan of changes", () => {
    it("says why in plain words for each action, by review status", () => {
        const review = planCopyReview(
            previewOf([
                templateStep("create", "a", undefined, { template: "新" }),
                templateStep("update", "b", { template: "旧", status: "rejected" }, { template: "新" }),
                templateStep(
                    "replace",
                    "c",
                    { template: "旧", status: "approved" },
                    { template: "新", waitForReview: { timeoutSeconds: 60 } },
                ),
                templateStep("delete", "d", { template: "旧", status: "approved" }),
                templateStep("same", "e", { template: "同", status: "approved" }, { template: "同" }),
            ]),
        );
        const why = Object.fromEntries(review.groups[0].changes.map((c) => [c.name, `${c.action}: ${c.why}`]));
        expect(why.a).to.match(/^create: new: JSMS reviews it/);
        expect(why.b).to.match(
            /^update: updated: the template was rejected, and JSMS lets a rejected template be edited/,
        );
        expect(why.c).to.equal(
            "replace: replaced: JSMS only edits rejected templates, so the approved one keeps sending until the new one passes review; then it is deleted.",
        );
        expect(why.d).to.match(/^delete: deleted:/);
        expect(review.groups[0].unchanged).to.equal(1);
        expect(review.unchangedListed).to.equal(true);
    });

    it("merges the parts of a replacement into one change with the old and the new copy", () => {
        const review = planCopyReview(
            previewOf([
                templateStep("create-replacement", "r", { template: "旧", status: "approved" }, { template: "新" }),
                templateStep("delete-replaced", "r", { template: "旧", status: "approved" }),
            ]),
        );
        expect(review.groups[0].changes).to.have.length(1);
        const change = review.groups[0].changes[0];
        expect([change.action, change.old?.source.body, change.new?.source.body]).to.deep.equal([
            "replace",
            "旧",
            "新",
        ]);
    });

    it("counts with the opt-out text of marketing templates and the declared lengths", () => {
        const review = planCopyReview(
            previewOf(
                [
                    templateStep("create", "m", undefined, {
                        template: "上新{{n}}件",
                        type: 3,
                        variableLengths: { n: 3 },
                    }),
                ],
                { "jsms:optOutSuffix": "拒收请回复R" },
            ),
        );
        const count = review.groups[0].changes[0].new!.count!;
        // 【极光推送】6 + 上新件 3 + n 3 + 拒收请回复R 6
        expect([count.length, count.segments, count.lengthIsMinimum]).to.deep.equal([18, 1, false]);
        expect(review.groups[0].changes[0].new!.source.optOut).to.equal("拒收请回复R");
    });

    it("groups by stack and app, and leaves other resources out", () => {
        const other = templateStep("create", "x", undefined, { template: "别的应用", app: "marketing" });
        const doc = previewOf([templateStep("create", "a", undefined, { template: "默认" }), other]);
        doc.steps.push({
            op: "create",
            urn: "urn:pulumi:prod::shop::aws:s3/bucket:Bucket::b",
            newState: { urn: "u", type: "aws:s3/bucket:Bucket", inputs: {}, outputs: {} },
            replaceReasons: [],
        });
        const review = planCopyReview(doc);
        expect(review.groups.map((g) => `${g.project}/${g.stack}/${g.app}:${g.changes.length}`)).to.deep.equal([
            "shop/prod/appkey123:1",
            "shop/prod/marketing:1",
        ]);
    });

    it("counts unchanged objects only when the preview lists them (--show-sames)", () => {
        const changed = templateStep("create", "a", undefined, { template: "新" });
        const withoutSames = previewOf([changed]);
        withoutSames.changeSummary = { create: 1, same: 3 };
        expect(planCopyReview(withoutSames).unchangedListed).to.equal(false);
        const withSames = previewOf([changed, templateStep("same", "b", { template: "同" }, { template: "同" })]);
        withSames.changeSummary = { create: 1, same: 3 };
        expect(planCopyReview(withSames).unchangedListed).to.equal(true);
        const onlyStack = previewOf([changed]);
        onlyStack.changeSummary = { create: 1, same: 1 };
        expect(planCopyReview(onlyStack).unchangedListed).to.equal(true);
    });

    it("reads a URN whose name holds colons, ::, and line breaks (a YAML key may)", () => {
        const name = "order\n::x https://evil.example/a:b";
        expect(parseUrn(`urn:pulumi:prod::shop::pulumi-nodejs:dynamic/jsms:SmsTemplate::${name}`)).to.deep.equal({
            stack: "prod",
            project: "shop",
            name,
        });
        expect(parseUrn("urn:pulumi:s::p::jsms:index:SmsTemplate::t")).to.deep.equal({
            stack: "s",
            project: "p",
            name: "t",
        });
    });

    describe("which fields are copy comes from the table", () => {
        // A change of only the sign text a template is sent with: the preview also shows the derived outputs move.
        const signatureOnly = () =>
            planCopyReview(
                previewOf([
                    templateStep(
                        "update",
                        "s",
                        {
                            template: "您好",
                            signature: "旧签名",
                            message: "【旧签名】您好",
                            length: 9,
                            status: "approved",
                        },
                        { template: "您好", signature: "新签名", message: "【新签名】您好", length: 9 },
                    ),
                ]),
            ).groups[0].changes[0];

        it("names only the declared input when derived outputs change with it", () => {
            const change = signatureOnly();
            expect(change.changedFields).to.deep.equal(["signature"]);
            expect(change.why).to.equal(
                "updated: only settings JSMS never sees change (signature), so nothing is resubmitted and its review stands.",
            );
        });

        it("changing a field's copy flag in the table changes the review's wording, with no other edit", () => {
            const signature = KINDS.template.fields.signature as { copy?: boolean };
            signature.copy = true;
            try {
                expect(signatureOnly().why).to.match(/^updated: the template was rejected, and JSMS lets/);
            } finally {
                delete signature.copy;
            }
            expect(signatureOnly().why).to.match(/^updated: only settings JSMS never sees change/);
        });
    });
});
