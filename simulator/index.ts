import type { AddressInfo } from "node:net";
import { KINDS } from "pulumi-jsms/schema/resourceTable";
import { type EndedReviewCode, ReviewCode } from "pulumi-jsms/schema/reviewStatus";
import { Faults } from "./faults";
import { resolveOptions, type RunningSimulator, type SimulatorOptions } from "./options";
import { RequestLog } from "./requestLog";
import { ReviewDesk } from "./review";
import { createSimulatorServer } from "./server";
import { SimulatorStore, type SignRecord, type TemplateRecord } from "./store";
import { AUTOMATIC_REJECT_REASON, CallbackSender } from "./callbackSender";

export type { ReviewMode, RunningSimulator, SignatureModifyErrorCode, SimulatorOptions } from "./options";
export type { RequestLogEntry } from "./requestLog";
export type { CreateFaultMode, FaultCounts, FaultSettings } from "./faults";
export { DEFAULT_APP_BALANCE, DEFAULT_DEV_BALANCE } from "./store";
export { AUTOMATIC_REJECT_REASON, JSMS_CALLBACK_RETRY_DELAYS_MS } from "./callbackSender";
export type { DeliveryAttempt } from "./callbackSender";

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
    const callbacks = new CallbackSender(resolved.apps, resolved.callbackRetryDelaysMs);
    try {
        for (const [appKey, url] of Object.entries(resolved.callbacks)) {
            await callbacks.setUrl(appKey, url);
        }
    } catch (error) {
        callbacks.close();
        throw error;
    }
    const reportDecision = (record: TemplateRecord | SignRecord) => {
        // Only a signature record has a `sign` field; an automatic rejection comes with a fixed reason.
        const kind = "sign" in record ? KINDS.signature.reviewKind : KINDS.template.reviewKind;
        const reason = record.status === ReviewCode.rejected ? AUTOMATIC_REJECT_REASON : null;
        callbacks.reviewEnded({
            app: record.app,
            kind,
            id: record.id,
            status: record.status as EndedReviewCode,
            reason,
        });
    };
    const server = createSimulatorServer({
        options: resolved,
        store,
        reviews: new ReviewDesk(resolved.review, resolved.reviewDelayMs, reportDecision),
        faults,
        log: new RequestLog(),
        callbacks,
    });
    await new Promise<void>((resolve, reject) => {
        const failed = (error: Error) => {
            callbacks.close();
            reject(error);
        };
        server.once("error", failed);
        server.listen(resolved.port, "127.0.0.1", () => {
            server.off("error", failed);
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
                callbacks.close();
                server.close((error) => (error ? reject(error) : resolve()));
                // Keep-alive connections (fetch keeps them) would hold close() open until they time out.
                server.closeAllConnections();
            });
            return closing;
        },
    };
}
