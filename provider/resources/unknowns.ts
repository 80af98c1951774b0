/**
 * The engine's placeholder for values not known yet. During preview, `check` and `diff` receive it as this literal
 * string in place of any type (number, array, object), so it must be recognised before anything is validated.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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
