/**
 * Reads the V8 CPU profiles that the program and dynamic-provider processes of one Pulumi command
 * wrote, and sums their self time: by function (the top frames) and by where the code comes from (ours, the Pulumi
 * SDK, gRPC, Node.js itself, the garbage collector), so a bench run shows where a regression's time goes.
 */
import * as fs from "fs";
import * as path from "path";

/** The processes a Pulumi command starts that run Node.js. */
export type NodeProcessRole = "program" | "provider" | "other";

interface CallFrame {
    functionName: string;
    url: string;
    lineNumber: number;
}

interface ProfileNode {
    id: number;
    callFrame: CallFrame;
    hitCount?: number;
}

interface CpuProfile {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples?: number[];
    timeDeltas?: number[];
}

/** Self time of one function (or one origin), in milliseconds. */
export interface SelfTime {
    name: string;
    ms: number;
}

/** What one process spent its CPU on. */
export interface ProcessProfile {
    role: NodeProcessRole;
    file: string;
    /** Sampled time on the CPU (idle excluded), in milliseconds. */
    busyMs: number;
    /** Functions by self time, highest first. */
    frames: SelfTime[];
    /** Self time by origin (see {@link originOf}), highest first. */
    origins: SelfTime[];
}

/** Which process wrote a profile: the SDK's program runner or its dynamic-provider entry point. */
function roleOf(profile: CpuProfile): NodeProcessRole {
    const urls = profile.nodes.map((n) => n.callFrame.url);
    if (urls.some((u) => u.includes("/@pulumi/pulumi/cmd/dynamic-provider/"))) {
        return "provider";
    }
    if (urls.some((u) => u.includes("/@pulumi/pulumi/cmd/run/"))) {
        return "program";
    }
    return "other";
}

/** Where a frame's code comes from: a package, this project, Node.js itself, or V8's own pseudo-frames. */
export function originOf(frame: CallFrame): string {
    const { url, functionName } = frame;
    if (!url) {
        // V8's pseudo-frames: (garbage collector), (program), (idle), (root); else native code such as JSON.parse
        return functionName.startsWith("(") ? functionName : "native";
    }
    if (url.startsWith("node:")) {
        return "node.js";
    }
    const modules = url.lastIndexOf("/node_modules/");
    if (modules >= 0) {
        const rest = url.slice(modules + "/node_modules/".length).split("/");
        const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
        return pkg === "pulumi-jsms" ? "pulumi-jsms" : pkg;
    }
    // the project itself, whether reached through node_modules/pulumi-jsms (a link) or by path
    return url.includes("/dist/") ? "pulumi-jsms" : "program";
}

function shortUrl(url: string): string {
    const modules = url.lastIndexOf("/node_modules/");
    if (modules >= 0) {
        return url.slice(modules + "/node_modules/".length);
    }
    const dist = url.lastIndexOf("/dist/");
    return dist >= 0 ? `pulumi-jsms/${url.slice(dist + 1)}` : url.replace(/^file:\/\//, "");
}

function sorted(totals: Map<string, number>): SelfTime[] {
    return [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

/** Sums one profile's self time per function and per origin, weighting each sample by the time it stood for. */
export function summarizeProfile(file: string): ProcessProfile {
    const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map<number, number>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    if (samples.length > 0 && deltas.length === samples.length) {
        // timeDeltas[i + 1] is the time between sample i and the next one: the time sample i stands for
        for (let i = 0; i < samples.length; i++) {
            const us = i + 1 < deltas.length ? deltas[i + 1] : 0;
            selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, us));
        }
    } else {
        const total = profile.endTime - profile.startTime;
        const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
        for (const n of profile.nodes) {
            selfUs.set(n.id, ((n.hitCount ?? 0) / hits) * total);
        }
    }
    const frames = new Map<string, number>();
    const origins = new Map<string, number>();
    let busyMs = 0;
    for (const [id, us] of selfUs) {
        const node = byId.get(id);
        if (!node || node.callFrame.functionName === "(idle)" || us === 0) {
            continue;
        }
        const ms = us / 1000;
        busyMs += ms;
        const { functionName, url, lineNumber } = node.callFrame;
        const name = url
            ? `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`
            : functionName || "(native)";
        frames.set(name, (frames.get(name) ?? 0) + ms);
        const origin = originOf(node.callFrame);
        origins.set(origin, (origins.get(origin) ?? 0) + ms);
    }
    return { role: roleOf(profile), file, busyMs, frames: sorted(frames), origins: sorted(origins) };
}

/** Every profile in `dir` (one per Node.js process of the command), summarized. */
export function summarizeProfiles(dir: string): ProcessProfile[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => summarizeProfile(path.join(dir, f)));
}

/** The environment that makes every Node.js process of a command write its CPU profile into `dir` (profilePreload.ts). */
export function cpuProfileEnv(dir: string): Record<string, string> {
    const existing = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : "";
    return {
        NODE_OPTIONS: `${existing}--require ${path.join(__dirname, "profilePreload.js")}`,
        JSMS_BENCH_CPU_PROFILE_DIR: dir,
    };
}

/** A printable summary: per process, its busy time, the origins and the `top` functions by self time. */
export function formatProfiles(title: string, profiles: ProcessProfile[], top = 12): string {
    const lines = [`### ${title}`];
    for (const p of [...profiles].sort((a, b) => a.role.localeCompare(b.role))) {
        lines.push("", `${p.role} process: ${p.busyMs.toFixed(0)} ms on the CPU (${path.basename(p.file)})`);
        lines.push(
            `  by origin: ${p.origins
                .slice(0, 8)
                .map((o) => `${o.name} ${o.ms.toFixed(0)}`)
                .join(", ")}`,
        );
        lines.push("  top self time:");
        for (const f of p.frames.slice(0, top)) {
            lines.push(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
        }
    }
    return lines.join("\n");
}
