/**
 * Plain input and output values as the engine exchanges them: its placeholder for values not known yet, structural
 * equality for diffs, and outputs without `undefined`.
 */
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/**
 * The engine's placeholder for values not known yet (the SDK's `unknownValue`). During preview, `check` and `diff`
 * receive it as this literal string in place of any type (number, array, object), so it must be recognised before
 * anything is validated.
 */
export const UNKNOWN = unknownValue;

/** True when the value is, or contains anywhere inside, the engine's unknown placeholder. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/** The names of the top-level properties whose value is or contains the placeholder. */
export function unknownProperties(inputs: Record<string, unknown>): Set<string> {
    return new Set(Object.keys(inputs).filter((k) => containsUnknown(inputs[k])));
}

/** Structural equality of plain input values (JSON-like: strings, numbers, booleans, arrays, objects). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
    }
    if (
        a !== null &&
        b !== null &&
        typeof a === "object" &&
        typeof b === "object" &&
        !Array.isArray(a) &&
        !Array.isArray(b)
    ) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return false;
}

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

/** Only the named keys of an object, without undefined values. */
export function pick<T extends object>(value: T, keys: readonly string[]): T {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
        out[key] = (value as Record<string, unknown>)[key];
    }
    return withoutUndefined(out) as T;
}

/**
 * Only plain objects are rebuilt. Anything else (a Buffer inside a signature's file upload, above all) is kept as
 * it is: rebuilt key by key, a Buffer becomes `{0: …, 1: …}`, which the multipart encoder cannot upload.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
    if (v === null || typeof v !== "object") {
        return false;
    }
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
}
