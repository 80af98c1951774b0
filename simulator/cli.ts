#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startSimulator } from "./index";
import type { ReviewMode, SimulatorOptions } from "./options";

const USAGE = `usage: jsms-simulator [--port N] --app KEY:SECRET [--app KEY:SECRET ...] [--dev KEY:SECRET]
                     [--state FILE] [--latency MS] [--rate-limit PER_SECOND] [--error-rate P] [--seed N]
                     [--review manual|approve|reject] [--review-delay MS] [--max-template-length N]
                     [--opt-out-suffix TEXT]
                     [--callback KEY=URL ...] [--callback-retry-delays MS,MS,...]
                     [--create-fault insert-then-error|insert-then-slow|insert-then-drop]
                     [--create-fault-count N] [--create-fault-rate P] [--create-fault-delay MS]`;

const CREATE_FAULTS = ["none", "insert-then-error", "insert-then-slow", "insert-then-drop"] as const;

/** A command line that cannot be run; reported with the usage and exit status 2. */
class UsageError extends Error {}

/** Turns the command line into simulator options, with `util.parseArgs` doing the parsing. */
function optionsFromArgs(args: string[]): SimulatorOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                port: { type: "string" },
                app: { type: "string", multiple: true },
                dev: { type: "string" },
                state: { type: "string" },
                latency: { type: "string" },
                "rate-limit": { type: "string" },
                "error-rate": { type: "string" },
                seed: { type: "string" },
                review: { type: "string" },
                "review-delay": { type: "string" },
                "max-template-length": { type: "string" },
                "opt-out-suffix": { type: "string" },
                callback: { type: "string", multiple: true },
                "callback-retry-delays": { type: "string" },
                "create-fault": { type: "string" },
                "create-fault-count": { type: "string" },
                "create-fault-rate": { type: "string" },
                "create-fault-delay": { type: "string" },
            },
        }).values;
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (!parsed.app?.length) {
        throw new UsageError("at least one --app KEY:SECRET is required");
    }
    const review = parsed.review ?? "manual";
    if (!["manual", "approve", "reject"].includes(review)) {
        throw new UsageError(`--review must be manual, approve or reject, not "${review}"`);
    }
    const createFault = parsed["create-fault"] ?? "none";
    if (!(CREATE_FAULTS as readonly string[]).includes(createFault)) {
        throw new UsageError(`--create-fault must be one of ${CREATE_FAULTS.join(", ")}, not "${createFault}"`);
    }
    const dev = parsed.dev === undefined ? undefined : credentials("--dev", parsed.dev);
    return {
        port: integer("--port", parsed.port) ?? 0,
        apps: parsed.app.map((value) => {
            const [appKey, masterSecret] = credentials("--app", value);
            return { appKey, masterSecret };
        }),
        dev: dev && { devKey: dev[0], devSecret: dev[1] },
        statePath: parsed.state,
        latencyMs: integer("--latency", parsed.latency),
        rateLimitPerSecond: integer("--rate-limit", parsed["rate-limit"]),
        errorRate: probability("--error-rate", parsed["error-rate"]),
        seed: integer("--seed", parsed.seed),
        review: review as ReviewMode,
        reviewDelayMs: integer("--review-delay", parsed["review-delay"]),
        maxTemplateLength: integer("--max-template-length", parsed["max-template-length"]),
        optOutSuffix: parsed["opt-out-suffix"],
        callbacks: parsed.callback && Object.fromEntries(parsed.callback.map(callbackUrl)),
        callbackRetryDelaysMs: parsed["callback-retry-delays"]
            ?.split(",")
            .map((delay) => integer("--callback-retry-delays", delay.trim())!),
        createFault: createFault as (typeof CREATE_FAULTS)[number],
        createFaultCount: integer("--create-fault-count", parsed["create-fault-count"]),
        createFaultRate: probability("--create-fault-rate", parsed["create-fault-rate"]),
        createFaultDelayMs: integer("--create-fault-delay", parsed["create-fault-delay"]),
    };
}

/** `KEY=URL`: an app's review callback URL (split at the first "=", since a URL may contain more). */
function callbackUrl(value: string): [string, string] {
    const equals = value.indexOf("=");
    if (equals <= 0 || equals === value.length - 1) {
        throw new UsageError("--callback must be KEY=URL, both non-empty");
    }
    return [value.slice(0, equals), value.slice(equals + 1)];
}

function credentials(flag: string, value: string): [string, string] {
    const colon = value.indexOf(":");
    if (colon <= 0 || colon === value.length - 1) {
        throw new UsageError(`${flag} must be KEY:SECRET, both non-empty`);
    }
    return [value.slice(0, colon), value.slice(colon + 1)];
}

function integer(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!/^\d+$/.test(value)) {
        throw new UsageError(`${flag} must be a whole number ≥ 0, not "${value}"`);
    }
    return Number(value);
}

function probability(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    const number = Number(value);
    if (value.trim() === "" || !(number >= 0 && number <= 1)) {
        throw new UsageError(`${flag} must be a probability between 0 and 1, not "${value}"`);
    }
    return number;
}

async function main(): Promise<void> {
    let options: SimulatorOptions;
    try {
        options = optionsFromArgs(process.argv.slice(2));
    } catch (error) {
        if (!(error instanceof UsageError)) {
            throw error;
        }
        process.stderr.write(`jsms-simulator: ${error.message}\n${USAGE}\n`);
        process.exit(2);
    }
    let simulator;
    try {
        simulator = await startSimulator(options);
    } catch (error) {
        // Option values that parse but are out of range are usage errors too; a port in use or a bad state file are not.
        const usage = error instanceof TypeError;
        process.stderr.write(`jsms-simulator: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
        process.exit(usage ? 2 : 1);
    }
    process.stdout.write(`JSMS simulator listening on ${simulator.url}\n`);
    const stop = () => {
        simulator.close().then(
            () => process.exit(0),
            (error: Error) => {
                process.stderr.write(`jsms-simulator: ${error.message}\n`);
                process.exit(1);
            },
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

void main();
