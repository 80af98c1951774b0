import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    HOOK_APP,
    OTHER_HOOK_APP,
    TOKEN,
    expectCleanLogs,
    postCallback,
    readResult,
    remoteHook,
    signedForm,
    spawnHook,
    temporaryFolder,
    templateResult,
} from "./hookHarness";
import { startTestPostgres, type TestPostgres } from "./postgresServer";

const ROOT = path.resolve(__dirname, "../../..");

describe("review hook: the standalone bundle the container image holds", function () {
    this.timeout(120_000);
    let folder: string;
    let bundle: string;
    let postgres: TestPostgres | undefined;

    before(() => {
        const built = spawnSync(process.execPath, [path.join(ROOT, "scripts", "bundle-review-hook.js")], {
            cwd: ROOT,
            encoding: "utf8",
        });
        expect(built.status, built.stderr).to.equal(0);
        // Copied away from the repository, so that nothing can be loaded from a node_modules folder.
        folder = temporaryFolder("review-hook-bundle-");
        for (const file of fs.readdirSync(path.join(ROOT, "dist", "review-hook-bundle"))) {
            fs.copyFileSync(path.join(ROOT, "dist", "review-hook-bundle", file), path.join(folder, file));
        }
        bundle = path.join(folder, "jsms-review-hook.js");
        for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
            expect(fs.existsSync(path.join(dir, "node_modules")), `${dir}/node_modules`).to.equal(false);
        }
    });
    after(async () => {
        await postgres?.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    });

    /** Starts the bundle on a database, posts one callback, reads it back, stops it with SIGTERM. */
    async function roundTrip(database: string) {
        const run = spawnHook(["--port", "0", "--db", database], {}, [process.execPath, bundle]);
        const url = await run.listening;
        expect(url, run.stderr() + run.lines.join("\n")).to.be.a("string");
        const hook = remoteHook(url!);
        expect(
            (await postCallback(hook, signedForm(OTHER_HOOK_APP, templateResult(4242, 2, "从打包版本来")))).status,
        ).to.equal(200);
        expect((await readResult(hook, OTHER_HOOK_APP.appKey, "templates", 4242)).json.latest.rejectReason).to.equal(
            "从打包版本来",
        );
        expect(
            (await postCallback(hook, signedForm({ ...HOOK_APP, masterSecret: "wrong" }, templateResult(1, 1)))).status,
        ).to.equal(401);
        run.child.kill("SIGTERM");
        expect(await run.exited).to.equal(0);
        expectCleanLogs(run.lines);
    }

    it("answers --version and --help with exit status 0", () => {
        const version = spawnSync(process.execPath, [bundle, "--version"], { cwd: folder, encoding: "utf8" });
        expect(version.status).to.equal(0);
        expect(version.stdout.trim()).to.equal(
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
        );
        const help = spawnSync(process.execPath, [bundle, "--help"], { cwd: folder, encoding: "utf8" });
        expect(help.status).to.equal(0);
        expect(help.stdout).to.include("usage: jsms-review-hook");
    });

    it("runs on SQLite with no node_modules anywhere", async () => {
        await roundTrip(path.join(folder, "data", "reviews.sqlite"));
    });

    it("runs on PostgreSQL with no node_modules anywhere", async () => {
        postgres ??= await startTestPostgres();
        await roundTrip(await postgres.createDatabase());
    });

    it("starts from examples/review-hook/hook.yaml, its secrets in files", async () => {
        postgres ??= await startTestPostgres();
        const secrets = path.join(folder, "secrets");
        fs.mkdirSync(secrets, { recursive: true });
        fs.writeFileSync(path.join(secrets, "database-url"), `${await postgres.createDatabase()}\n`);
        fs.writeFileSync(path.join(secrets, "hook-token"), TOKEN);
        fs.writeFileSync(path.join(secrets, "jsms-master-secret"), HOOK_APP.masterSecret);
        const example = fs.readFileSync(path.join(ROOT, "examples", "review-hook", "hook.yaml"), "utf8");
        const config = example
            .replaceAll("/run/secrets/", `${secrets}/`)
            .replace("REPLACE_WITH_YOUR_APP_KEY", HOOK_APP.appKey)
            .replace("port: 8080", "port: 0")
            .replace("host: 0.0.0.0", "host: 127.0.0.1");
        fs.writeFileSync(path.join(folder, "hook.yaml"), config);
        // The compose file blanks the variables the image sets, as here: the config file's settings apply.
        const run = spawnHook(
            ["--config", path.join(folder, "hook.yaml")],
            { JSMS_REVIEW_HOOK_TOKEN: "", JSMS_REVIEW_HOOK_APPS: "", JSMS_REVIEW_HOOK_DB: "" },
            [process.execPath, bundle],
        );
        const url = await run.listening;
        expect(url, run.stderr() + run.lines.join("\n")).to.be.a("string");
        expect(JSON.parse(run.lines.find((line) => line.includes('"listening"'))!)).to.include({ store: "postgres" });
        const hook = remoteHook(url!);
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(5151, 1)))).status).to.equal(200);
        expect(
            (await postCallback(hook, signedForm(OTHER_HOOK_APP, templateResult(5152, 1)))).status,
            "only the example's app",
        ).to.equal(401);
        run.child.kill("SIGTERM");
        expect(await run.exited).to.equal(0);
        expectCleanLogs(run.lines);
    });
});
