// `npm run record:upgrade-fixture [-- --force]`: records the stacks of this version (package.json) for the upgrade
// test, one per front door, under tests/e2e/upgrade/fixtures/v<version>/ (docs/release.md says when). Each stack is
// the program of tests/e2e/upgrade/programs/<front door>/ brought up against a simulator, its objects reviewed
// (signature and verification template approved, notification rejected, marketing pending) and refreshed.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageVersion } from "../../../plugin/schemaDocument";
import { describeResult, findPulumiCli, runPulumi } from "../support";
import { ScenarioSimulator } from "../support/scenarioSimulator";
import {
    FIXTURE_APP,
    FIXTURE_FILES,
    FixtureRecord,
    FRONT_DOORS,
    FrontDoor,
    fixtureDir,
    fixtureProject,
    programDir,
} from "./upgradeFixtures";

/** The review each object is left in, by its logical name. */
const REVIEWS: Record<string, "approved" | "rejected" | "pending"> = {
    otp: "approved",
    shipped: "rejected",
    "member-day": "pending",
};

async function record(frontDoor: FrontDoor, version: string, pulumiVersion: string): Promise<string> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-upgrade-record-"));
    const statePath = path.join(work, FIXTURE_FILES.simulator);
    const sim = await ScenarioSimulator.start({ apps: [FIXTURE_APP], review: "manual", statePath });
    const project = await fixtureProject(frontDoor, programDir(frontDoor), sim);
    try {
        await project.configSet("jsms:appKey", FIXTURE_APP.appKey);
        await project.configSet("jsms:masterSecret", FIXTURE_APP.masterSecret, { secret: true });
        await project.up();
        const state = await sim.state();
        await sim.review("signs", state.signs[0].id, "approved");
        const byRemark = new Map(state.templates.map((t) => [t.remark, t.id]));
        const remarks: Record<string, string> = { otp: "用户登录", shipped: "发货通知", "member-day": "会员日活动" };
        for (const [name, status] of Object.entries(REVIEWS)) {
            const id = byRemark.get(remarks[name]);
            if (id === undefined) throw new Error(`no template with remark ${remarks[name]} in the simulator`);
            if (status !== "pending") await sim.review("templates", id, status);
        }
        await project.refresh();
        // What the test will ask of every later build, asked of this one first.
        await project.refresh({ args: ["--expect-no-changes"] });
        await project.preview({ args: ["--expect-no-changes"] });

        const out = fixtureDir(version, frontDoor);
        fs.rmSync(out, { recursive: true, force: true });
        fs.mkdirSync(out, { recursive: true });
        fs.cpSync(programDir(frontDoor), path.join(out, "program"), { recursive: true });
        const exported = await project.exportStack();
        fs.writeFileSync(path.join(out, FIXTURE_FILES.state), `${JSON.stringify(exported, null, 2)}\n`);
        fs.copyFileSync(
            path.join(project.dir, FIXTURE_FILES.stackSettings),
            path.join(out, FIXTURE_FILES.stackSettings),
        );
        await sim.close();
        fs.copyFileSync(statePath, path.join(out, FIXTURE_FILES.simulator));
        const note: FixtureRecord = { version, frontDoor, pulumi: pulumiVersion };
        fs.writeFileSync(path.join(out, FIXTURE_FILES.record), `${JSON.stringify(note, null, 2)}\n`);
        const text = fs.readdirSync(out, { recursive: true, encoding: "utf8" }).map((f) => path.join(out, f));
        for (const file of text.filter((f) => fs.statSync(f).isFile() && !f.endsWith(".png"))) {
            if (fs.readFileSync(file, "utf8").includes(FIXTURE_APP.masterSecret)) {
                throw new Error(`${file} holds the master secret in clear text`);
            }
        }
        return out;
    } finally {
        await project.dispose();
        await sim.close().catch(() => undefined);
        fs.rmSync(work, { recursive: true, force: true });
    }
}

async function main(argv: string[]): Promise<number> {
    if (argv.includes("--help") || argv.includes("-h")) {
        console.log("usage: npm run record:upgrade-fixture [-- --force]");
        return 0;
    }
    const unknown = argv.filter((a) => a !== "--force");
    if (unknown.length > 0) {
        console.error(`unknown argument ${unknown[0]}\nusage: npm run record:upgrade-fixture [-- --force]`);
        return 2;
    }
    const cli = findPulumiCli();
    if (!cli) {
        console.error('no Pulumi CLI on PATH: run with PATH="$(bash scripts/install-pulumi.sh):$PATH"');
        return 1;
    }
    const version = packageVersion();
    const existing = FRONT_DOORS.filter((door) => fs.existsSync(fixtureDir(version, door)));
    if (existing.length > 0 && !argv.includes("--force")) {
        console.error(
            `v${version} is already recorded (${existing.join(", ")}): a release's stacks are recorded once. ` +
                "Set the next version in package.json first, or pass --force to record this one again.",
        );
        return 1;
    }
    const pulumi = await runPulumi(["version"], { cwd: process.cwd(), env: process.env });
    if (pulumi.code !== 0) throw new Error(describeResult(pulumi));
    for (const door of FRONT_DOORS) {
        const out = await record(door, version, pulumi.stdout.trim());
        console.log(
            `recorded the ${door} stack of v${version} (${cli.pulumi}) in ${path.relative(process.cwd(), out)}`,
        );
    }
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(1);
        },
    );
}
