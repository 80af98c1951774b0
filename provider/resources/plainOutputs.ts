/**
 * Outputs must survive `Struct.fromJavaScript`: `undefined` anywhere fails the whole call with
 * "Unexpected struct type.", so optional fields are dropped rather than set to undefined.
 */
export function withoutUndefined<T extends object>(value: T): T {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
        if (v === undefined) {
            continue;
        }
        out[key] = isPlainObject(v) ? withoutUndefined(v) : v;
    }
    return out as T;
}

/**
 * Only plain objects are rebuilt. Anything else (a Buffer inside a signature's file upload, above all) is kept as
 * it is: rebuilding a Buffer key by key turned it into `{0: …, 1: …}`, which form-data then failed to upload
 * ("source.on is not a function") for every signature with a qualification file.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
    if (v === null || typeof v !== "object") {
        return false;
    }
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}
