/**
 * The provider's own errors. Vendor answers are `JsmsError` (client/jsmsError.ts); everything the person running
 * Pulumi must act on is a `ProviderError`; an object that exists at JSMS but is not ready is an `ObjectNotReadyError`.
 */

/**
 * A failure the person running Pulumi is expected to meet and act on: missing credentials, a refused delete, a
 * change that cannot be made as declared. The engine prints failed calls as `${error}: ${error.stack}`, and a stack
 * trace would bury the instructions, so it prints as its message followed by what was (not) done.
 */
export class ProviderError extends Error {
    override name = "ProviderError";
    /** What happened to the object, e.g. "nothing was deleted"; printed after the message. */
    readonly outcome: string;

    constructor(message: string, options: { outcome?: string; cause?: unknown } = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.outcome = options.outcome ?? "nothing was changed";
        this.stack = this.outcome;
    }

    override toString(): string {
        return this.message;
    }
}

/**
 * Pulumi's partial-failure error: the object exists at JSMS but is not ready (rejected, still under review, status
 * unreadable). The engine records `id` with `properties` as its outputs, fails the run with `reasons`, and on the
 * next `pulumi up` calls `update` to re-check, so nothing created at JSMS is ever left out of the stack.
 */
export class ObjectNotReadyError extends Error {
    override name = "ObjectNotReadyError";
    constructor(
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly reasons: string[],
        options: { cause?: unknown } = {},
    ) {
        super(reasons.join("; "), options.cause === undefined ? undefined : { cause: options.cause });
        // An expected outcome, not a bug: the engine prints the message; a stack would only bury it.
        this.stack = this.message;
    }
}

/** The JSMS return code an error carries (a `JsmsError` from the client), if any. */
export function jsmsCode(err: unknown): number | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "number" ? code : undefined;
}

/** The message of any thrown value, for sentences that wrap it. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
