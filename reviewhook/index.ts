import type { AddressInfo } from "node:net";
import { JsonLog, stdoutSink } from "./jsonLog";
import { resolveHookOptions, type ReviewHookOptions, type RunningReviewHook } from "./options";
import { ReviewStore } from "./reviewStore";
import { createHookServer } from "./server";

export { callbackSignature } from "./callbackSignature";
export type { ReviewKind } from "./callbackForm";
export {
    DEFAULT_HOOK_HOST,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_CLOCK_SKEW_MS,
    DEFAULT_SHUTDOWN_GRACE_MS,
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
    const store = new ReviewStore(resolved.databasePath, resolved.breakLock);
    if (store.claim.brokeLockOf) {
        log.warn("--break-lock: took the database over from the owner it named", { database: resolved.databasePath, previousOwner: store.claim.brokeLockOf });
    } else if (store.claim.removedStaleLock) {
        log.warn("removed a database lock left by a hook that did not shut down", { database: resolved.databasePath });
    }
    const context = { options: resolved, store, log, draining: false };
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
        store.close();
        throw error;
    }
    const { port } = server.address() as AddressInfo;
    const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
    const url = `http://${host}:${port}`;
    log.info("listening", { url, apps: resolved.apps.map((app) => app.appKey), database: resolved.databasePath });
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
                    try {
                        store.close();
                    } catch (closeError) {
                        error ??= closeError as Error;
                    }
                    log.info("stopped", { url });
                    if (error) {
                        reject(error);
                    } else {
                        resolve();
                    }
                });
                server.closeIdleConnections();
            });
            return closing;
        },
    };
}
