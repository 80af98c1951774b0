/** JSMS object ids (`temp_id`, `sign_id`) as they arrive from users, state, paths and the engine. */

/**
 * The id as a number when it is a positive whole number within JavaScript's safe integers, given as a number or as
 * its decimal digits (no sign, no leading zero, no spaces); undefined for anything else, which would build another path.
 */
export function parseObjectId(value: unknown): number | undefined {
    if (typeof value === "number") {
        return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    }
    if (typeof value === "string" && /^[1-9][0-9]*$/.test(value)) {
        const id = Number(value);
        return Number.isSafeInteger(id) ? id : undefined;
    }
    return undefined;
}
