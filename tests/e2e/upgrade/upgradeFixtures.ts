// The stacks a release leaves behind, kept under tests/e2e/upgrade/fixtures/v<version>/<front door>/ so that every
// later build proves it changes nothing in them: the program as recorded (program/), its exported state
// (stack.json, `pulumi stack export`), its stack settings (Pulumi.upgrade.yaml, the master secret encrypted) and the
// simulator's state file the stack refers to (simulator.json). `npm run record:upgrade-fixture` writes them
// (recordUpgradeFixture.ts); stackUpgrade.test.ts reads every one of them.
//
// The simulator's address is not in the state: the stacks read it from JSMS_ENDPOINT, set per run, so a fixture
// works on any port. The credentials are made-up ones that only the simulator of these tests accepts.
import * as fs from "fs";
import * as path from "path";
import { PulumiProject, repoRoot } from "../support";
import { pluginBinDir } from "../support/pluginProject";
import { ScenarioSimulator } from "../support/scenarioSimulator";

/** The two ways into the provider: dynamic resources of a TypeScript program, and the plugin from a YAML program. */
export const FRONT_DOORS = ["dynamic", "plugin"] as const;

/** One of {@link FRONT_DOORS}. */
export type FrontDoor = (typeof FRONT_DOORS)[number];

/** The simulator app the fixture stacks were recorded against (accepted by the tests' simulator only). */
export const FIXTURE_APP = { appKey: "upgradefixturekey5c1e", masterSecret: "upgrade-fixture-simulator-secret-7d20" };

/**
 * The passphrase of the fixture stacks' secrets provider: test-only, committed on purpose so the test can decrypt
 * the recorded state; it protects nothing but the simulator's made-up master secret above.
 */
export const FIXTURE_PASSPHRASE = "jsms-upgrade-fixture-test-only";

/** The stack name of every fixture. */
export const STACK = "upgrade";

/** The files of a fixture, beside its program/ folder. */
export const FIXTURE_FILES = {
    state: "stack.json",
    stackSettings: `Pulumi.${STACK}.yaml`,
    simulator: "simulator.json",
    record: "recorded.json",
} as const;

/** What the recorder notes about a recording. */
export interface FixtureRecord {
    /** The package version that wrote the stack. */
    version: string;
    frontDoor: FrontDoor;
    /** `pulumi version` of the CLI that ran it. */
    pulumi: string;
}

/** A recorded stack: its version, front door and folder. */
export interface Fixture {
    version: string;
    frontDoor: FrontDoor;
    dir: string;
}

/** tests/e2e/upgrade of the checkout (the fixtures are not compiled, they are read from the sources). */
export function upgradeDir(): string {
    return path.join(repoRoot(), "tests", "e2e", "upgrade");
}

/** The programs a new recording starts from. */
export function programDir(frontDoor: FrontDoor): string {
    return path.join(upgradeDir(), "programs", frontDoor);
}

/** Where the recording of `version` through `frontDoor` goes. */
export function fixtureDir(version: string, frontDoor: FrontDoor): string {
    return path.join(upgradeDir(), "fixtures", `v${version}`, frontDoor);
}

/** Every recorded stack, oldest version first. */
export function recordedFixtures(): Fixture[] {
    const root = path.join(upgradeDir(), "fixtures");
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => /^v\d+\.\d+\.\d+/.test(d)) : [];
    versions.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    return versions.flatMap((v) =>
        FRONT_DOORS.filter((door) => fs.existsSync(path.join(root, v, door, FIXTURE_FILES.state))).map((door) => ({
            version: v.slice(1),
            frontDoor: door,
            dir: path.join(root, v, door),
        })),
    );
}

/**
 * A project of the program in `programFrom` (a plugin program's `path: PLUGIN_BIN` pointed at this checkout's
 * plugin), on its own file backend, reaching the simulator through JSMS_ENDPOINT.
 */
export async function fixtureProject(
    frontDoor: FrontDoor,
    programFrom: string,
    sim: ScenarioSimulator,
): Promise<PulumiProject> {
    const project = await PulumiProject.create({
        name: `upgrade-${frontDoor}`,
        copyFrom: programFrom,
        stack: STACK,
        passphrase: FIXTURE_PASSPHRASE,
        env: { JSMS_ENDPOINT: sim.url },
    });
    if (frontDoor === "plugin") {
        const file = path.join(project.dir, "Pulumi.yaml");
        const text = fs.readFileSync(file, "utf8");
        if (!text.includes("path: PLUGIN_BIN")) {
            throw new Error(`${programFrom}/Pulumi.yaml has no "path: PLUGIN_BIN" for the plugin of the checkout`);
        }
        fs.writeFileSync(file, text.replace("path: PLUGIN_BIN", `path: ${pluginBinDir()}`));
    }
    return project;
}
