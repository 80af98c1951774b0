/**
 * The update-or-replace rule both resources follow (DESIGN.md §4), in one place so they cannot drift apart.
 * JSMS modifies only objects whose review failed (50047): a change of copy of a rejected object is an update in
 * place that resubmits it, any other change of copy needs a new object.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { sameValue } from "./commonInputs";
import { ExpectedFailure } from "./expectedFailure";

/** What a diff knows about one resource. */
export interface ChangeFacts {
    /** How messages name the object, e.g. `template 10001`. */
    label: string;
    /** The current vendor id. */
    id: string;
    /** Recorded outputs (the engine passes outputs as olds). */
    olds: { app?: unknown; statusCode?: unknown };
    /** The checked new inputs. */
    news: { app?: unknown; adoptId?: unknown };
    /** The copy inputs that differ (or are unknown during preview). */
    copyChanged: string[];
    /** Whether inputs that JSMS does not see changed (waitForReview, a file path with the same content). */
    otherChanged: boolean;
    /**
     * Signatures: a pending one must be deleted before its replacement is submitted (one pending per app, 50103);
     * an approved one may be sending, so its replacement is still submitted first.
     */
    deleteFirstWhenPending: boolean;
}

/** The diff result: nothing, an update in place, or a replacement (new object first unless it must not). */
export function planChange(facts: ChangeFacts): dynamic.DiffResult {
    const { olds, news, id } = facts;
    const replaces: string[] = [];
    if (!sameValue(olds.app, news.app)) {
        replaces.push("app");
    }
    const adoptsThis = news.adoptId !== undefined && String(news.adoptId) === id;
    if (news.adoptId !== undefined && !adoptsThis) {
        replaces.push("adoptId");
    }
    if (facts.copyChanged.length > 0 && olds.statusCode !== 2) {
        replaces.push(...facts.copyChanged);
    }
    if (replaces.length > 0 && adoptsThis) {
        // The replacement's create would adopt this very object again, and the engine would then delete it.
        throw new ExpectedFailure(
            `${facts.label} was adopted with adoptId ${id}, which the program still declares; this change (${replaces.join(", ")}) ` +
                "needs a new object, and keeping adoptId would adopt the old one again. Remove adoptId (it only matters for " +
                "the first pulumi up), then run the command again",
            "nothing was changed",
        );
    }
    const pending = olds.statusCode !== 1 && olds.statusCode !== 2;
    return {
        changes: replaces.length > 0 || facts.copyChanged.length > 0 || facts.otherChanged,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && facts.deleteFirstWhenPending && pending,
    };
}
