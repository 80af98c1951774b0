import type { RuleViolation } from "./ruleViolation";
import { JsmsCode } from "../client/returnCodes";

/** The JSON types a field can be required to have, and the values they read as. */
interface FieldTypes {
    text: string;
    number: number;
}

/** The type a field's value must have, and the words that tell a person what was expected. */
export interface FieldShape<T extends keyof FieldTypes = keyof FieldTypes> {
    type: T;
    expected: string;
}

/** Whether a value has a field type: text is a string, a number a finite one (JSON has no other). */
const HAS_TYPE: { [T in keyof FieldTypes]: (value: unknown) => value is FieldTypes[T] } = {
    text: (value): value is string => typeof value === "string",
    number: (value): value is number => typeof value === "number" && Number.isFinite(value),
};

/** The fields read by {@link readFields}: the well-typed values, and which fields no rule may look at. */
export interface ReadFields<S extends Record<string, FieldShape>> {
    /** Values of the right type; absent fields (undefined or null) are left out. */
    values: { [K in keyof S]?: FieldTypes[S[K]["type"]] };
    /** Skipped (unknown during preview) or of the wrong type: rules that need them stay silent. */
    unavailable: ReadonlySet<string>;
    /** One 50007 violation per field of the wrong type. */
    violations: RuleViolation[];
}

/**
 * Checks each present, not skipped field against its shape. Null counts as absent because JSON clients (and Go's
 * omitempty counterpart in other SDKs) use it for "not set"; a wrong type is 50007, the vendor's "invalid body".
 */
export function readFields<S extends Record<string, FieldShape>>(
    fields: { [K in keyof S]?: unknown },
    shapes: S,
    skip: ReadonlySet<string> | undefined,
    propertyPrefix = "",
): ReadFields<S> {
    const values: { [K in keyof S]?: FieldTypes[S[K]["type"]] } = {};
    const unavailable = new Set<string>();
    const violations: RuleViolation[] = [];
    for (const key of Object.keys(shapes) as Array<keyof S & string>) {
        if (skip?.has(propertyPrefix + key)) {
            unavailable.add(key);
            continue;
        }
        const value = fields[key];
        if (value === undefined || value === null) {
            continue;
        }
        if (HAS_TYPE[shapes[key].type](value)) {
            values[key] = value as FieldTypes[S[typeof key]["type"]];
        } else {
            unavailable.add(key);
            violations.push({
                property: propertyPrefix ? propertyPrefix.replace(/\.$/, "") : key,
                code: JsmsCode.InvalidBody,
                reason: `${propertyPrefix}${key} must be ${shapes[key].expected}, not ${describeType(value)}.`,
            });
        }
    }
    return { values, unavailable, violations };
}

/** Names a value's JSON type for an error message without echoing the value, which may be sensitive. */
function describeType(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
        return "a non-finite number";
    }
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
