/**
 * One line of a local create journal file (localJournal.ts), as a zod schema: the build compiles it into the
 * validator the journal checks each line with (provider/shapes/), so reading a journal loads no zod.
 */
import { z } from "zod";

const intentSchema = z.object({
    intentId: z.string().min(1),
    stack: z.string().min(1),
    key: z.string().min(1),
    appKey: z.string(),
    kind: z.enum(["template", "sign"]),
    digest: z.string(),
    contentDigest: z.string(),
    runId: z.string(),
    createdAt: z.number(),
    state: z.enum(["open", "answered", "failed"]),
    objectId: z.number().int().positive().optional(),
    error: z.string().optional(),
    heldAt: z.number().optional(),
});

/** One line of a journal file. `intent` lines are what pruning writes: each surviving intent as it stands. */
export const journalLineSchema = z.discriminatedUnion("op", [
    z.object({ op: z.literal("begin"), intent: intentSchema }),
    z.object({ op: z.literal("intent"), intent: intentSchema }),
    z.object({ op: z.literal("answer"), intentId: z.string(), objectId: z.number().int().positive() }),
    z.object({ op: z.literal("fail"), intentId: z.string(), error: z.string() }),
    z.object({
        op: z.literal("held"),
        appKey: z.string(),
        kind: z.enum(["template", "sign"]),
        objectIds: z.array(z.number().int().positive()),
        at: z.number(),
    }),
]);

/** One line of a journal file, as checked. */
export type JournalLine = z.output<typeof journalLineSchema>;
