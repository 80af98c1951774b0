/**
 * Each kind's fields by the names JSMS uses for them on the wire, from the table: what the client sends and reads,
 * and what the simulator reads and answers, e.g. `WIRE.template.tempId` is `temp_id`.
 */
import { type Field, SMS_SIGNATURE, SMS_TEMPLATE } from "./resourceTable";

/** The fields of a table that JSMS sees, each mapped to its wire name. */
export type WireNames<F> = {
    readonly [K in keyof F as F[K] extends { wire: string } ? K : never]: F[K] extends { wire: infer W } ? W : never;
};

function wireNames<F extends Record<string, Field>>(fields: F): WireNames<F> {
    return Object.fromEntries(
        Object.entries(fields).flatMap(([name, field]) => (field.wire ? [[name, field.wire]] : [])),
    ) as WireNames<F>;
}

/** The wire names of each kind's fields. */
export const WIRE = { template: wireNames(SMS_TEMPLATE.fields), signature: wireNames(SMS_SIGNATURE.fields) } as const;
