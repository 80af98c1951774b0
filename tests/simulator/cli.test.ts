import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { expect } from "chai";

const CLI = path.resolve(__dirname, "../../simulator/cli.js");

/** Runs the CLI and resolves with its first stdout line (or rejects when it exits first). */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
    return new Promise((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the simulator exited with ${code} before printing`)));
    });
}

/** Runs the CLI to its end and collects exit status and output. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args]);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });
}

function exited(
    child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

describe("simulator: jsms-simulator CLI", () => {
    it("starts with the shebang for npm's bin link", async () => {
        const { readFileSync } = await import("node:fs");
        expect(readFileSync(CLI, "utf8").split("\n")[0]).to.equal("#!/usr/bin/env node");
    });

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
        it(`prints the listening line first, serves JSMS, and exits cleanly on ${signal}`, async () => {
            const child = spawn(process.execPath, [
                CLI,
                "--port",
                "0",
                "--app",
                "k:s",
                "--dev",
                "d:e:f",
                "--review",
                "approve",
            ]);
            const done = exited(child);
            try {
                const line = await firstLine(child);
                const match = /^JSMS simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
                expect(match, line).to.not.equal(null);
                const url = match![1];
                const auth = { Authorization: `Basic ${Buffer.from("k:s").toString("base64")}` };
                const balance = await fetch(`${url}/v1/accounts/app`, { headers: auth });
                expect(balance.status).to.equal(200);
                const dev = await fetch(`${url}/v1/accounts/dev`, {
                    headers: { Authorization: `Basic ${Buffer.from("d:e:f").toString("base64")}` },
                });
                expect(dev.status).to.equal(200);
            } finally {
                child.kill(signal);
            }
            expect(await done).to.deep.equal({ code: 0, signal: null });
        });
    }

    it("answers --help and --version with exit 0, the help listing every flag", async () => {
        const help = await run(["--help"]);
        expect([help.code, help.stdout.split("\n")[0]]).to.deep.equal([0, "usage: jsms-simulator [options]"]);
        expect(help.stdout)
            .to.contain("--app KEY:SECRET")
            .and.contain("--create-fault-delay MS")
            .and.contain("--seed N");
        const version = await run(["--version"]);
        expect([version.code, version.stdout.trim()]).to.deep.equal([0, require("../../../package.json").version]);
    });

    const badArgs: Array<[string, string[], string]> = [
        ["no --app", ["--port", "0"], "--app"],
        ["an --app without a secret", ["--app", "k"], "KEY:SECRET"],
        ["an unknown option", ["--app", "k:s", "--verbose"], "verbose"],
        ["a positional argument", ["--app", "k:s", "extra"], "extra"],
        ["a port that is not a number", ["--app", "k:s", "--port", "abc"], "--port"],
        ["a port out of range", ["--app", "k:s", "--port", "70000"], "port"],
        ["an error rate above 1", ["--app", "k:s", "--error-rate", "1.5"], "--error-rate"],
        ["an unknown review mode", ["--app", "k:s", "--review", "sometimes"], "--review"],
        ["a negative latency", ["--app", "k:s", "--latency", "-5"], "--latency"],
        ["a --callback without a URL", ["--app", "k:s", "--callback", "k"], "KEY=URL"],
        ["a --callback for an unknown app", ["--app", "k:s", "--callback", "other=http://127.0.0.1:1/x"], "callbacks"],
        ["a --callback that is not http(s)", ["--app", "k:s", "--callback", "k=ftp://127.0.0.1/x"], "callbacks"],
        [
            "retry delays that are not numbers",
            ["--app", "k:s", "--callback-retry-delays", "100,soon"],
            "--callback-retry-delays",
        ],
        ["an unknown create fault", ["--app", "k:s", "--create-fault", "explode"], "--create-fault"],
        [
            "a create fault rate above 1",
            ["--app", "k:s", "--create-fault", "insert-then-drop", "--create-fault-rate", "2"],
            "--create-fault-rate",
        ],
    ];
    for (const [what, args, mention] of badArgs) {
        it(`exits 2 with a clear message for ${what}`, async () => {
            const result = await run(args);
            expect(result.code).to.equal(2);
            expect(result.stdout).to.equal("");
            expect(result.stderr).to.contain("jsms-simulator:").and.contain(mention).and.contain("usage:");
        });
    }

    it("takes the create fault flags", async () => {
        const child = spawn(process.execPath, [
            CLI,
            "--port",
            "0",
            "--app",
            "k:s",
            "--create-fault",
            "insert-then-slow",
            "--create-fault-count",
            "2",
            "--create-fault-rate",
            "0.25",
            "--create-fault-delay",
            "1500",
        ]);
        const done = exited(child);
        try {
            const url = (await firstLine(child)).split(" ").pop();
            const faults = await fetch(`${url}/_sim/faults`, {
                method: "PUT",
                headers: { "content-type": "application/json" },
                body: "{}",
            });
            expect(await faults.json()).to.include({
                createFault: "insert-then-slow",
                createFaultCount: 2,
                createFaultRate: 0.25,
                createFaultDelayMs: 1500,
            });
        } finally {
            child.kill("SIGTERM");
        }
        expect((await done).code).to.equal(0);
    });
});
