/**
 * The field lists of each kind, computed from the table when asked: what the core records, diffs and reads from
 * files, and what the copy review counts as a change of copy. Changing a flag in the table changes them all.
 */
import { type KindTable, SHARED_INPUT_NAMES } from "./resourceTable";

/** The inputs every kind shares, in the order they follow a kind's own fields. */
export const COMMON_INPUT_FIELDS: readonly string[] = SHARED_INPUT_NAMES;

/** A kind's field lists, each in the table's order. */
export interface KindFields {
    /** The kind's own inputs (besides the shared ones) and the fields `check` derives. */
    readonly inputFields: readonly string[];
    /** What JSMS reviews (`copy`): a change modifies a rejected object and replaces a pending or approved one. */
    readonly copyFields: readonly string[];
    /** Inputs that hold local file paths (alone or inside). */
    readonly fileFields: readonly string[];
    /** The inputs `check` derives from the others and records with them (`derived`). */
    readonly derivedFields: readonly string[];
    /** The inputs JSMS receives: those with a wire name. */
    readonly sentFields: readonly string[];
}

/** The field lists of one kind. */
export function kindFields(table: KindTable): KindFields {
    const entries = Object.entries(table.fields);
    const names = (test: (field: (typeof entries)[number][1]) => boolean | undefined) =>
        entries.filter(([, field]) => test(field)).map(([name]) => name);
    return {
        inputFields: entries
            .filter(
                ([name, field]) => (field.input !== undefined && !SHARED_INPUT_NAMES.includes(name)) || field.derived,
            )
            .map(([name]) => name),
        copyFields: names((field) => field.copy),
        fileFields: names((field) => field.input !== undefined && field.localFile),
        derivedFields: names((field) => field.derived),
        sentFields: names((field) => field.input !== undefined && field.wire !== undefined),
    };
}
