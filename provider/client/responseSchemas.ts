/**
 * zod schemas of the JSMS response bodies, under the wire names of the table (docs/jsms-api.md), so that a
 * body of the wrong shape is reported field by field instead of leaking `undefined` into Pulumi state. The client
 * checks with the validators the build compiles from them (provider/shapes/), not with zod.
 */
import { z } from "zod";
import { WIRE } from "../schema/wireNames";
import { JsmsCode } from "./returnCodes";

const TEMPLATE = WIRE.template;
const SIGNATURE = WIRE.signature;

/** A positive integer id, as JSMS numbers templates and signatures. */
const id = z.number().int().positive();

/** A balance count: an integer, or null when no quota is allocated; an omitted field also means null. */
const balanceCount = z.number().int().nullable().optional();

/** The all-types count must be present (possibly null): a body without it is not a balance at all. */
const totalCount = z.number().int().nullable();

/** The error body every failure carries: `{"error": {"code", "message"}}`. */
export const errorBodySchema = z.object({
    error: z.object({
        code: z.number().int(),
        message: z.string().optional(),
    }),
});

/**
 * What a successful `DELETE` may carry besides the documented empty body: an empty object, or the error envelope with
 * the success code 50000. Anything else (a proxy's or captive portal's page) is not JSMS saying it deleted the object.
 */
export const deletedBodySchema = z.union([
    z.strictObject({}),
    z.strictObject({ error: z.object({ code: z.literal(JsmsCode.Success), message: z.string().optional() }) }),
]);

/** `POST /v1/templates` and `PUT /v1/templates/{id}`: `{"temp_id": n}`. */
export const templateIdBodySchema = z.object({ [TEMPLATE.tempId]: id });

/** `GET /v1/templates/{id}`; `ttl` and `remark` may be omitted or null for some templates. */
export const templateBodySchema = z.object({
    [TEMPLATE.tempId]: id,
    [TEMPLATE.template]: z.string(),
    [TEMPLATE.type]: z.number().int(),
    [TEMPLATE.ttl]: z.number().int().nullable().optional(),
    [TEMPLATE.remark]: z.string().nullable().optional(),
    [TEMPLATE.statusCode]: z.number().int(),
});

/** `POST /v1/sign` and `POST /v1/sign/{id}`: `{"sign_id": n}`. */
export const signIdBodySchema = z.object({ [SIGNATURE.signId]: id });

/** `GET /v1/sign/{id}`; the English docs omit `is_default` and the Java SDK drops `use_status`, so both are optional. */
export const signatureBodySchema = z.object({
    [SIGNATURE.signId]: id,
    [SIGNATURE.sign]: z.string(),
    [SIGNATURE.statusCode]: z.number().int(),
    [SIGNATURE.isDefault]: z.number().int().nullable().optional(),
    [SIGNATURE.inUse]: z.number().int().nullable().optional(),
});

/** `GET /v1/accounts/app`; the oldest vendor page shows only `app_balance`, so the other fields are optional. */
export const appBalanceBodySchema = z.object({
    app_balance: totalCount,
    app_voice: balanceCount,
    app_industry: balanceCount,
    app_market: balanceCount,
});

/** `GET /v1/accounts/dev`; the oldest vendor page shows only `dev_balance`, so the other fields are optional. */
export const devBalanceBodySchema = z.object({
    dev_balance: totalCount,
    dev_voice: balanceCount,
    dev_industry: balanceCount,
    dev_market: balanceCount,
});
