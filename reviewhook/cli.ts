#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { HookConfigError, loadHookConfig, type HookOverrides } from "./hookConfig";
import { startReviewHook } from "./index";
import { JsonLog, stdoutSink } from "./jsonLog";
import { runOrphans } from "./orphansCommand";

const USAGE = `usage: jsms-review-hook [--config FILE] [--host HOST] [--port N] [--db FILE|postgres://…] [--break-lock]
                        [--headers-timeout-ms N] [--request-timeout-ms N] [--max-connections N] [--sqlite-lease-ms N]
                        [--postgres-pool-size N] [--postgres-statement-timeout-ms N] [--postgres-lock-timeout-ms N]
                        [--postgres-idle-in-transaction-timeout-ms N] [--jsms-endpoint URL] [--help] [--version]
       jsms-review-hook orphans [--url URL] [--stack STACK] [--json]   (see jsms-review-hook orphans --help)
--db takes a SQLite file (one hook) or a PostgreSQL URL (any number of replicas; the password may come from PGPASSWORD)
--break-lock takes a SQLite file over from an owner that cannot be checked (another host): only when it is gone for good
secrets come from the config file or the environment: JSMS_REVIEW_HOOK_TOKEN(_FILE), JSMS_REVIEW_HOOK_APPS=KEY:SECRET,…`;

/** A command line that cannot be run; reported with the usage and exit status 2. */
class UsageError extends Error {}

/** Asked for the usage or the version: printed, exit 0. */
class InfoRequest extends Error {}

function overridesFromArgs(args: string[]): HookOverrides {
    let values;
    try {
        values = parseArgs({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                config: { type: "string" },
                host: { type: "string" },
                port: { type: "string" },
                db: { type: "string" },
                "break-lock": { type: "boolean" },
                "headers-timeout-ms": { type: "string" },
                "request-timeout-ms": { type: "string" },
                "max-connections": { type: "string" },
                "sqlite-lease-ms": { type: "string" },
                "postgres-pool-size": { type: "string" },
                "postgres-statement-timeout-ms": { type: "string" },
                "postgres-lock-timeout-ms": { type: "string" },
                "postgres-idle-in-transaction-timeout-ms": { type: "string" },
                "jsms-endpoint": { type: "string" },
                help: { type: "boolean" },
                version: { type: "boolean" },
            },
        }).values;
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (values.help) {
        throw new InfoRequest(USAGE);
    }
    if (values.version) {
        throw new InfoRequest(packageVersion());
    }
    if (values.port !== undefined && (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535)) {
        throw new UsageError(`--port must be a port number, not "${values.port}"`);
    }
    return {
        configPath: values.config,
        host: values.host,
        port: values.port === undefined ? undefined : Number(values.port),
        database: values.db,
        headersTimeoutMs: positiveNumber("--headers-timeout-ms", values["headers-timeout-ms"]),
        requestTimeoutMs: positiveNumber("--request-timeout-ms", values["request-timeout-ms"]),
        maxConnections: positiveNumber("--max-connections", values["max-connections"]),
        sqliteLeaseMs: positiveNumber("--sqlite-lease-ms", values["sqlite-lease-ms"]),
        postgresPoolSize: positiveNumber("--postgres-pool-size", values["postgres-pool-size"]),
        postgresStatementTimeoutMs: positiveNumber(
            "--postgres-statement-timeout-ms",
            values["postgres-statement-timeout-ms"],
        ),
        postgresLockTimeoutMs: positiveNumber("--postgres-lock-timeout-ms", values["postgres-lock-timeout-ms"]),
        postgresIdleInTransactionTimeoutMs: positiveNumber(
            "--postgres-idle-in-transaction-timeout-ms",
            values["postgres-idle-in-transaction-timeout-ms"],
        ),
        breakLock: values["break-lock"] === true,
        jsmsEndpoint: values["jsms-endpoint"],
    };
}

function positiveNumber(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!/^[1-9]\d{0,8}$/.test(value)) {
        throw new UsageError(`${flag} must be a positive whole number, not "${value}"`);
    }
    return Number(value);
}

/** The package's version, read beside a bundle, else at the package root (this file is dist/reviewhook/cli.js). */
function packageVersion(): string {
    for (const candidate of [path.join(__dirname, "package.json"), path.join(__dirname, "..", "..", "package.json")]) {
        try {
            return (JSON.parse(fs.readFileSync(candidate, "utf8")) as { version: string }).version;
        } catch {
            // try the next place
        }
    }
    return "unknown";
}

async function main(): Promise<void> {
    if (process.argv[2] === "orphans") {
        const status = await runOrphans(process.argv.slice(3), process.env, {
            stdout: (text) => process.stdout.write(text),
            stderr: (text) => process.stderr.write(text),
        });
        process.exitCode = status;
        return;
    }
    const log = new JsonLog(stdoutSink);
    let hook;
    try {
        hook = await startReviewHook({ ...loadHookConfig(overridesFromArgs(process.argv.slice(2))), log: stdoutSink });
    } catch (error) {
        if (error instanceof InfoRequest) {
            process.stdout.write(`${error.message}\n`);
            process.exit(0);
        }
        // Usage and configuration problems exit 2; anything else (a port in use, an unwritable database) exits 1.
        const usage = error instanceof UsageError || error instanceof HookConfigError || error instanceof TypeError;
        log.error("cannot start", { error: (error as Error).message });
        if (error instanceof UsageError) {
            process.stderr.write(`${USAGE}\n`);
        }
        process.exit(usage ? 2 : 1);
    }
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info("shutting down", { signal });
        hook.close().then(
            () => process.exit(0),
            (error: Error) => {
                log.error("shutdown failed", { error: error.message });
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
