/**
 * The update-or-replace rule of every kind, by review status. JSMS modifies only objects whose review failed
 * (50047): a change of copy of a rejected object is an update that resubmits it, any other change of copy needs a
 * new object, created first unless the kind says otherwise (a pending signature: one pending per app).
 */
import { ProviderError } from "../errors";
import { containsUnknown, sameValue } from "./inputValues";
import type { CommonInputs, ObjectKind } from "./objectKind";
import { isRejected, reviewEnded, reviewStatus } from "../schema/reviewStatus";

/** How one property changes, as Pulumi's detailed diff names it. */
export type PropertyChange = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";

/** What `diff` returns: whether anything changed, what forces a replacement, and each changed property. */
export interface DiffResult {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** Each changed input with how it changes; front doors that can show it (the plugin) pass it on. */
    detailedDiff: Record<string, PropertyChange>;
    /** Why a copy change is an update or a replacement, in a sentence (the review status decides). */
    reason?: string;
}

/** The copy fields that differ between recorded outputs and declared inputs; unknown values count as changed. */
export function copyChanges<In extends CommonInputs>(
    kind: ObjectKind<In, unknown, unknown>,
    recorded: Record<string, unknown>,
    declared: Record<string, unknown>,
): string[] {
    return kind.copyFields.filter((key) => {
        const a = recorded[key];
        const b = declared[key];
        return containsUnknown(a) || containsUnknown(b) || !kind.sameCopy(key, a, b);
    });
}

/**
 * Plans the change from `recorded` (the outputs of the last run) to `declared` (the checked inputs). `otherFields`
 * are the inputs JSMS never sees (waitForReview, a file path whose content is the same): changing them is an update
 * that writes nothing.
 */
export function planChange<In extends CommonInputs>(
    kind: ObjectKind<In, any, any>,
    id: string,
    recorded: Record<string, unknown>,
    news: In,
    otherFields: readonly string[],
): DiffResult {
    const declared = news as unknown as Record<string, unknown>;
    const copyChanged = copyChanges(kind, recorded, declared);
    const otherChanged = otherFields.filter(
        (key) => !copyChanged.includes(key) && !sameValue(recorded[key], declared[key]),
    );
    const replaces: string[] = [];
    if (!sameValue(recorded.app, declared.app)) {
        replaces.push("app");
    }
    const adoptsThis = declared.adoptId !== undefined && String(declared.adoptId) === id;
    if (declared.adoptId !== undefined && !adoptsThis) {
        replaces.push("adoptId");
    }
    const statusCode = Number(recorded.statusCode ?? 0);
    const rejected = isRejected(statusCode);
    if (copyChanged.length > 0 && !rejected) {
        replaces.push(...copyChanged);
    }
    if (replaces.length > 0 && adoptsThis) {
        // The replacement's create would adopt this very object again, and the engine would then delete it.
        throw new ProviderError(
            `${kind.describe(Number(id), news)} was adopted with adoptId ${id}, which the program still declares; this change ` +
                `(${replaces.join(", ")}) needs a new object, and keeping adoptId would adopt the old one again. Remove adoptId ` +
                "(it only matters for the first pulumi up), then run the command again",
        );
    }
    const detailedDiff: Record<string, PropertyChange> = {};
    for (const key of [...copyChanged, ...otherChanged, ...replaces]) {
        const change = recorded[key] === undefined ? "add" : declared[key] === undefined ? "delete" : "update";
        detailedDiff[key] = replaces.includes(key) ? `${change}-replace` : change;
    }
    return {
        changes: Object.keys(detailedDiff).length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && kind.deleteFirstWhenPending && !reviewEnded(statusCode),
        detailedDiff,
        reason:
            copyChanged.length === 0
                ? undefined
                : rejected
                  ? `the ${kind.noun} was rejected, so JSMS lets it be modified and resubmitted in place`
                  : `the ${kind.noun} is ${reviewStatus(statusCode)} and JSMS modifies only rejected ones, so a new ${kind.noun} replaces it`,
    };
}
