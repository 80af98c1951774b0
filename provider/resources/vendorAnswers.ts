/**
 * Reading JSMS answers the resources act on: which code an error carries, and which codes mean "already gone".
 */

/** The JSMS return code an error carries (a `JsmsError` from the client), if any. */
export function jsmsCode(err: unknown): number | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "number" ? code : undefined;
}

/** 50013 (invalid temp_id) on a template call: JSMS has no template with that id for this app. */
export const TEMPLATE_GONE = 50013;
/** 50102 (invalid sign id) on a signature call: JSMS has no signature with that id for this app. */
export const SIGNATURE_GONE = 50102;

/** The live object, or undefined when JSMS answers `goneCode` (no such object for this app); other errors throw. */
export async function unlessGone<T>(read: Promise<T>, goneCode: number): Promise<T | undefined> {
    try {
        return await read;
    } catch (err) {
        if (jsmsCode(err) === goneCode) {
            return undefined;
        }
        throw err;
    }
}

/** The message of any thrown value, for sentences that wrap it. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
