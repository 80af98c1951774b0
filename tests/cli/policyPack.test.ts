// A Node.js policy pack (fixtures/policy-pack) under `pulumi preview --policy-pack`, through the installed CLI's
// Node.js language host (RunPlugin). The program declares a dynamic resource of type
// pulumi-nodejs:dynamic/jsms:SmsTemplate and, as a control, one of another type with the same properties: the pack's
// rules must hit the template only, one matched through the class's static __pulumiType, one through isInstance.
import { expect } from "chai";
import * as path from "path";
import { EngineEvent, OperationResult, PulumiProject, repoRoot, requirePulumiCli } from "../e2e/support";

const PACK = path.join(repoRoot(), "tests", "cli", "fixtures", "policy-pack");

// A provider that is never asked to write: preview only checks and diffs.
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");

const provider = {
    async create(inputs) {
        return { id: "never-" + inputs.content, outs: inputs };
    },
};

class Template extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
        super(provider, name, args, opts, "jsms", "SmsTemplate");
    }
}
class Note extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
        super(provider, name, args, opts, "smoke", "Note");
    }
}

new Template("welcome", { content: "a forbidden word" });
new Note("memo", { content: "a forbidden word" });
`;

/** One policy violation as the engine reports it. */
interface Violation {
    policyName: string;
    enforcementLevel: string;
    resourceUrn: string;
    message: string;
}

function violationsOf(events: EngineEvent[]): Violation[] {
    return events
        .filter((e) => e.policyEvent !== undefined)
        .map((e) => e.policyEvent as unknown as Violation)
        .sort((a, b) => a.policyName.localeCompare(b.policyName));
}

function show(r: OperationResult): string {
    return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

describe("Policy pack under pulumi preview --policy-pack", function () {
    this.timeout(180_000);
    let project: PulumiProject | undefined;

    before(async function () {
        requirePulumiCli(this);
        project = await PulumiProject.create({ name: "cli-policy", program: PROGRAM });
    });

    after(async function () {
        await project?.dispose();
    });

    function preview(config?: Record<string, string>): Promise<OperationResult> {
        const args = ["--policy-pack", PACK];
        if (config) {
            project!.writeFile("policy-config.json", JSON.stringify(config));
            args.push("--policy-pack-config", path.join(project!.dir, "policy-config.json"));
        }
        return project!.preview({ args, allowFailure: true });
    }

    it("fails the preview on a mandatory violation, naming the rule and the template only", async function () {
        const r = await preview();
        expect(r.code, show(r)).to.not.equal(0);
        expect(r.stdout).to.contain("no-forbidden-copy").and.contain("mandatory");
        const violations = violationsOf(r.events);
        expect(
            violations.map((v) => [v.policyName, v.enforcementLevel]),
            show(r),
        ).to.deep.equal([
            ["no-forbidden-copy", "mandatory"],
            ["remark-required", "advisory"],
        ]);
        for (const v of violations) {
            // Matched by type: the template, never the note with the same properties.
            expect(v.resourceUrn).to.match(/::pulumi-nodejs:dynamic\/jsms:SmsTemplate::welcome$/);
        }
        expect(violations[0].message).to.contain("template 'welcome' contains 'forbidden': reword its content");
        expect(violations[1].message).to.contain("template 'welcome' has no remark");
    });

    it("passes the preview with the rule made advisory by a config file, still printing the warning", async function () {
        const r = await preview({ "no-forbidden-copy": "advisory" });
        expect(r.code, show(r)).to.equal(0);
        expect(violationsOf(r.events).map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
            ["no-forbidden-copy", "advisory"],
            ["remark-required", "advisory"],
        ]);
        expect(r.stdout).to.contain("advisory").and.contain("template 'welcome' contains 'forbidden'");
    });

    it("reports nothing for a rule the config file disables", async function () {
        const r = await preview({ "no-forbidden-copy": "disabled", "remark-required": "disabled" });
        expect(r.code, show(r)).to.equal(0);
        expect(violationsOf(r.events)).to.deep.equal([]);
        expect(r.stdout).to.not.contain("contains 'forbidden'");
    });
});
