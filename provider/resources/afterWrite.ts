/**
 * What happens once a write has reached JSMS: read the live review status, wait for the review when asked, and make
 * sure every failure from here on still records the object in the stack (Pulumi's partial-failure error), since an
 * object JSMS has created but the stack does not know about could never be found again (there is no list API).
 */
import { ObjectNotReadyError, WaitForReviewOptions, pollReview } from "./reviewStatus";
import { messageOf } from "./vendorAnswers";

/** The steps of settling one template or signature after a create, modify or adoption. */
export interface AfterWriteSteps<Live, Out> {
    /** The vendor id. */
    id: number;
    /** How messages name the object, e.g. `template 10001`. */
    label: string;
    /** Reads the live object (one GET). */
    read: () => Promise<Live>;
    /** The vendor status code of a live object. */
    statusOf: (live: Live) => number;
    /** The resource outputs for a status code, with the live object when it could be read. */
    outputs: (statusCode: number, live: Live | undefined) => Out;
    /** Poll until the review ends; undefined reads the status once. */
    wait?: WaitForReviewOptions;
    /** The status to record when it cannot be read: 0 after a submission, the last known one otherwise. */
    fallbackStatus: number;
    /** What fixing a rejection looks like for this kind of object, for the rejection message. */
    fixHint: string;
    /** The `__provider` of the inputs: a partial failure must record it itself (see `notReady`). */
    serializedProvider: unknown;
}

/** Settles an object that exists at JSMS and returns its outputs, or throws a partial failure that records it. */
export async function afterWrite<Live, Out extends object>(steps: AfterWriteSteps<Live, Out>): Promise<Out> {
    let live: Live | undefined;
    let status: number | undefined;
    try {
        live = await steps.read();
        status = steps.statusOf(live);
        if (steps.wait && status !== 1 && status !== 2) {
            status = await pollReview(async () => {
                live = await steps.read();
                return steps.statusOf(live);
            }, steps.wait);
        }
    } catch (err) {
        throw notReady(steps, steps.outputs(status ?? steps.fallbackStatus, live), [
            `${steps.label} exists at JSMS and is recorded in the stack, but reading its review status failed: ` +
                `${messageOf(err)}; run pulumi up again to re-check it`,
        ]);
    }
    const outputs = steps.outputs(status, live);
    if (steps.wait && status === 2) {
        throw notReady(steps, outputs, [
            `${steps.label} was rejected by the JSMS review (the API does not say why: see the JSMS console). ` +
                `It stays in the stack; ${steps.fixHint}`,
        ]);
    }
    if (steps.wait && status !== 1) {
        throw notReady(steps, outputs, [
            `${steps.label} is still under review after ${steps.wait.timeoutSeconds}s (waitForReview.timeoutSeconds). ` +
                "It stays in the stack; run pulumi up again to keep waiting (reviews can take up to two working days)",
        ]);
    }
    return outputs;
}

/**
 * The partial-failure error. Pulumi's dynamic server adds `__provider` to the outputs of a successful create or
 * update, but records a partial failure's `properties` as they are: without it, the next `refresh` or `destroy`
 * could not load a provider for the object ("code must be a string, not undefined").
 */
function notReady<Live, Out extends object>(steps: AfterWriteSteps<Live, Out>, outputs: Out, reasons: string[]): ObjectNotReadyError {
    const properties: Record<string, unknown> = { ...(outputs as Record<string, unknown>) };
    if (typeof steps.serializedProvider === "string") {
        properties.__provider = steps.serializedProvider;
    }
    return new ObjectNotReadyError(String(steps.id), properties, reasons);
}
