/**
 * What the lifecycle core needs to know about one kind of JSMS object (a template, a signature): its fields, which
 * of them are copy, how to create, modify, read and delete it at JSMS, what "gone" means, and the hooks only some
 * kinds need. Everything else (check of the shared inputs, update-or-replace, adoption, settling after a write, the
 * partial failure, drift) is the same code for every kind, in lifecycle.ts.
 */
import type { JsmsClient } from "../client/jsmsClient";
import type { CreateHooks, ResourceKind } from "../client/types";
import type { ReviewKind } from "../../reviewhook";
import { type ProviderError, messageOf } from "../errors";
import type { Settings } from "../settings";
import type { ReadableContent } from "../journal/createJournal";
import type { WaitForReview } from "../dynamic/generated/resourceTypes";
import { parseObjectId } from "../validation/objectId";
import { waitForReviewProblem } from "./review";

/** The inputs every kind shares. */
export interface CommonInputs {
    /** A credential profile of `jsms:apps`; the default app when absent. */
    app?: string;
    /** Wait for the review to end on create and update. */
    waitForReview?: boolean | WaitForReview;
    /** Take over an existing object by id instead of creating one. */
    adoptId?: number;
}

export { COMMON_INPUT_FIELDS } from "./generated/kindFields";

/** The outputs every kind shares besides its inputs and its id field. */
export interface ReviewOutputs {
    /** "pending", "approved" or "rejected". */
    status: "pending" | "approved" | "rejected";
    /** The vendor's status code: 0 under review, 1 approved, 2 rejected. */
    statusCode: number;
    /** With the review hook: why JSMS rejected it ("" unless rejected, or before the callback arrived). */
    rejectReason?: string;
    /** With the review hook: when JSMS reported the review's result (ISO 8601), "" before that. */
    reviewedAt?: string;
}

/** One failure of `check`, on a property ("" for the resource as a whole). */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** What a kind's own check returns: the inputs to record (with derived fields such as digests) and its failures. */
export interface KindCheck<In> {
    inputs: In;
    failures: CheckFailure[];
}

/** A request built once from the inputs, and the inputs that describe exactly what it sends (e.g. its digests). */
export interface PreparedWrite<In, Fields> {
    fields: Fields;
    inputs: In;
}

/** One kind of JSMS object, described for the lifecycle core. */
export interface ObjectKind<In extends CommonInputs, Live, Fields> {
    /** How messages name it: "template" or "signature". */
    readonly noun: ResourceKind;
    /** What JSMS's review callbacks call it (`SMS_TEMPLATE` / `SMS_SIGN`), as the review hook serves it. */
    readonly reviewKind: ReviewKind;
    /** The output that carries the vendor id as a number: `tempId` or `signId`. */
    readonly idOutput: "tempId" | "signId";
    /** The JSMS code that means "this app has no such object": 50013 or 50102. */
    readonly goneCode: number;
    /** The kind's own inputs (besides app, waitForReview, adoptId) and the fields `check` derives, in order (generated from the field table). */
    readonly inputFields: readonly string[];
    /** The inputs that make up what JSMS reviews: changing them modifies (rejected) or replaces the object (field table: `copy`). */
    readonly copyFields: readonly string[];
    /** Inputs that hold local file paths (alone or inside): a new path with the same content is an update that writes nothing. */
    readonly fileFields: readonly string[];
    /**
     * Signatures: a pending one must be deleted before its replacement is submitted (one pending per app, 50103);
     * an approved one may be sending, so its replacement is still submitted first.
     */
    readonly deleteFirstWhenPending: boolean;
    /** What fixing a rejection looks like, for the rejection message. */
    readonly fixHint: string;

    /** Validates the kind's own inputs (skipping unknown ones) and adds derived inputs; no API call. */
    check(news: In, unknown: ReadonlySet<string>, settings: Settings): KindCheck<In>;
    /** Whether two values of a copy field are the same to JSMS (e.g. an absent ttl and 0). */
    sameCopy(key: string, recorded: unknown, declared: unknown): boolean;
    /** Builds the create/modify request once; files are read here, and what is recorded describes what was sent. */
    prepare(inputs: In): PreparedWrite<In, Fields>;
    /** Creates the object at JSMS and returns its id; `hooks.beforeSend` runs as the request leaves. */
    create(client: JsmsClient, fields: Fields, hooks?: CreateHooks): Promise<number>;
    /** Modifies a rejected object and resubmits it for review. */
    modify(client: JsmsClient, id: number, fields: Fields): Promise<unknown>;
    /** Reads the live object. */
    read(client: JsmsClient, id: number): Promise<Live>;
    /** Deletes the object at JSMS. */
    remove(client: JsmsClient, id: number): Promise<void>;
    /** The live review status code. */
    statusOf(live: Live): number;
    /** The recorded inputs with what JSMS shows live (and what derives from it), so a console edit shows as a diff. */
    liveInputs(recorded: In, live: Live, settings: Settings): In;
    /** Outputs beyond inputs, id and status: from the live object when read, their defaults right after a write. */
    extraOutputs(inputs: In, live: Live | undefined): Record<string, unknown>;
    /** How the live object differs from the declared inputs, one `field: live …, declared …` each; empty = adoptable. */
    adoptDifferences(live: Live, inputs: In): string[];
    /** The fields of what is sent that JSMS's read shows, for the create journal's content digest. */
    readableContent(fields: Fields): ReadableContent;
    /** The same fields of a live object. */
    liveContent(live: Live): ReadableContent;
    /** How messages name one object, e.g. `template 10001` or `signature 7 "极光推送"`. */
    describe(id: number, inputs: Partial<In>): string;
    /**
     * Kinds with a delete guard: the refusal for a live object JSMS still needs, or for the code JSMS answered the
     * delete with (`refusalCode`, after the live object looked deletable); undefined lets the delete go on or fail.
     */
    refuseDelete?(id: number, live: Live, refusalCode: number | undefined): ProviderError | undefined;
}

/** Check failures of the shared inputs; properties still unknown (preview) are skipped. No API call. */
export function checkCommonInputs(
    noun: string,
    news: Record<string, unknown>,
    unknown: ReadonlySet<string>,
    settings: Settings,
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    if (news.app !== undefined && !unknown.has("app")) {
        if (typeof news.app !== "string" || news.app === "") {
            failures.push({
                property: "app",
                reason: "app must be the name of a profile in the stack config jsms:apps",
            });
        } else {
            // Resolving the profile reads only settings, so preview reports a typo early.
            try {
                settings.appCredentials(news.app);
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
        if (parseObjectId(news.adoptId) === undefined) {
            failures.push({
                property: "adoptId",
                reason: `adoptId must be the positive whole-number id of an existing JSMS ${noun}`,
            });
        }
    }
    return failures;
}
