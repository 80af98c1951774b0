import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { HOOK_COMMAND_SETTINGS } from "../../reviewhook/hookConfig";
import {
    HOOK_APP,
    OTHER_HOOK_APP,
    SECRETS,
    TOKEN,
    expectCleanLogs,
    postCallback,
    readResult,
    signedForm,
    temporaryFolder,
    templateResult,
} from "./hookHarness";

const CLI = path.resolve(__dirname, "../../reviewhook/cli.js");

/** Runs `jsms-review-hook` with these arguments and environment, collecting stdout lines and stderr. */
function runCli(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [CLI, ...args], {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const listening = new Promise<string | undefined>((resolve) => {
        readline.createInterface({ input: child.stdout! }).on("line", (line) => {
            lines.push(line);
            // --help and --version print plain text.
            if (line.startsWith("{") && JSON.parse(line).msg === "listening") {
                resolve(JSON.parse(line).url);
            }
        });
        child.once("exit", () => resolve(undefined));
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, lines, stderr: () => stderr, listening, exited };
}

describe("review hook: the jsms-review-hook command", function () {
    this.timeout(30_000);
    let folder: string;
    beforeEach(() => {
        folder = temporaryFolder("review-hook-cli-");
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it("reads apps from a YAML file (secret in a file) and the environment, serves, and stops cleanly on SIGTERM", async () => {
        fs.writeFileSync(path.join(folder, "secret-a"), `${HOOK_APP.masterSecret}\n`);
        fs.writeFileSync(
            path.join(folder, "hook.yaml"),
            `port: 0\ndatabasePath: ${path.join(folder, "db", "reviews.sqlite")}\napps:\n  - appKey: ${HOOK_APP.appKey}\n    masterSecretFile: ${path.join(folder, "secret-a")}\n`,
        );
        const run = runCli(["--config", path.join(folder, "hook.yaml")], {
            JSMS_REVIEW_HOOK_TOKEN: TOKEN,
            JSMS_REVIEW_HOOK_APPS: `${OTHER_HOOK_APP.appKey}:${OTHER_HOOK_APP.masterSecret}`,
        });
        const url = await run.listening;
        expect(url, run.stderr()).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
        const hook = { url: url!, port: 0, close: async () => undefined };
        expect((await postCallback(hook, signedForm(HOOK_APP, templateResult(701, 2, "a")))).status).to.equal(200);
        expect((await postCallback(hook, signedForm(OTHER_HOOK_APP, templateResult(702, 2, "b")))).status).to.equal(
            200,
        );
        expect(
            (await postCallback(hook, signedForm({ ...HOOK_APP, masterSecret: "forged" }, templateResult(703, 2))))
                .status,
        ).to.equal(401);
        expect((await readResult(hook, OTHER_HOOK_APP.appKey, "templates", 702)).json.latest.rejectReason).to.equal(
            "b",
        );
        run.child.kill("SIGTERM");
        expect(await run.exited).to.equal(0);
        expect(run.lines.map((line) => JSON.parse(line).msg)).to.include.members([
            "listening",
            "request",
            "shutting down",
            "stopped",
        ]);
        expectCleanLogs(run.lines);
        expect(fs.existsSync(path.join(folder, "db", "reviews.sqlite.owner")), "the claim is given up").to.equal(false);
    });

    it("exits 2 on a bad configuration without printing any secret", async () => {
        // A YAML error on a line holding a secret: the message must give the position only.
        fs.writeFileSync(
            path.join(folder, "broken.yaml"),
            `token: ${TOKEN}\napps: [ {appKey: x, masterSecret: ${HOOK_APP.masterSecret}\n`,
        );
        const broken = runCli(["--config", path.join(folder, "broken.yaml")], {});
        expect(await broken.exited).to.equal(2);
        const output = broken.lines.join("\n") + broken.stderr();
        expect(output).to.match(/not valid YAML or JSON at line \d+/);
        for (const secret of SECRETS) {
            expect(output).not.to.include(secret);
        }
        const short = runCli(["--port", "0", "--db", path.join(folder, "x.sqlite")], {
            JSMS_REVIEW_HOOK_TOKEN: "short",
            JSMS_REVIEW_HOOK_APPS: `${HOOK_APP.appKey}:${HOOK_APP.masterSecret}`,
        });
        expect(await short.exited).to.equal(2);
        expect(short.lines.join("\n")).to.match(/token: the token must have at least 16 characters/);
        expect(short.lines.join("\n")).not.to.include(HOOK_APP.masterSecret);
        const none = runCli(["--port", "0"], {});
        expect(await none.exited).to.equal(2);
        expect(none.lines.join("\n")).to.include("JSMS_REVIEW_HOOK_TOKEN");
        const env = {
            JSMS_REVIEW_HOOK_TOKEN: TOKEN,
            JSMS_REVIEW_HOOK_APPS: `${HOOK_APP.appKey}:${HOOK_APP.masterSecret}`,
        };
        fs.writeFileSync(path.join(folder, "mysql.yaml"), "databaseUrl: mysql://hook:db-password-123@db/hook\n");
        const mysql = runCli(["--config", path.join(folder, "mysql.yaml")], env);
        expect(await mysql.exited).to.equal(2);
        expect(mysql.lines.join("\n"))
            .to.include("databaseUrl: expected a postgres:// or postgresql:// URL")
            .and.not.to.include("db-password-123");
        fs.writeFileSync(
            path.join(folder, "both.yaml"),
            `databasePath: x.sqlite\ndatabaseUrl: postgres://hook@db/hook\n`,
        );
        const both = runCli(["--config", path.join(folder, "both.yaml")], env);
        expect(await both.exited).to.equal(2);
        expect(both.lines.join("\n")).to.include("give at most one of databasePath, databaseUrl and databaseUrlFile");
        const usage = runCli(["--bogus"], {});
        expect(await usage.exited).to.equal(2);
        expect(usage.stderr()).to.include("usage: jsms-review-hook");
        const help = runCli(["--help"], {});
        expect(await help.exited).to.equal(0);
        expect(help.lines[0]).to.match(/^usage: jsms-review-hook/);
        const version = runCli(["--version"], {});
        expect(await version.exited).to.equal(0);
        expect(version.lines).to.deep.equal([
            JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")).version,
        ]);
    });

    it("--help lists every flag, config file key and variable of the settings table; a bad flag value exits 2", async () => {
        const help = runCli(["--help"], {});
        expect(await help.exited).to.equal(0);
        const text = help.lines.join("\n");
        for (const [key, setting] of Object.entries(HOOK_COMMAND_SETTINGS)) {
            if (setting.flag) expect(text).to.contain(`--${setting.flag}`);
            if (setting.file) expect(text).to.contain(key);
            if (setting.env) expect(text).to.contain(setting.env);
        }
        const bad = runCli(["--port", "99999"], {});
        expect(await bad.exited).to.equal(2);
        expect(bad.stderr().trim()).to.match(/^jsms-review-hook: --port: .* \(usage: jsms-review-hook --help\)$/);
    });
});
