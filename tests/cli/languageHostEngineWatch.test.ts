// This project's language hosts (scripts/language-hosts) watch the engine that started them: a host whose CLI was
// killed (kill -9 leaves it behind, its parent gone) exits at its next check instead of living on, while a host whose
// engine answers keeps serving. Built here from the module's sources, so it is this project's host that is tested
// even where an official Pulumi CLI is installed.
import { expect } from "chai";
import { type ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import * as os from "os";
import * as path from "path";

const HOSTS = path.join(__dirname, "..", "..", "..", "scripts", "language-hosts");
/** langhost.EngineCheckInterval (30 s), and room for a slow machine. */
const CHECK_MS = 30_000;

/** Starts a host for `engine` and resolves once it printed its port (it serves). */
function startHost(binary: string, engine: string): Promise<ChildProcess> {
    return new Promise((resolve, reject) => {
        const child = spawn(binary, [engine], { stdio: ["ignore", "pipe", "pipe"] });
        child.once("error", reject);
        child.stdout!.once("data", () => resolve(child));
        child.once("exit", (code) => reject(new Error(`the host exited (${code}) before serving`)));
    });
}

describe("this project's language hosts watch their engine", function () {
    this.timeout(CHECK_MS * 3);
    let dir: string;
    let binary: string;
    let engine: grpc.Server;
    let engineAddress: string;
    const children: ChildProcess[] = [];

    before(async function () {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-langhost-"));
        binary = path.join(dir, "pulumi-language-nodejs");
        execFileSync("go", ["build", "-o", binary, "./nodejs"], {
            cwd: HOSTS,
            env: { ...process.env, GOFLAGS: "-mod=readonly" },
            stdio: "pipe",
            timeout: 600_000,
        });
        // An engine with no services answers every call UNIMPLEMENTED, which a health check counts as alive.
        engine = new grpc.Server();
        const port = await new Promise<number>((resolve, reject) =>
            engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
                err ? reject(err) : resolve(p),
            ),
        );
        engineAddress = `127.0.0.1:${port}`;
    });

    after(async function () {
        for (const child of children) child.kill("SIGKILL");
        engine?.forceShutdown();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("exits once its engine is gone, and keeps serving while it answers", async function () {
        // A port nothing listens on: the engine of a killed CLI.
        const gone = await new Promise<number>((resolve) => {
            const probe = new grpc.Server();
            probe.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (_err, p) => {
                probe.forceShutdown();
                resolve(p);
            });
        });
        const orphan = await startHost(binary, `127.0.0.1:${gone}`);
        const watched = await startHost(binary, engineAddress);
        children.push(orphan, watched);
        const exited = await new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => resolve(null), CHECK_MS * 2);
            orphan.once("exit", (code) => {
                clearTimeout(timer);
                resolve(code ?? -1);
            });
        });
        expect(exited, "the host of a gone engine exited").to.not.equal(null);
        // Both were checked by now (they started together): the one whose engine answers still runs.
        expect(watched.exitCode, "the host of a live engine still runs").to.equal(null);
        expect(watched.signalCode).to.equal(null);
    });
});
