/**
 * The inputs both resources share (`app`, `waitForReview`, `adoptId`): their checks, and value comparison for diffs.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { appCredentials } from "./credentials";
import { waitForReviewProblem } from "./reviewStatus";
import { messageOf } from "./vendorAnswers";

/** Check failures of the shared inputs; properties still unknown (preview) are skipped. */
export function checkCommonInputs(news: Record<string, unknown>, unknown: ReadonlySet<string>): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    if (news.app !== undefined && !unknown.has("app")) {
        if (typeof news.app !== "string" || news.app === "") {
            failures.push({ property: "app", reason: "app must be the name of a profile in the stack config jsms:apps" });
        } else {
            // Resolving the profile reads only stack config: no API call, so preview can report a typo early.
            try {
                appCredentials(news.app);
            } catch (err) {
                failures.push({ property: "app", reason: messageOf(err) });
            }
        }
    }
    if (!unknown.has("waitForReview")) {
        const problem = waitForReviewProblem(news.waitForReview);
        if (problem) {
            failures.push({ property: "waitForReview", reason: problem });
        }
    }
    if (news.adoptId !== undefined && !unknown.has("adoptId")) {
        const id = news.adoptId;
        const valid = (typeof id === "number" && Number.isInteger(id) && id > 0) || (typeof id === "string" && /^[1-9][0-9]*$/.test(id));
        if (!valid) {
            failures.push({ property: "adoptId", reason: "adoptId must be the positive whole-number id of an existing JSMS object" });
        }
    }
    return failures;
}

/** Structural equality of plain input values (JSON-like: strings, numbers, booleans, arrays, objects). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
    }
    return false;
}
