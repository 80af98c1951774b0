// End-to-end: upgrades change nothing in existing stacks. Every stack a release recorded (tests/e2e/upgrade/fixtures,
// `npm run record:upgrade-fixture`) is imported into a fresh file backend with `pulumi stack import`, the simulator
// is started on the state it was recorded with, and this build, through the same front door, must preview the
// recorded program with no change and no replacement and refresh it with nothing to update, calling JSMS only to
// read. A change of the provider that would show existing users a diff fails here; an intended one comes with a
// state migration and a new recording (docs/release.md).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeResult, PulumiProject, requirePulumiCli, stepsOf, urnName } from "../support";
import { requireYamlHost } from "../support/pluginProject";
import { ScenarioSimulator } from "../support/scenarioSimulator";
import { FIXTURE_APP, FIXTURE_FILES, FRONT_DOORS, fixtureProject, recordedFixtures } from "./upgradeFixtures";

const fixtures = recordedFixtures();

describe("e2e: stacks recorded by earlier releases show no change under this build (real Pulumi CLI)", function () {
    this.timeout(300_000);

    it("a recorded stack exists for each front door", () => {
        expect([...new Set(fixtures.map((f) => f.frontDoor))].sort()).to.deep.equal([...FRONT_DOORS].sort());
    });

    it("no recording holds the master secret in clear text or a simulator's address", () => {
        for (const fixture of fixtures) {
            for (const name of Object.values(FIXTURE_FILES)) {
                const text = fs.readFileSync(path.join(fixture.dir, name), "utf8");
                expect(text, `${fixture.dir}/${name}`).to.not.contain(FIXTURE_APP.masterSecret);
                expect(text, `${fixture.dir}/${name}`).to.not.match(/127\.0\.0\.1|localhost/);
            }
        }
    });

    for (const fixture of fixtures) {
        describe(`v${fixture.version}, ${fixture.frontDoor === "plugin" ? "the plugin (YAML)" : "dynamic resources (TypeScript)"}`, () => {
            let sim: ScenarioSimulator;
            let project: PulumiProject;
            let work: string;

            before(async function () {
                if (fixture.frontDoor === "plugin") requireYamlHost(this);
                else requirePulumiCli(this);
                work = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-upgrade-"));
                // A copy: the simulator rewrites its state file, the recording stays as committed.
                const statePath = path.join(work, FIXTURE_FILES.simulator);
                fs.copyFileSync(path.join(fixture.dir, FIXTURE_FILES.simulator), statePath);
                sim = await ScenarioSimulator.start({ apps: [FIXTURE_APP], review: "manual", statePath });
                project = await fixtureProject(fixture.frontDoor, path.join(fixture.dir, "program"), sim);
                // The recorded stack settings (its encryption salt and the encrypted master secret), then its state.
                fs.copyFileSync(
                    path.join(fixture.dir, FIXTURE_FILES.stackSettings),
                    path.join(project.dir, FIXTURE_FILES.stackSettings),
                );
                const imported = await project.run([
                    "stack",
                    "import",
                    "--stack",
                    project.stack,
                    "--file",
                    path.join(fixture.dir, FIXTURE_FILES.state),
                ]);
                expect(imported.code, describeResult(imported)).to.equal(0);
                await sim.clearRequests();
            });

            after(async () => {
                await project?.dispose();
                await sim?.close();
                if (work) fs.rmSync(work, { recursive: true, force: true });
            });

            it("preview --expect-no-changes: every resource the same, none replaced, nothing sent to JSMS", async () => {
                const preview = await project.preview({ args: ["--expect-no-changes"], allowFailure: true });
                const changed = stepsOf(preview.events)
                    .filter((s) => s.op !== "same")
                    .map((s) => `${s.op} ${urnName(s.urn)}${s.diffs?.length ? ` (${s.diffs.join(", ")})` : ""}`);
                expect(changed, describeResult(preview)).to.deep.equal([]);
                expect(preview.code, describeResult(preview)).to.equal(0);
                expect(stepsOf(preview.events).filter((s) => s.op === "same").length).to.be.greaterThan(3);
                expect(await sim.requests()).to.deep.equal([]);
            });

            it("refresh --expect-no-changes: the recorded outputs are what this build reads, with reads only", async () => {
                const refresh = await project.refresh({ args: ["--expect-no-changes"], allowFailure: true });
                const changed = stepsOf(refresh.events)
                    .filter((s) => s.op !== "same" && s.op !== "refresh")
                    .map((s) => `${s.op} ${urnName(s.urn)}${s.diffs?.length ? ` (${s.diffs.join(", ")})` : ""}`);
                expect(changed, describeResult(refresh)).to.deep.equal([]);
                expect(refresh.code, describeResult(refresh)).to.equal(0);
                const writes = (await sim.requests()).filter((r) => r.method !== "GET");
                expect(writes).to.deep.equal([]);
            });

            it("and after that refresh, preview still shows no change", async () => {
                const preview = await project.preview({ args: ["--expect-no-changes"], allowFailure: true });
                expect(preview.code, describeResult(preview)).to.equal(0);
            });
        });
    }
});
