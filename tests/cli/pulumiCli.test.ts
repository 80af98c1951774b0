// Smoke test of the Pulumi CLI that scripts/install-pulumi.sh provides: a one-resource dynamic-provider program
// goes through `pulumi up` and `pulumi destroy` on a local file backend, with no network. It proves the three
// binaries work together (CLI, Node.js language host, dynamic-provider plugin) before the e2e suite relies on them.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as os from "os";
import * as path from "path";
import {
    findPulumiCli,
    INSTALL_HINT,
    PulumiCli,
    PulumiProject,
    requirePulumiCli,
    resourcesOfType,
    serializedProvider,
    stepsOf,
    summaryOf,
} from "../e2e/support";
import { findPlugin } from "./pulumiPlugins";

const THING = "pulumi-nodejs:dynamic/smoke:Thing";

// A trivial provider: nothing is written anywhere, create returns an id derived from the input.
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");

class ThingProvider {
    async create(inputs) {
        return { id: "thing-" + inputs.label, outs: { label: inputs.label, createdBy: "smoke" } };
    }
    async delete() {}
}
const provider = new ThingProvider();

class Thing extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
        super(provider, name, { ...args, createdBy: undefined }, opts, "smoke", "Thing");
    }
}

const thing = new Thing("thing", { label: "one" });
exports.thingId = thing.id;
exports.createdBy = thing.createdBy;
`;

describe("Pulumi CLI", function () {
    describe("requirePulumiCli", function () {
        const noCli = { PATH: path.join(os.tmpdir(), "no-such-dir-for-pulumi") };

        it("finds nothing on a PATH without pulumi", function () {
            expect(findPulumiCli(noCli)).to.equal(undefined);
        });

        it("fails with the install instructions when JSMS_REQUIRE_PULUMI_CLI is set", function () {
            const ctx = { skip: () => expect.fail("must not skip") };
            expect(() => requirePulumiCli(ctx, { ...noCli, JSMS_REQUIRE_PULUMI_CLI: "1" })).to.throw(
                /bash scripts\/install-pulumi\.sh/,
            );
        });

        it("skips, naming the install script, when the CLI is optional", function () {
            let skipped = false;
            const ctx = {
                skip: () => {
                    skipped = true;
                    throw new Error("skipped");
                },
            };
            const write = process.stderr.write;
            let printed = "";
            process.stderr.write = ((s: string) => {
                printed += s;
                return true;
            }) as typeof process.stderr.write;
            try {
                expect(() => requirePulumiCli(ctx, noCli)).to.throw("skipped");
            } finally {
                process.stderr.write = write;
            }
            expect(skipped).to.equal(true);
            expect(printed).to.contain(INSTALL_HINT);
        });
    });

    describe("with the installed CLI", function () {
        this.timeout(180_000);
        let cli: PulumiCli;

        before(function () {
            cli = requirePulumiCli(this);
        });

        it("is pulumi 3.139 or later, with its Node.js language host and the dynamic-provider plugin", function () {
            const version = execFileSync(cli.pulumi, ["version"], { encoding: "utf8" }).trim();
            const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
            expect(major * 1000 + minor, version).to.be.at.least(3139);
            for (const plugin of ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
                expect(findPlugin(cli, plugin), plugin).to.be.a("string");
            }
        });

        describe("a one-resource dynamic-provider program on a file backend", function () {
            let project: PulumiProject | undefined;

            before(async function () {
                project = await PulumiProject.create({ name: "cli-smoke", program: PROGRAM });
            });

            after(async function () {
                await project?.dispose();
            });

            it("is created by pulumi up", async function () {
                const up = await project!.up();
                expect(stepsOf(up.events, THING).map((s) => s.op)).to.deep.equal(["create"]);
                expect(summaryOf(up.events)?.resourceChanges).to.deep.include({ create: 2 });

                const things = resourcesOfType(await project!.exportStack(), THING);
                expect(things).to.have.length(1);
                expect(things[0].id).to.equal("thing-one");
                expect(things[0].outputs).to.deep.include({ label: "one", createdBy: "smoke" });
                expect(serializedProvider(things[0]))
                    .to.contain("exports.handler")
                    .and.contain(`"thing-" + inputs.label`);

                expect(await project!.outputs()).to.deep.equal({ thingId: "thing-one", createdBy: "smoke" });
            });

            it("is removed by pulumi destroy", async function () {
                const destroy = await project!.destroy();
                expect(stepsOf(destroy.events, THING).map((s) => s.op)).to.deep.equal(["delete"]);
                expect(resourcesOfType(await project!.exportStack(), THING)).to.deep.equal([]);
                expect(await project!.outputs()).to.deep.equal({});
            });
        });
    });
});
