/**
 * Every JSON shape the provider process checks where it enters (JSMS's answers, the review hook's, the local create
 * journal's lines), by name, as zod schemas. The provider does not load zod: the build compiles these once into plain
 * validators (validatorsCodegen.ts → generated/shapeValidators.ts) and the provider checks with those
 * (shapeCheck.ts), so a command that calls JSMS pays no schema library's start-up (docs/performance.md).
 */
import { z } from "zod";
import * as jsms from "../client/responseSchemas";
import { intentSchema, orphanSchema } from "../journal/intentSchema";
import { journalLineSchema } from "../journal/journalLineSchema";

/** The review hook's answer to a read of one object's latest review result. */
const reviewAnswerSchema = z.object({
    latest: z.object({
        status: z.enum(["approved", "rejected"]),
        rejectReason: z.string().nullable(),
        reviewedAt: z.string(),
    }),
});

/** The review hook's answer to a journal write: what it did with it. */
const writeAnswer = (...results: [string, ...string[]]) => z.object({ result: z.enum(results) });

/** The shapes by name; a name is what the provider's code passes to `checkShape`. */
export const CHECKED_SHAPES = {
    jsmsError: jsms.errorBodySchema,
    jsmsDeleted: jsms.deletedBodySchema,
    jsmsTemplateId: jsms.templateIdBodySchema,
    jsmsTemplate: jsms.templateBodySchema,
    jsmsSignId: jsms.signIdBodySchema,
    jsmsSignature: jsms.signatureBodySchema,
    jsmsAppBalance: jsms.appBalanceBodySchema,
    jsmsDevBalance: jsms.devBalanceBodySchema,
    journalLine: journalLineSchema,
    hookReview: reviewAnswerSchema,
    hookError: z.object({ error: z.object({ message: z.string() }) }),
    hookBegun: writeAnswer("stored", "duplicate"),
    hookAnswered: writeAnswer("answered", "duplicate"),
    hookFailed: writeAnswer("failed", "duplicate"),
    hookIntents: z.object({ intents: z.array(intentSchema) }),
    hookOrphans: z.object({ orphans: z.array(orphanSchema) }),
    hookMarked: z.object({ marked: z.number().int().nonnegative() }),
    hookPruned: z.object({ pruned: z.number().int().nonnegative() }),
} satisfies Record<string, z.ZodType>;
