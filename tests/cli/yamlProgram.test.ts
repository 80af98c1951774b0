// A Pulumi YAML program under the installed CLI: `pulumi up` and `pulumi stack output` of a resource-less program
// (fixtures/yaml-outputs) on a file backend, with no network. It proves the YAML language host that
// scripts/install-pulumi.sh provides, which the YAML programs of the provider plugin will run on.
import { expect } from "chai";
import * as path from "path";
import { PulumiProject, repoRoot, requirePulumiCli, summaryOf } from "../e2e/support";
import { requirePlugin } from "./pulumiPlugins";

describe("Pulumi YAML program", function () {
    this.timeout(180_000);
    let project: PulumiProject | undefined;

    before(async function () {
        requirePlugin(requirePulumiCli(this), "pulumi-language-yaml");
        project = await PulumiProject.create({
            name: "cli-yaml",
            // The fixture is not compiled: it is read from the source tree.
            copyFrom: path.join(repoRoot(), "tests", "cli", "fixtures", "yaml-outputs"),
            config: {
                "cli-yaml:greeting": "good morning",
                "cli-yaml:token": { value: "yaml-secret-value", secret: true },
            },
        });
    });

    after(async function () {
        await project?.dispose();
    });

    it("runs under pulumi up and its outputs read back with pulumi stack output", async function () {
        const up = await project!.up();
        expect(summaryOf(up.events)?.resourceChanges).to.deep.equal({ create: 1 });
        expect(await project!.outputs()).to.deep.equal({
            message: "good morning from yaml",
            firstWord: "good",
            copies: 1,
            stack: project!.stack,
            project: "cli-yaml",
            token: "[secret]",
        });
        expect(await project!.outputs({ showSecrets: true })).to.have.property("token", "yaml-secret-value");
    });

    it("picks up a config change on the next pulumi up", async function () {
        await project!.configSet("cli-yaml:copies", "3");
        await project!.up();
        expect(await project!.outputs()).to.include({ copies: 3, message: "good morning from yaml" });
    });
});
