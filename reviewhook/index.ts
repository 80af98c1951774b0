import type { AddressInfo } from "node:net";
import { JsonLog, stdoutSink } from "./jsonLog";
import { resolveHookOptions, type ReviewHookOptions, type RunningReviewHook } from "./options";
import { openReviewStore } from "./openReviewStore";
import { OrphanPairing } from "./orphanPairing";
import { createHookServer } from "./server";
import { StoreHealth } from "./storeHealth";

export { callbackSignature } from "./callbackSignature";
export type { ReviewKind } from "./callbackForm";
export {
    DEFAULT_HOOK_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_HEADERS_TIMEOUT_MS,
    DEFAULT_MAX_CLOCK_SKEW_MS,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    DEFAULT_POSTGRES_LOCK_TIMEOUT_MS,
    DEFAULT_POSTGRES_POOL_SIZE,
    DEFAULT_POSTGRES_STATEMENT_TIMEOUT_MS,
    DEFAULT_REQUEST_TIMEOUT_MS,
    DEFAULT_SHUTDOWN_GRACE_MS,
    DEFAULT_SQLITE_LEASE_MS,
    MIN_TOKEN_LENGTH,
} from "./options";
export type { HookApp, ReviewHookOptions, RunningReviewHook } from "./options";
export type { ReviewResultBody, ReviewView } from "./resultRoutes";

/**
 * Starts the review hook: opens (or creates) its database, listens, and resolves once it accepts requests. It
 * receives JSMS review callbacks for the configured apps and serves what it stored to holders of the token.
 */
export async function startReviewHook(options: ReviewHookOptions): Promise<RunningReviewHook> {
    const resolved = resolveHookOptions(options);
    const log = new JsonLog(resolved.log ?? stdoutSink);
    const store = await openReviewStore(resolved, log);
    const pairing = new OrphanPairing({
        apps: resolved.apps,
        jsmsEndpoint: resolved.jsmsEndpoint,
        journal: store.journal,
        log,
    });
    const context = { options: resolved, store, log, pairing, health: new StoreHealth(), draining: false };
    const server = createHookServer(context);
    try {
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(resolved.port, resolved.host, () => {
                server.off("error", reject);
                resolve();
            });
        });
    } catch (error) {
        await pairing.close();
        await store.close();
        throw error;
    }
    const { port } = server.address() as AddressInfo;
    const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
    const url = `http://${host}:${port}`;
    log.info("listening", {
        url,
        apps: resolved.apps.map((app) => app.appKey),
        database: store.description,
        store: store.kind,
    });
    let closing: Promise<void> | undefined;
    return {
        url,
        port,
        close() {
            closing ??= new Promise<void>((resolve, reject) => {
                context.draining = true;
                // Requests in flight finish (idle keep-alive connections close now); stragglers are cut after the grace.
                const grace = setTimeout(() => server.closeAllConnections(), resolved.shutdownGraceMs);
                server.close((error) => {
                    clearTimeout(grace);
                    pairing
                        .close()
                        .then(() => store.close())
                        .catch((closeError: Error) => {
                            error ??= closeError;
                        })
                        .then(() => {
                            log.info("stopped", { url });
                            if (error) {
                                reject(error);
                            } else {
                                resolve();
                            }
                        });
                });
                server.closeIdleConnections();
            });
            return closing;
        },
    };
}
