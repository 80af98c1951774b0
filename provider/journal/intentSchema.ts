/**
 * A create intent as it travels between the provider and the review hook's `/v1/journal` API: one zod schema that
 * the hook checks requests with and the provider's {@link HookJournal} checks answers with.
 */
import { z } from "zod";
import { type CreateIntent, MAX_ERROR_LENGTH } from "./createJournal";

/** The longest stack name accepted (`organization/project/stack`). */
export const MAX_STACK_LENGTH = 400;
/** The longest resource key accepted (a URN, or a dynamic resource's hidden key). */
export const MAX_KEY_LENGTH = 2000;
/** The most object ids one `markHeld` call carries. */
export const MAX_HELD_IDS = 1000;

// No regex flags: the provider checks with validators compiled from these schemas (provider/shapes/), which keep only
// the pattern, so the case is spelled out.
const uuid = z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a UUID");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 digest in lower-case hex");
const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A JSMS object id: a positive whole number of at most 15 digits (what the hook's other routes accept too). */
export const objectIdSchema = z.number().int().positive().max(999_999_999_999_999);
/** A stack name. */
export const stackSchema = z.string().min(1).max(MAX_STACK_LENGTH);
/** A resource key. */
export const keySchema = z.string().min(1).max(MAX_KEY_LENGTH);
/** An app key (an identifier, not a credential). */
export const appKeySchema = z.string().min(1).max(100);
/** Template or signature. */
export const kindSchema = z.enum(["template", "sign"]);
/** An intent's id. */
export const intentIdSchema = uuid;

/** What `begin` sends: an intent as it is before its request leaves. */
export const beginSchema = z
    .object({
        intentId: uuid,
        stack: stackSchema,
        key: keySchema,
        appKey: appKeySchema,
        kind: kindSchema,
        digest: sha256,
        contentDigest: sha256,
        runId: z.string().min(1).max(200),
        createdAt: epochMs,
    })
    .strict();

/** What `begin` sends. */
export type BeginRequest = z.output<typeof beginSchema>;

/** An intent as the hook answers it; optional fields are absent rather than null. */
export const intentSchema = beginSchema
    .extend({
        state: z.enum(["open", "answered", "failed"]),
        objectId: objectIdSchema.optional(),
        error: z.string().max(MAX_ERROR_LENGTH).optional(),
        heldAt: epochMs.optional(),
    })
    .strict() satisfies z.ZodType<CreateIntent>;

/** What an orphan listing adds to an intent: when the hook paired the object with it. */
export const orphanSchema = intentSchema.extend({ pairedAt: epochMs }).strict();

/** An open intent the hook paired with an object JSMS reported and no intent held: probably a create a killed run sent. */
export type OrphanIntent = z.output<typeof orphanSchema>;
