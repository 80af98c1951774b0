/**
 * Shared pieces of the provider tests: a simulator per suite with its control API, `configure` the way the engine
 * calls it, real image files in a temp directory, and a collector of every error and check failure the suite sees,
 * so that one root hook can prove no credential ever leaks into a message.
 */
import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator } from "../../simulator";
import { configure } from "./providerRuntime";
import { closeClients } from "./providerRuntime";
import { resetConfiguredSettings } from "./providerRuntime";
import { greyJpeg, greyPng } from "../support/imageBytes";

/** The engine's placeholder for values not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The default app, and a second app for `jsms:apps` profiles: distinctive strings to search for in any output. */
export const APP_KEY = "provappkey61d0c3a7e2";
export const MASTER_SECRET = "provmastersecret-8f41b2c9d7e6";
export const APP_B_KEY = "provappkeyb9a7e11c04";
export const APP_B_SECRET = "provbsecret-3e9d5a0c7f12";
export const DEV_KEY = "provdevkey5c2e8a1f93";
export const DEV_SECRET = "provdevsecret-a61f0e7b4d28";
/** A secret that is configured but accepted by no simulator app (for 50002). */
export const WRONG_SECRET = "provwrongsecret-0d7c4b19e5a3";
/** A valid PRC resident ID number (GB 11643 check digit), and one with a wrong check digit. */
export const VALID_ID_NUMBER = "11010519491231002X";
export const INVALID_ID_NUMBER = "110105194912310021";
/** A valid unified social credit code (GB 32100 check character). */
export const VALID_CREDIT_CODE = "91350100M00010000P";

/** Every value that must never appear in an error message or check failure. */
export const SECRET_STRINGS = [
    MASTER_SECRET,
    APP_B_SECRET,
    DEV_SECRET,
    WRONG_SECRET,
    INVALID_ID_NUMBER,
    VALID_ID_NUMBER,
    Buffer.from(`${APP_KEY}:${MASTER_SECRET}`).toString("base64"),
    Buffer.from(`${APP_KEY}:${WRONG_SECRET}`).toString("base64"),
    Buffer.from(`${APP_B_KEY}:${APP_B_SECRET}`).toString("base64"),
    Buffer.from(`${DEV_KEY}:${DEV_SECRET}`).toString("base64"),
];

// ---------------------------------------------------------------------------------------------------------------
// Texts seen by the suite: every captured error and every check failure reason.

const seenTexts: { where: string; text: string }[] = [];
/** How many failures the suites captured: each leaves at least one recorded text, which the root check counts. */
let capturedFailures = 0;

/** Records a text a person could see (an error message, a check failure reason) for the root leak check. */
export function recordSeen(where: string, text: string): void {
    seenTexts.push({ where, text });
}

/** Records everything a thrown value shows: message, string form, stack, partial-failure reasons. */
export function recordError(where: string, err: unknown): void {
    const e = err as { message?: unknown; stack?: unknown; reasons?: unknown };
    recordSeen(where, String(err));
    if (typeof e?.message === "string") recordSeen(where, e.message);
    if (typeof e?.stack === "string") recordSeen(where, e.stack);
    if (Array.isArray(e?.reasons)) e.reasons.forEach((r) => recordSeen(where, String(r)));
}

/** Awaits a promise that must reject, records the rejection and returns it. */
export async function captureError(promise: Promise<unknown>, where = "error"): Promise<Error & Record<string, any>> {
    try {
        await promise;
    } catch (err) {
        capturedFailures++;
        recordError(where, err);
        return err as Error & Record<string, any>;
    }
    expect.fail("expected the call to fail, but it succeeded");
}

/** Records check failures and returns them. */
export function recordFailures<T extends { failures?: { property: string; reason: string }[] }>(result: T): T {
    capturedFailures += result.failures?.length ?? 0;
    for (const f of result.failures ?? []) recordSeen(`check failure on "${f.property}"`, f.reason);
    return result;
}

// A root-level hook (this module is loaded by every provider test file): once every suite has run, no recorded text
// may contain a credential or an ID number. The count check keeps the hook from passing on an empty collection: every
// captured failure must have left a text (a run that captured none, e.g. a grep, has nothing to check).
after("no secret appears in any error or check failure of the provider suites", function () {
    expect(
        seenTexts.length,
        `${capturedFailures} failures were captured but only ${seenTexts.length} texts recorded`,
    ).to.be.at.least(capturedFailures);
    const leaks = seenTexts.filter(({ text }) => SECRET_STRINGS.some((s) => text.includes(s)));
    expect(leaks, `secrets leaked in: ${leaks.map((l) => l.where).join(", ")}`).to.deep.equal([]);
});

