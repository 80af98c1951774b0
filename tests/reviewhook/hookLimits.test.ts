import { expect } from "chai";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import {
    CLI_PATH,
    HOOK_APP,
    expectCleanLogs,
    postCallback,
    remoteHook,
    signedForm,
    spawnHook,
    startTestHook,
    temporaryFolder,
    templateResult,
    type HookUnderTest,
} from "./hookHarness";

/** Resolves when the server closes the socket (or it errors), with what it had sent by then. */
function closedBy(socket: net.Socket): Promise<string> {
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    return new Promise((resolve) => {
        socket.once("close", () => resolve(received));
        socket.once("error", () => undefined);
    });
}

function connect(url: string): Promise<net.Socket> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
        const socket = net.connect(Number(port), hostname, () => resolve(socket));
        socket.once("error", reject);
    });
}

/** Resolves with the value, or with "timeout" after `ms` (a generous bound, far below Node's own defaults). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
    return Promise.race([
        promise,
        new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref()),
    ]);
}

describe("review hook: health and limits", function () {
    this.timeout(60_000);
    const started: HookUnderTest[] = [];
    afterEach(async () => {
        for (const hook of started.splice(0)) {
            await hook.hook.close();
            fs.rmSync(path.dirname(hook.databasePath), { recursive: true, force: true });
            expectCleanLogs(hook.logs);
        }
    });
    async function hookWith(overrides: Parameters<typeof startTestHook>[0]) {
        const hook = await startTestHook(overrides);
        started.push(hook);
        return hook;
    }

    it("/healthz answers 503 once writes fail on a full disk (a file size limit), and callbacks get 503 with Retry-After", async () => {
        const folder = temporaryFolder("review-hook-disk-");
        const databasePath = path.join(folder, "reviews.sqlite");
        // `ulimit -f` caps the size of any file the hook writes (in KiB here): the write-ahead log soon hits it.
        const run = spawnHook(["--port", "0", "--db", databasePath], {}, [
            "bash",
            "-c",
            `ulimit -f 160; exec "$0" "$@"`,
            process.execPath,
            CLI_PATH,
        ]);
        try {
            const url = await run.listening;
            expect(url, run.stderr() + run.lines.join("\n")).to.be.a("string");
            const hook = remoteHook(url!);
            expect((await fetch(`${url}/healthz`)).status, "healthy at first").to.equal(200);
            let failed = 0;
            let health: Response | undefined;
            let index = 0;
            // The room a failed callback leaves may still fit the health check's smaller write, which then rightly
            // reports healthy: callbacks go on until it does not (the disk is full for every write).
            for (let round = 0; round < 50 && health?.status !== 503; round += 1) {
                for (let failedNow = false; index < 400 && !failedNow; index += 1) {
                    const answer = await postCallback(
                        hook,
                        signedForm(HOOK_APP, templateResult(70_000 + index, 2, "x".repeat(1500))),
                    );
                    failedNow = answer.status !== 200;
                    if (failedNow) {
                        expect(answer.status, answer.text).to.equal(503);
                        expect(answer.headers.get("retry-after")).to.match(/^[1-9]\d*$/);
                        failed += 1;
                    }
                }
                health = await fetch(`${url}/healthz`);
            }
            expect(failed, "a write failed before 400 callbacks").to.be.greaterThan(0);
            expect(health!.status).to.equal(503);
            expect(await health!.json()).to.include({ status: "failing", error: "the last write failed" });
            // Still failing: the health check's own write fails too, so it stays 503.
            expect((await fetch(`${url}/healthz`)).status).to.equal(503);
            expectCleanLogs(run.lines);
        } finally {
            run.child.kill("SIGKILL");
            await run.exited;
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it("logs only the size and outcome of a callback whose signature does not verify", async () => {
        const { hook, logs } = await hookWith({});
        const nonce = `n${"A".repeat(15_000)}`;
        const body = signedForm(
            { ...HOOK_APP, masterSecret: "not-the-secret" },
            { ...templateResult(1, 1), nonce, type: `T${"B".repeat(300)}` },
        );
        expect((await postCallback(hook, body)).status).to.equal(401);
        const line = logs
            .map((entry) => JSON.parse(entry))
            .find((entry) => entry.msg === "request" && entry.status === 401);
        expect(line).to.include({ bytes: Buffer.byteLength(body) });
        expect(line).not.to.have.any.keys("nonce", "type", "app");
        expect(JSON.stringify(line).length, "a short line").to.be.below(600);
        const huge = await fetch(`${hook.url}/${"p".repeat(5000)}`);
        expect(huge.status).to.equal(404);
        expect(Math.max(...logs.map((entry) => entry.length)), "a long path is clipped in the log").to.be.below(1200);
    });

    it("closes a connection whose headers do not arrive within headersTimeoutMs", async () => {
        const { hook } = await hookWith({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
        const socket = await connect(hook.url);
        const closed = closedBy(socket);
        socket.write("POST /callbacks HTTP/1.1\r\nHost: hook\r\n");
        // Node's default would hold it for a minute.
        const outcome = await within(closed, 10_000);
        socket.destroy();
        expect(outcome).not.to.equal("timeout");
    });

    it("answers 408 to a request whose body does not arrive within requestTimeoutMs", async () => {
        const { hook } = await hookWith({ headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
        const socket = await connect(hook.url);
        const closed = closedBy(socket);
        socket.write(
            "POST /callbacks HTTP/1.1\r\nHost: hook\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nnonce=1",
        );
        const outcome = await within(closed, 10_000);
        socket.destroy();
        expect(outcome).to.match(/^HTTP\/1\.1 408/);
    });

    it("closes connections beyond maxConnections as they arrive, and serves again once one is gone", async () => {
        const { hook } = await hookWith({ maxConnections: 4 });
        const held = await Promise.all(Array.from({ length: 4 }, () => connect(hook.url)));
        // Give the server a moment to count them.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const extra = await connect(hook.url);
        const refused = closedBy(extra);
        extra.write("GET /healthz HTTP/1.1\r\nHost: hook\r\n\r\n");
        expect(await within(refused, 10_000), "closed without an answer").to.equal("");
        held[0].destroy();
        const deadline = Date.now() + 10_000;
        let status = 0;
        while (status !== 200 && Date.now() < deadline) {
            status = await fetch(`${hook.url}/healthz`).then(
                (response) => response.status,
                () => 0,
            );
        }
        expect(status).to.equal(200);
        for (const socket of held) {
            socket.destroy();
        }
    });

    it("takes the limits from the command line and refuses bad values with exit status 2", async () => {
        const folder = temporaryFolder("review-hook-flags-");
        try {
            const bad = spawnHook(["--port", "0", "--db", path.join(folder, "r.sqlite"), "--max-connections", "many"]);
            expect(await bad.exited).to.equal(2);
            const inverted = spawnHook([
                "--port",
                "0",
                "--db",
                path.join(folder, "r.sqlite"),
                "--headers-timeout-ms",
                "5000",
                "--request-timeout-ms",
                "1000",
            ]);
            expect(await inverted.exited).to.equal(2);
            expect(inverted.lines.join("\n")).to.include("headersTimeoutMs cannot exceed requestTimeoutMs");
            const run = spawnHook([
                "--port",
                "0",
                "--db",
                path.join(folder, "r.sqlite"),
                "--headers-timeout-ms",
                "800",
                "--request-timeout-ms",
                "1000",
            ]);
            const url = await run.listening;
            try {
                const socket = await connect(url!);
                const closed = closedBy(socket);
                socket.write("GET /healthz HTTP/1.1\r\n");
                expect(await within(closed, 10_000)).not.to.equal("timeout");
                socket.destroy();
            } finally {
                run.child.kill("SIGTERM");
                expect(await run.exited).to.equal(0);
            }
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });
});
