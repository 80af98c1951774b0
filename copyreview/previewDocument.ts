/**
 * The document `pulumi preview --json` prints, read and checked where it enters: only the parts the copy review uses
 * (steps with their old and new state, the stack config, the change summary), anything else is left alone.
 */
import { z } from "zod";
import { CopyReviewError } from "./reviewErrors";

/** A resource's state as the preview serializes it (inputs and outputs of the old or the planned object). */
export interface PreviewState {
    /** The resource's URN. */
    urn: string;
    /** The type token: a dynamic resource's or the plugin's (provider/schema/typeTokens.ts). */
    type: string;
    /** The provider-assigned id, when the object exists. */
    id?: string;
    /** Its inputs. */
    inputs: Record<string, unknown>;
    /** Its outputs (empty for an object the preview has not created yet). */
    outputs: Record<string, unknown>;
    /** The provider reference (`<provider URN>::<provider id>`) of a custom resource. */
    provider?: string;
}

/** One planned step of the preview. */
export interface PreviewStep {
    /** create, update, replace, create-replacement, delete-replaced, delete, same, read, refresh, … */
    op: string;
    /** The resource's URN. */
    urn: string;
    /** The state before the step; absent for a create. */
    oldState?: PreviewState;
    /** The state after the step; absent for a delete. */
    newState?: PreviewState;
    /** The properties whose change forces a replacement. */
    replaceReasons: string[];
}

/** What the copy review reads of a `pulumi preview --json` document. */
export interface PreviewDocument {
    /** The stack config as printed (secrets read `[secret]`). */
    config: Record<string, string>;
    /** Every step, in the engine's order. */
    steps: PreviewStep[];
    /** Resources per operation (`same`, `create`, …), when the preview finished. */
    changeSummary: Record<string, number>;
    /** The messages of the preview's error diagnostics, e.g. `preview failed`. */
    errors: string[];
}

/** A file or text that is not a `pulumi preview --json` document; the message says what is wrong with it. */
export class NotAPreviewError extends CopyReviewError {}

const record = z.record(z.string(), z.unknown());
const stateSchema = z.object({
    urn: z.string(),
    type: z.string(),
    id: z.string().optional(),
    inputs: record.optional(),
    outputs: record.optional(),
    provider: z.string().optional(),
});
const documentSchema = z.object({
    config: z.record(z.string(), z.unknown()).optional(),
    steps: z.array(
        z.object({
            op: z.string(),
            urn: z.string(),
            oldState: stateSchema.optional().nullable(),
            newState: stateSchema.optional().nullable(),
            replaceReasons: z.array(z.string()).optional().nullable(),
        }),
    ),
    changeSummary: z.record(z.string(), z.number()).optional().nullable(),
    diagnostics: z
        .array(z.object({ message: z.string().optional(), severity: z.string().optional() }))
        .optional()
        .nullable(),
});

/**
 * Parses the text of a `pulumi preview --json` document. `source` names where it came from in the error (a file
 * path, or "the preview's output"). Throws {@link NotAPreviewError} for anything else: not JSON, or no `steps`.
 */
export function parsePreviewDocument(text: string, source: string): PreviewDocument {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new NotAPreviewError(
            `${source} is not a pulumi preview --json document: not JSON (${(error as Error).message})`,
        );
    }
    const parsed = documentSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
        throw new NotAPreviewError(`${source} is not a pulumi preview --json document: ${issue.message}${where}`);
    }
    const doc = parsed.data;
    const state = (s: z.infer<typeof stateSchema> | null | undefined): PreviewState | undefined =>
        s
            ? {
                  urn: s.urn,
                  type: s.type,
                  id: s.id,
                  inputs: s.inputs ?? {},
                  outputs: s.outputs ?? {},
                  provider: s.provider,
              }
            : undefined;
    return {
        config: Object.fromEntries(
            Object.entries(doc.config ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
        ),
        steps: doc.steps.map((s) => ({
            op: s.op,
            urn: s.urn,
            oldState: state(s.oldState),
            newState: state(s.newState),
            replaceReasons: s.replaceReasons ?? [],
        })),
        changeSummary: doc.changeSummary ?? {},
        errors: (doc.diagnostics ?? [])
            .filter((d) => d.severity === "error" && d.message)
            .map((d) => d.message!.replace(/^error: /, "").trim()),
    };
}
