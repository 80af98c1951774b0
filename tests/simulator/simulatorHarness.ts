import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../simulator";

/** The app most tests call as. */
export const APP = { appKey: "a1b2c3d4e5f6a7b8c9d0e1f2", masterSecret: "0f1e2d3c4b5a69788796a5b4" };
/** A second app, to prove objects are scoped per app. */
export const OTHER_APP = { appKey: "ffeeddccbbaa998877665544", masterSecret: "112233445566778899aabbcc" };
/** The account (dev) credentials. */
export const DEV = { devKey: "d0d1d2d3d4d5d6d7d8d9dadb", devSecret: "e0e1e2e3e4e5e6e7e8e9eaeb" };

/** Credentials as `[key, secret]`, or a raw Authorization header, or null for none. */
export type Auth = [string, string] | { header: string } | null;

/** The app credentials of {@link APP}. */
export const APP_AUTH: Auth = [APP.appKey, APP.masterSecret];

/** A response, with its JSON parsed when there is a body. */
export interface SimResponse {
    status: number;
    headers: Headers;
    text: string;
    json: any;
}

/** How to send a request: credentials (default {@link APP_AUTH}), a JSON value, a raw body or a form, headers. */
export interface CallInit {
    auth?: Auth;
    json?: unknown;
    body?: string | FormData;
    headers?: Record<string, string>;
}

/** Starts a fresh simulator before each test of the suite and closes it after; returns its getter. */
export function useSimulator(options: Partial<SimulatorOptions> = {}): () => RunningSimulator {
    let simulator: RunningSimulator | undefined;
    beforeEach(async () => {
        simulator = await startSimulator({ apps: [APP, OTHER_APP], dev: DEV, ...options });
    });
    afterEach(async () => {
        await simulator?.close();
        simulator = undefined;
    });
    return () => {
        if (!simulator) {
            throw new Error("no simulator is running");
        }
        return simulator;
    };
}

/** Calls the simulator's JSMS API. */
export async function call(
    simulator: RunningSimulator,
    method: string,
    path: string,
    init: CallInit = {},
): Promise<SimResponse> {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? APP_AUTH : init.auth;
    if (Array.isArray(auth)) {
        headers.Authorization = basic(auth[0], auth[1]);
    } else if (auth) {
        headers.Authorization = auth.header;
    }
    let body = init.body;
    if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers["Content-Type"] ??= "application/json";
    }
    const response = await fetch(simulator.url + path, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** Calls the `/_sim` control API with an optional JSON body. */
export async function control(
    simulator: RunningSimulator,
    method: string,
    path: string,
    json?: unknown,
): Promise<SimResponse> {
    return call(simulator, method, path, { auth: null, json });
}

/** A Basic Authorization header. */
export function basic(key: string, secret: string): string {
    return `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
}

/** Bytes that start like a PNG file, `size` long. */
export function png(size = 64): Buffer {
    const bytes = Buffer.alloc(size, 0x41);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
    return bytes;
}

/** Bytes that start like a JPEG file, `size` long. */
export function jpeg(size = 64): Buffer {
    const bytes = Buffer.alloc(size, 0x42);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
    return bytes;
}

/** A file part of a form. */
export interface FormFilePart {
    field: string;
    name: string;
    content: Buffer;
}

/** A multipart form with text fields and files, as the SDKs send for signatures. */
export function form(fields: Record<string, string>, files: FormFilePart[] = []): FormData {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) {
        data.append(name, value);
    }
    for (const file of files) {
        data.append(file.field, new Blob([new Uint8Array(file.content)]), file.name);
    }
    return data;
}

/** A valid 2025 (generation D) type 1 signature form: legal person, ID number, credit code and both images. */
export function qualifiedForm(sign: string): FormData {
    return form(
        {
            sign,
            type: "1",
            legalPersonName: "张三",
            legalPersonIdNumber: "11010519491231002X",
            socialCreditCode: "91350100M000100Y43",
        },
        [
            { field: "idCardImage", name: "idcard.jpg", content: jpeg() },
            { field: "businessLicenseImage", name: "business_license.jpg", content: jpeg() },
        ],
    );
}

/** Creates a signature for the app and sets its review status (approved by default); returns its id. */
export async function createSign(
    simulator: RunningSimulator,
    sign = "极光推送",
    status: "approved" | "rejected" | "pending" = "approved",
    auth: Auth = APP_AUTH,
): Promise<number> {
    const created = await call(simulator, "POST", "/v1/sign", { auth, body: form({ sign }) });
    if (created.status !== 200) {
        throw new Error(`creating a signature failed: ${created.text}`);
    }
    await control(simulator, "POST", `/_sim/signs/${created.json.sign_id}/review`, { status });
    return created.json.sign_id;
}

/** Creates a template (the app must have a signature) and sets its review status if given; returns its id. */
export async function createTemplate(
    simulator: RunningSimulator,
    fields: Record<string, unknown> = { template: "您的验证码是{{code}}，5分钟内有效。", type: 1, ttl: 300 },
    status?: "approved" | "rejected" | "pending",
    auth: Auth = APP_AUTH,
): Promise<number> {
    const created = await call(simulator, "POST", "/v1/templates", { auth, json: fields });
    if (created.status !== 200) {
        throw new Error(`creating a template failed: ${created.text}`);
    }
    if (status) {
        await control(simulator, "POST", `/_sim/templates/${created.json.temp_id}/review`, { status });
    }
    return created.json.temp_id;
}

/** The JSMS error body the vendor answers for a code. */
export function vendorError(code: number, message: string) {
    return { error: { code, message } };
}
