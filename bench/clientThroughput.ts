/**
 * The JSMS client's cost per call against a bare request of Node's HTTP client doing the same HTTP work (same
 * simulator, same kept connections, same concurrency), in the same process, rounds interleaved so machine noise hits
 * both alike.
 */
import * as http from "node:http";
import { JsmsClient } from "../provider/client/jsmsClient";
import { startSimulator } from "../simulator";
import type { Measurement } from "./measurement";

const APP = { appKey: "bench-app", masterSecret: "bench-secret" };

/** GETs of one template: through JsmsClient (shape check, error mapping, retry wrapper) vs raw node:http + JSON.parse. */
export async function benchClientThroughput(calls = 2000, concurrency = 8, rounds = 3): Promise<Measurement[]> {
    const sim = await startSimulator({ port: 0, apps: [APP] });
    const client = new JsmsClient({ endpoint: sim.url, ...APP, maxConcurrency: concurrency });
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const authorization = `Basic ${Buffer.from(`${APP.appKey}:${APP.masterSecret}`).toString("base64")}`;
    try {
        await client.createSignature({ sign: "压测签名" });
        const id = await client.createTemplate({ template: "验证码{{code}}", type: 1, ttl: 60 });
        const url = `${sim.url}/v1/templates/${id}`;
        const raw = () =>
            new Promise<unknown>((resolve, reject) => {
                const headers = { authorization, accept: "application/json" };
                http.get(url, { agent, headers }, (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (chunk: Buffer) => chunks.push(chunk));
                    res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
                    res.on("error", reject);
                }).on("error", reject);
            });
        const ours = () => client.getTemplate(id);
        await inParallel(200, concurrency, raw); // warm both paths up
        await inParallel(200, concurrency, ours);

        const times = { raw: [] as number[], ours: [] as number[] };
        const retained = { raw: [] as number[], ours: [] as number[] };
        for (let round = 0; round < rounds; round++) {
            for (const [name, call] of [
                ["raw", raw],
                ["ours", ours],
            ] as const) {
                const before = heapAfterGc();
                const start = process.hrtime.bigint();
                await inParallel(calls, concurrency, call);
                times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
                retained[name].push(Math.max(0, heapAfterGc() - before));
            }
        }
        return [
            {
                name: `client: ${calls} GET /v1/templates/:id, ${concurrency} in flight`,
                unit: "ms",
                baseline: median(times.raw),
                candidate: median(times.ours),
                baselineLabel: "raw node:http + JSON.parse",
            },
            {
                name: "client: heap still held after the same calls (after GC)",
                unit: "KiB",
                baseline: median(retained.raw) / 1024,
                candidate: median(retained.ours) / 1024,
                baselineLabel: "raw node:http + JSON.parse",
            },
        ];
    } finally {
        await client.close();
        agent.destroy();
        await sim.close();
    }
}

async function inParallel(total: number, width: number, call: () => Promise<unknown>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < total) {
            next++;
            await call();
        }
    };
    await Promise.all(Array.from({ length: width }, worker));
}

/** Heap in use once garbage is collected: what a run of calls leaves behind, not what it churned through. */
function heapAfterGc(): number {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) {
        throw new Error("run the benchmarks with node --expose-gc (npm run bench does)");
    }
    gc();
    gc();
    return process.memoryUsage().heapUsed;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}
