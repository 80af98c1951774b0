// What a reviewer sees in a pull request that changes SMS copy, under the real CLI with the gitops example and its
// policy pack: `preview --diff` shows what one send costs change (`segments: 1 => 2`) with a warning beside the
// template; the pack's mandatory rule fails the preview naming the rule, and nothing reaches JSMS; at advisory it is
// reported while the preview succeeds.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OperationResult, repoRoot } from "./support";
import { useSimulatedProject } from "./support/simulatedProject";

const APP = { appKey: "e2ereviewkey6a1d09c3", masterSecret: "e2ereviewsecret-2b7f4e81" };
const LONGER =
    "订单{{orderNo}}已支付{{amount}}元，我们会尽快为您发货。发货后您会再收到一条短信，内含快递公司、运单号和预计送达时间，请留意查收，如有疑问请联系客服。";

function printed(r: OperationResult): string {
    return `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
}

describe("e2e: reviewing a change of copy (gitops example, policy pack, real Pulumi CLI)", function () {
    this.timeout(600_000);
    const suite = useSimulatedProject(
        APP,
        { review: "approve" },
        {
            name: "review-copy",
            copyFrom: path.join(repoRoot(), "examples", "gitops"),
            env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        },
    );

    before(async () => {
        const { sim, project } = suite;
        await project.up();
        await project.refresh();
        const yaml = path.join(project.dir, "templates.yaml");
        fs.writeFileSync(
            yaml,
            fs.readFileSync(yaml, "utf8").replace("订单{{orderNo}}已支付{{amount}}元，我们会尽快为您发货。", LONGER),
        );
        await sim.clearRequests();
    });

    function previewWith(config: Record<string, unknown>): Promise<OperationResult> {
        const { project } = suite;
        project.writeFile("review-policy.json", JSON.stringify(config));
        const args = ["--diff", "--policy-pack", "policy", "--policy-pack-config", "review-policy.json"];
        return project.preview({ args, allowFailure: true });
    }

    it("preview --diff shows segments 1 => 2 with a warning naming the template, and the advisory rule passes", async () => {
        const { sim } = suite;
        const preview = await previewWith({
            "jsms-max-segments": { enforcementLevel: "advisory", maxSegments: 1 },
            "jsms-signature-qualification": "disabled",
        });
        const out = printed(preview);
        expect(preview.code, out).to.equal(0);
        expect(out).to.match(/segments\s*:\s*1 => 2/);
        expect(out).to.contain('template "order-paid" costs 2 SMS per send');
        expect(out).to.contain("jsms-max-segments").and.to.contain("advisory");
        expect(await sim.requests(), out).to.deep.equal([]);
        if (process.env.JSMS_E2E_DUMP === "1") process.stderr.write(out);
    });

    it("the mandatory rule of the example's config fails the preview and the up, naming the rule; nothing is written", async () => {
        const { sim, project } = suite;
        const preview = await project.preview({
            args: ["--diff", "--policy-pack", "policy", "--policy-pack-config", "policy/policy-config.json"],
            allowFailure: true,
        });
        expect(preview.code, printed(preview)).to.not.equal(0);
        expect(printed(preview))
            .to.contain("jsms-max-segments")
            .and.to.contain("mandatory")
            .and.to.contain("order-paid");
        const up = await project.up({
            args: ["--policy-pack", "policy", "--policy-pack-config", "policy/policy-config.json"],
            allowFailure: true,
        });
        expect(up.code, printed(up)).to.not.equal(0);
        expect(printed(up)).to.contain("jsms-max-segments").and.to.contain("mandatory").and.to.contain("order-paid");
        // The up failed because of that rule: the engine reported its mandatory violation on the template.
        const violations = up.events
            .map(
                (e) =>
                    e.policyEvent as
                        | { policyName?: string; enforcementLevel?: string; resourceUrn?: string }
                        | undefined,
            )
            .filter((e) => e?.policyName === "jsms-max-segments");
        expect(
            violations.map((v) => [v!.enforcementLevel, v!.resourceUrn?.endsWith("::order-paid")]),
            printed(up),
        ).to.deep.include(["mandatory", true]);
        expect(
            (await sim.requests()).filter((r) => r.method !== "GET"),
            printed(up),
        ).to.deep.equal([]);
        if (process.env.JSMS_E2E_DUMP === "1") process.stderr.write(printed(preview));
    });
});
