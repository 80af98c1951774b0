import type { AddressInfo } from "node:net";
import { Faults } from "./faults";
import { resolveOptions, type RunningSimulator, type SimulatorOptions } from "./options";
import { RequestLog } from "./requestLog";
import { ReviewDesk } from "./review";
import { createSimulatorServer } from "./server";
import { SimulatorStore } from "./store";

export type { ReviewMode, RunningSimulator, SignatureModifyErrorCode, SimulatorOptions } from "./options";
export type { RequestLogEntry } from "./requestLog";
export type { CreateFaultMode, FaultCounts, FaultSettings } from "./faults";
export { DEFAULT_APP_BALANCE, DEFAULT_DEV_BALANCE } from "./store";

/**
 * Starts a local JSMS server on 127.0.0.1 (never another interface: it accepts test credentials and has an
 * unauthenticated control API) and resolves once it listens.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
    const resolved = resolveOptions(options);
    const store = new SimulatorStore(
        resolved.apps.map((app) => app.appKey),
        resolved.statePath,
    );
    const faults = new Faults(
        {
            latencyMs: resolved.latencyMs,
            rateLimitPerSecond: resolved.rateLimitPerSecond,
            errorRate: resolved.errorRate,
            createFault: resolved.createFault,
            createFaultCount: resolved.createFaultCount,
            createFaultRate: resolved.createFaultRate,
            createFaultDelayMs: resolved.createFaultDelayMs,
        },
        resolved.seed,
    );
    const server = createSimulatorServer({
        options: resolved,
        store,
        reviews: new ReviewDesk(resolved.review, resolved.reviewDelayMs),
        faults,
        log: new RequestLog(),
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(resolved.port, "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | undefined;
    return {
        url: `http://127.0.0.1:${port}`,
        port,
        close() {
            closing ??= new Promise<void>((resolve, reject) => {
                server.close((error) => (error ? reject(error) : resolve()));
                // Keep-alive connections (fetch keeps them) would hold close() open until they time out.
                server.closeAllConnections();
            });
            return closing;
        },
    };
}
