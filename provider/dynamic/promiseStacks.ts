/**
 * Registering a resource without formatting a stack trace for every promise of its properties. The SDK records
 * `new Error().stack` on four promises per property of each resource, for a promise-leak report it prints only with
 * PULUMI_DEBUG_PROMISE_LEAKS set; the program runner formats each through its source-map support. With the 19
 * properties of a template that was most of the program's CPU in a preview (docs/performance.md).
 */

/**
 * Sets the stack-trace limit to 0 until the returned function is called: around the SDK's resource constructor,
 * which is synchronous, so nothing else runs meanwhile. The SDK's source-position capture sets its own limit and is
 * unaffected. Given the error the constructor threw, the function gives it the stack of where it was caught.
 */
export function pausePromiseStacks(): (thrown?: unknown) => void {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
        return () => {}; // the leak report wants them
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    return function resume(thrown?: unknown) {
        Error.stackTraceLimit = limit;
        if (thrown instanceof Error) {
            Error.captureStackTrace(thrown, resume);
        }
    };
}