/** The texts recorded so far (for suites that assert on their own share). */
export function seenSoFar(): readonly { where: string; text: string }[] {
    return seenTexts;
}

// ---------------------------------------------------------------------------------------------------------------
// The simulator and its control API.

/** Options of `startSimulator`, as documented by the simulator. */
export type SimulatorOptions = Parameters<typeof startSimulator>[0];

/** One entry of `GET /_sim/requests`. */
export interface LoggedRequest {
    method: string;
    path: string;
    status: number;
    code?: number;
    app?: string;
}

/** A running simulator and its `/_sim` control API. */
export interface Sim {
    url: string;
    close(): Promise<void>;
    review(kind: "templates" | "signs", id: number | string, status: "approved" | "rejected"): Promise<void>;
    usage(id: number | string, usage: { inUse: boolean; isDefault: boolean }): Promise<void>;
    balances(body: unknown): Promise<void>;
    /** The `/v1` requests logged since the last `clearRequests`. */
    requests(): Promise<LoggedRequest[]>;
    clearRequests(): Promise<void>;
    state(): Promise<any>;
    reset(): Promise<void>;
    editTemplate(id: number | string, fields: Record<string, unknown>): Promise<void>;
    editSign(id: number | string, fields: Record<string, unknown>): Promise<void>;
    consoleDelete(kind: "templates" | "signs", id: number | string): Promise<void>;
    /** The stored templates / signatures (from `/_sim/state`). */
    templates(): Promise<any[]>;
    signs(): Promise<any[]>;
}

/** Starts a simulator with the default app, app b and the dev account; the review is manual unless overridden. */
export async function startSim(options: Partial<SimulatorOptions> = {}): Promise<Sim> {
    const sim = await startSimulator({
        port: 0,
        apps: [
            { appKey: APP_KEY, masterSecret: MASTER_SECRET },
            { appKey: APP_B_KEY, masterSecret: APP_B_SECRET },
        ],
        dev: { devKey: DEV_KEY, devSecret: DEV_SECRET },
        review: "manual",
        ...options,
    } as SimulatorOptions);
    const control = async (method: string, p: string, body?: unknown): Promise<any> => {
        const res = await fetch(`${sim.url}${p}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) {
            throw new Error(`simulator control ${method} ${p} answered ${res.status}: ${text}`);
        }
        return text ? JSON.parse(text) : undefined;
    };
    const listOf = (value: any): any[] => (Array.isArray(value) ? value : Object.values(value ?? {}));
    return {
        url: sim.url,
        close: () => sim.close(),
        review: (kind, id, status) => control("POST", `/_sim/${kind}/${id}/review`, { status }),
        usage: (id, usage) => control("POST", `/_sim/signs/${id}/usage`, usage),
        balances: (body) => control("PUT", "/_sim/balances", body),
        requests: async () => {
            const all = (await control("GET", "/_sim/requests")) as any;
            const list: LoggedRequest[] = Array.isArray(all) ? all : all.requests;
            return list.filter((r) => r.path.startsWith("/v1"));
        },
        clearRequests: () => control("DELETE", "/_sim/requests"),
        state: () => control("GET", "/_sim/state"),
        reset: () => control("POST", "/_sim/reset"),
        editTemplate: (id, fields) => control("PUT", `/_sim/templates/${id}`, fields),
        editSign: (id, fields) => control("PUT", `/_sim/signs/${id}`, fields),
        consoleDelete: (kind, id) => control("DELETE", `/_sim/${kind}/${id}`),
        templates: async () => listOf((await control("GET", "/_sim/state")).templates),
        signs: async () => listOf((await control("GET", "/_sim/state")).signs),
    };
}

/** The stack config the engine would hand to `configure`: the default app on `sim`, one retry, plus `extra`. */
export function stackConfig(
    sim: { url: string } | undefined,
    extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
    return {
        "jsms:appKey": APP_KEY,
        "jsms:masterSecret": MASTER_SECRET,
        "jsms:endpoint": sim?.url,
        "jsms:maxRetries": "1",
        "jsms:requestTimeoutMs": "5000",
        ...extra,
    };
}

/** Calls the runtime's `configure` as the engine does, with `stackConfig(sim, extra)`. */
export function configureFor(sim: { url: string } | undefined, extra: Record<string, string | undefined> = {}): void {
    const config = stackConfig(sim, extra);
    configure({ get: (key: string) => config[key] });
}

/** The `JSMS_*` variables a developer's shell might carry; the suites run without them unless they set their own. */
const JSMS_ENV = Object.keys(process.env).filter((k) => k.startsWith("JSMS_"));

/** Removes every `JSMS_*` variable and returns a function that restores the environment as it was. */
export function isolateJsmsEnv(): () => void {
    const saved: Record<string, string | undefined> = {};
    for (const key of [...JSMS_ENV, ...Object.keys(process.env).filter((k) => k.startsWith("JSMS_"))]) {
        saved[key] = process.env[key];
        delete process.env[key];
    }
    return () => {
        for (const key of Object.keys(process.env).filter((k) => k.startsWith("JSMS_"))) {
            delete process.env[key];
        }
        for (const [key, value] of Object.entries(saved)) {
            if (value !== undefined) process.env[key] = value;
        }
    };
}

/**
 * The usual suite setup: a clean `JSMS_*` environment, a simulator, `configure` pointed at it; and the teardown:
 * cached clients closed, simulator closed, settings and environment restored. Returns a getter for the simulator.
 */
export function useSimulator(
    options: Partial<SimulatorOptions> = {},
    extraConfig: Record<string, string> = {},
): () => Sim {
    let sim: Sim | undefined;
    let restoreEnv: (() => void) | undefined;
    before(async () => {
        restoreEnv = isolateJsmsEnv();
        sim = await startSim(options);
        configureFor(sim, extraConfig);
    });
    after(async () => {
        await closeClients();
        await sim?.close();
        resetConfiguredSettings();
        restoreEnv?.();
    });
    return () => {
        if (!sim) throw new Error("the simulator is not started");
        return sim;
    };
}

/** Polls `probe` until it returns a value other than undefined (a test-side wait for something the provider does). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) expect.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Output checks.

/** The paths inside a value that hold `undefined` (outs with one fail `Struct.fromJavaScript` in the engine). */
export function undefinedPaths(value: unknown, at = "outs"): string[] {
    if (value === undefined) return [at];
    if (Array.isArray(value)) return value.flatMap((v, i) => undefinedPaths(v, `${at}[${i}]`));
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${at}.${k}`));
    }
    return [];
}

