/** Shared pieces of the client tests: recognisable fake credentials, fast client options, and error capture. */
import { expect } from "chai";
import Busboy from "@fastify/busboy";
import { IncomingHttpHeaders } from "http";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { JsmsError } from "../../provider/client/jsmsError";
import { ClientOptions } from "../../provider/client/types";
import { FaultServer, FaultStep, startFaultServer } from "./faultServer";

/** Fake app key, distinctive enough to search for in any output. */
export const APP_KEY = "appkey7e503edcb0cb725e3311";
/** Fake master secret of that app. */
export const MASTER_SECRET = "mastersecret5b3e2979c8a48b84";
/** Fake account (dev) key, for the dev balance. */
export const DEV_KEY = "devkey4c6921c9b20b2fd9bcd8";
/** Fake account (dev) secret. */
export const DEV_SECRET = "devsecret7289516381dcdf1113";

/** Every string that must never appear in output: the secrets, the keys and the Basic header payloads. */
export const SECRET_STRINGS = [
    APP_KEY,
    MASTER_SECRET,
    DEV_KEY,
    DEV_SECRET,
    Buffer.from(`${APP_KEY}:${MASTER_SECRET}`).toString("base64"),
    Buffer.from(`${DEV_KEY}:${DEV_SECRET}`).toString("base64"),
];

/** Client options for tests: both credential sets, tiny backoff, short timeouts. */
export function fastOptions(endpoint: string, overrides: Partial<ClientOptions> = {}): ClientOptions {
    return {
        endpoint,
        appKey: APP_KEY,
        masterSecret: MASTER_SECRET,
        devKey: DEV_KEY,
        devSecret: DEV_SECRET,
        maxRetries: 4,
        retryBaseDelayMs: 2,
        retryBudgetMs: 5_000,
        requestTimeoutMs: 2_000,
        ...overrides,
    };
}

/** A client with `fastOptions`; remember to close it. */
export function fastClient(endpoint: string, overrides: Partial<ClientOptions> = {}): JsmsClient {
    return new JsmsClient(fastOptions(endpoint, overrides));
}

/** Awaits a promise that must reject with a JsmsError, and returns that error. */
export async function expectJsmsError(promise: Promise<unknown>): Promise<JsmsError> {
    const error = await captureError(promise);
    expect(error, String(error)).to.be.instanceOf(JsmsError);
    return error as JsmsError;
}

/** Awaits a promise that must reject, and returns the rejection. */
export async function captureError(promise: Promise<unknown>): Promise<unknown> {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    expect.fail("expected the call to fail, but it succeeded");
}

/** A parsed multipart body: text fields, and files with their name, type and bytes. */
export interface ParsedMultipart {
    fields: Record<string, string>;
    files: Record<string, { filename: string; mimeType: string; content: Buffer }>;
    order: string[];
}

/** Parses a multipart/form-data body with busboy, as a server would. */
export function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<ParsedMultipart> {
    return new Promise((resolve, reject) => {
        const result: ParsedMultipart = { fields: {}, files: {}, order: [] };
        const parser = Busboy({ headers: headers as { "content-type": string } });
        parser.on("field", (name, value) => {
            result.fields[name] = value;
            result.order.push(name);
        });
        parser.on("file", (name, stream, filename, _encoding, mimeType) => {
            const chunks: Buffer[] = [];
            result.order.push(name);
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("end", () => {
                result.files[name] = { filename, mimeType, content: Buffer.concat(chunks) };
            });
        });
        parser.on("finish", () => resolve(result));
        parser.on("error", reject);
        parser.end(body);
    });
}

/** Something a test opens and must close: a client or a fault server. */
export interface Closable {
    close(): Promise<void>;
}

/** What `useFaultServers` gives a suite. */
export interface FaultServers {
    /** Starts a server answering `steps`, and a fast client for it; both are closed after the test. */
    serve(
        steps: FaultStep[] | ((i: number) => FaultStep),
        overrides?: Partial<ClientOptions>,
    ): Promise<{ server: FaultServer; client: JsmsClient }>;
    /** Closes `item` after the test; returns it. */
    track<T extends Closable>(item: T): T;
}

/** Fault servers and clients for one suite, all closed after each test. */
export function useFaultServers(): FaultServers {
    const open: Closable[] = [];
    afterEach(async () => {
        for (const item of open.splice(0).reverse()) {
            await item.close();
        }
    });
    const track = <T extends Closable>(item: T): T => {
        open.push(item);
        return item;
    };
    return {
        track,
        async serve(steps, overrides = {}) {
            const server = track(await startFaultServer(steps));
            return { server, client: track(fastClient(server.url, overrides)) };
        },
    };
}
