// Invisible and bidirectional control characters under the real Pulumi CLI: a template whose copy hides a
// right-to-left override and whose remark hides a zero-width space fails preview, each on its property with the code
// point and position named, and nothing reaches JSMS.
import { expect } from "chai";
import { diagnosticsOf, summaryOf } from "./support";
import { useSimulatedProject } from "./support/simulatedProject";
import { templateProgram } from "./support/templateScenarioProgram";
import { requestLines } from "./support/templateScenarioSimulator";

const APP = { appKey: "e2einvisiblekey4d9a02", masterSecret: "e2einvisiblesecret-6b1f3e" };

describe("e2e: invisible characters fail preview (real Pulumi CLI)", function () {
    this.timeout(180_000);
    const suite = useSimulatedProject(
        APP,
        { review: "manual" },
        {
            name: "jsms-invisible",
            program: templateProgram({
                refund: { template: "您的退款\u202e0001\u202c元已到账。", type: 2, remark: "退款\u200b通知" },
            }),
            config: { "jsms:maxRetries": "1" },
        },
    );

    it("names each character's code point and position on its property, and calls nothing", async () => {
        const { sim, project } = suite;
        const preview = await project.preview({ allowFailure: true });
        const out = `${preview.stdout}\n${preview.stderr}`;
        expect(preview.code, out).to.not.equal(0);
        expect(out).to.contain("U+202E RIGHT-TO-LEFT OVERRIDE at character 5");
        expect(out).to.contain("U+202C POP DIRECTIONAL FORMATTING at character 10");
        expect(out).to.contain("U+200B ZERO WIDTH SPACE at character 3");
        const errors = diagnosticsOf(preview.events, { severity: "error" }).filter((d) => d.urn?.endsWith("::refund"));
        expect(errors.map((d) => d.message.match(/property (\w+)/)?.[1])).to.have.members(["template", "remark"]);
        expect(summaryOf(preview.events)?.result).to.equal("failed");
        expect(requestLines(await sim.requests()), "requests made by the failed preview").to.deep.equal([]);
    });
});