/** Asserts the value would survive the engine: no undefined anywhere, and only JSON values. */
export function expectPlainOutputs(value: unknown): void {
    expect(undefinedPaths(value)).to.deep.equal([]);
    expect(JSON.parse(JSON.stringify(value))).to.deep.equal(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Image files: tiny but real PNG and JPEG files, written byte by byte into a temp directory.

/** A valid 1×1 grayscale PNG whose single pixel has the value `grey` (different greys, different bytes). */
export function pngBytes(grey = 0x80): Buffer {
    return greyPng(grey);
}

/** A valid baseline grey JPEG. */
export function jpegBytes(): Buffer {
    return greyJpeg();
}

/** A PNG of exactly `size` bytes: a real PNG followed by padding (the rules look at the first bytes and the size). */
export function pngOfSize(size: number): Buffer {
    const png = pngBytes();
    return Buffer.concat([png, Buffer.alloc(size - png.length)]);
}

/** The image files of the provider suites, in one temp directory. */
export interface ImageFiles {
    dir: string;
    png: string;
    /** The same bytes as `png` under another name. */
    pngRenamed: string;
    /** A different PNG. */
    otherPng: string;
    jpg: string;
    /** Text saved with a .png name. */
    fakePng: string;
    /** A real PNG saved with a .gif name. */
    pngNamedGif: string;
    /** Exactly 2 MB, and one byte more. */
    exactly2MB: string;
    over2MB: string;
    missing: string;
    cleanup(): void;
}

/** A complete, valid type-1 qualification using the written image files; `overrides` replace single fields. */
export function validQualification(
    files: ImageFiles,
    overrides: Record<string, unknown> = {},
): Record<string, unknown> {
    return {
        legalPersonName: "张三",
        legalPersonIdNumber: VALID_ID_NUMBER,
        socialCreditCode: VALID_CREDIT_CODE,
        idCardImage: files.jpg,
        businessLicenseImage: files.png,
        ...overrides,
    };
}

/** Writes the image files to a fresh temp directory. */
export function writeImageFiles(): ImageFiles {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-provider-test-"));
    const write = (name: string, bytes: Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, bytes);
        return file;
    };
    return {
        dir,
        png: write("licence.png", pngBytes()),
        pngRenamed: write("licence-renamed.png", pngBytes()),
        otherPng: write("other.png", pngBytes(0x10)),
        jpg: write("idcard.jpg", jpegBytes()),
        fakePng: write("fake.png", Buffer.from("this is not an image at all\n")),
        pngNamedGif: write("picture.gif", pngBytes()),
        exactly2MB: write("exactly-2mb.png", pngOfSize(2 * 1024 * 1024)),
        over2MB: write("over-2mb.png", pngOfSize(2 * 1024 * 1024 + 1)),
        missing: path.join(dir, "does-not-exist.png"),
        cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}

/** sha256 of a file, hex. */
export function sha256Of(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}
