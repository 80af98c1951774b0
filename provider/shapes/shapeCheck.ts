/**
 * Checks a JSON value against one of the shapes of checkedShapes.ts with the validators compiled from it at build
 * time (generated/shapeValidators.ts): the provider process's one way to check what enters it, loading no zod.
 */
import type { z } from "zod";
import type { CHECKED_SHAPES } from "./checkedShapes";
import * as compiled from "./generated/shapeValidators";

/** The name of a checked shape. */
export type ShapeName = keyof typeof CHECKED_SHAPES;

/** The value a shape describes. */
export type Shape<N extends ShapeName> = z.output<(typeof CHECKED_SHAPES)[N]>;

/** A value of the shape, or in words what is wrong with it (at most three places, no value quoted). */
export type ShapeResult<T> = { ok: true; value: T } | { ok: false; issues: string };

/** A compiled validator: true when the value has the shape, else false with `errors` set. */
interface Validator {
    (value: unknown): boolean;
    errors?:
        | readonly { instancePath: string; keyword: string; params: { missingProperty?: string }; message?: string }[]
        | null;
}

const validators = compiled as unknown as Record<ShapeName, Validator>;

/**
 * Checks `value` against the shape `name`. The value is returned as is, with any field the shape does not name
 * (zod would have dropped those): callers take the fields they use.
 */
export function checkShape<N extends ShapeName>(name: N, value: unknown): ShapeResult<Shape<N>> {
    const validate = validators[name];
    if (validate(value)) return { ok: true, value: value as Shape<N> };
    // One entry per place, the alternatives of a union joined ("must be integer or must be null").
    const byPlace = new Map<string, string[]>();
    for (const error of validate.errors ?? []) {
        if (error.keyword === "anyOf" || error.keyword === "oneOf") continue;
        const path = error.instancePath.split("/").slice(1);
        const missing = error.keyword === "required" ? error.params.missingProperty : undefined;
        if (missing !== undefined) path.push(missing);
        const where = path.length > 0 ? `field "${path.join(".")}"` : "the body";
        const said = byPlace.get(where) ?? [];
        said.push(missing !== undefined ? "missing" : (error.message ?? "is not valid"));
        byPlace.set(where, said);
    }
    const issues = [...byPlace].slice(0, 3).map(([where, said]) => `${where}: ${[...new Set(said)].join(" or ")}`);
    return { ok: false, issues: issues.join(", ") || "the body is not of the expected shape" };
}
