/**
 * The lifecycle core: check → diff → create / read / update / delete for any kind of JSMS object, with adoption,
 * settling after a write (status, `waitForReview`, the partial failure that records the object) and the delete
 * guard. Each kind is described by an `ObjectKind` (templateKind.ts, signatureKind.ts); both front doors (the
 * dynamic provider and the `jsms` plugin) call this same code with the same settings value.
 */
import type { JsmsClient } from "../client/jsmsClient";
import type { ClientPool } from "../clientPool";
import { ObjectNotReadyError, ProviderError, jsmsCode, messageOf } from "../errors";
import { mayHaveTakenEffect } from "../client/retry";
import { contentDigest } from "../journal/createJournal";
import { CreateJournaling, requestDigest } from "./createJournaling";
import { JOURNAL_KEY_INPUT, JournalScope, journalScope } from "../journal/journalKey";
import { isReviewHookUnavailable } from "../reviewHookClient";
import { DiffResult, copyChanges, planChange } from "./changePlan";
import {
    CheckFailure,
    COMMON_INPUT_FIELDS,
    CommonInputs,
    ObjectKind,
    PreparedWrite,
    checkCommonInputs,
} from "./objectKind";
import { pick, unknownProperties, withoutUndefined } from "./inputValues";
import { parseObjectId } from "../validation/objectId";
import { WaitForReviewOptions, pollReview, waitOptions } from "./review";
import { ReviewCode, isRejected, reviewEnded, reviewStatus } from "../schema/reviewStatus";
import { JsmsCode } from "../client/returnCodes";
import { KINDS } from "../schema/resourceTable";

/** What `check` returns: the inputs to record and every failure, each on its property. */
export interface CheckResult<In> {
    inputs: In;
    failures: CheckFailure[];
}

/** What `create` returns. */
export interface CreateResult<Out> {
    id: string;
    outs: Out;
}

/** What `read` returns: empty id when the object is gone, else its live outputs and the inputs they imply. */
export interface ReadResult<Out> {
    id: string;
    props?: Out;
    inputs?: Out;
}

/**
 * Where the core tells a person what fails nothing but should be known (e.g. an unreachable review hook), and what
 * it did that a person should see (an object adopted from the create journal); `urn` names the resource when known.
 */
export interface Notices {
    warn(message: string, urn?: string): void;
    info(message: string, urn?: string): void;
}

/** What the review hook adds to the outputs, when it is configured. */
type ReviewDetails = { rejectReason: string; reviewedAt: string };

/** The lifecycle of one kind of object against JSMS, for one provider configuration. */
export class Lifecycle<In extends CommonInputs, Live, Fields, Out extends object = In & Record<string, unknown>> {
    /** Every input a user declares, the kind's own first. */
    private readonly inputFields: readonly string[];
    /** Inputs whose change alone is an update that writes nothing to JSMS. */
    private readonly otherFields: readonly string[];

    /** Stacks whose orphans this kind has reported in this process. */
    private readonly orphanReports = new Map<string, Promise<void>>();
    /** Journal keys of resources the stack holds, seen in `check`: a create of one of them is a replacement. */
    private readonly inStack = new Set<string>();

    constructor(
        readonly kind: ObjectKind<In, Live, Fields>,
        private readonly clients: ClientPool,
        private readonly notices: Notices,
        private readonly journaling: CreateJournaling = new CreateJournaling(undefined, clients.settings, notices),
    ) {
        // The journal key is kept with the outputs so that reads and deletes know the stack; diff never compares it.
        this.inputFields = [...kind.inputFields, ...COMMON_INPUT_FIELDS, JOURNAL_KEY_INPUT];
        const ownOther = kind.inputFields.filter((key) => !kind.copyFields.includes(key));
        this.otherFields = [...new Set([...ownOther, ...kind.fileFields, "waitForReview"])];
    }

    /**
     * Validates every documented rule without any API call; unknown values (preview) are skipped. `olds` are the
     * recorded inputs when the stack holds the resource: its key is remembered, since a create that follows is then a
     * replacement, which the engine may ask for without a diff (`--replace`, a changed provider).
     */
    async check(olds: unknown, news: In, urn?: string): Promise<CheckResult<In>> {
        const recorded = olds as Record<string, unknown> | undefined;
        if (recorded && Object.keys(recorded).length > 0) {
            const scope = journalScope(urn ?? this.keyOf(news) ?? this.keyOf(recorded));
            if (scope) this.inStack.add(scope.key);
        }
        const raw = news as unknown as Record<string, unknown>;
        const unknown = unknownProperties(raw);
        const failures: CheckFailure[] = this.clients.settings.problems.map((p) => ({
            property: "",
            reason: p.message,
        }));
        failures.push(...checkCommonInputs(this.kind.noun, raw, unknown, this.clients.settings));
        const own = this.kind.check(news, unknown, this.clients.settings);
        failures.push(...own.failures);
        const inputs = { ...own.inputs } as Record<string, unknown>;
        const adoptId = parseObjectId(inputs.adoptId);
        if (typeof inputs.adoptId === "string" && adoptId !== undefined) {
            inputs.adoptId = adoptId;
        }
        return { inputs: inputs as In, failures: failures.map(({ property, reason }) => ({ property, reason })) };
    }

    /** Update or replace, by review status (changePlan.ts); the stack holds `id`, which the journal learns first. */
    async diff(id: string, olds: Out, news: In, urn?: string): Promise<DiffResult> {
        const recorded = olds as Record<string, unknown>;
        // Preview diffs too, and preview makes no API call: orphans are reported from the journal alone here.
        await this.learnHeld(urn ?? this.keyOf(news) ?? recorded[JOURNAL_KEY_INPUT], recorded.app, id, false);
        return planChange(this.kind, id, recorded, news, this.otherFields);
    }

    /**
     * Creates the object (or adopts `adoptId`, or an object an interrupted run created for this resource, from the
     * create journal) and settles it; everything that exists at JSMS ends up recorded. `urn` is the resource's URN
     * where the front door knows it (the plugin); dynamic resources carry it as a hidden input.
     */
    async create(inputs: In, urn?: string): Promise<CreateResult<Out>> {
        const client = this.clients.forApp(inputs.app);
        const scope = journalScope(urn ?? this.keyOf(inputs));
        const appKey = this.clients.settings.appCredentials(inputs.app).appKey;
        if (inputs.adoptId !== undefined) {
            const adopted = await this.adopt(client, inputs, Number(inputs.adoptId));
            await this.journaling.held(scope, appKey, this.kind.reviewKind, Number(adopted.id));
            return adopted;
        }
        const prepared = this.kind.prepare(inputs);
        let record;
        if (scope) {
            await this.reportOrphans(scope, true);
            const healed = await this.adoptFromJournal(client, scope, appKey, inputs, prepared);
            if (healed) {
                return healed;
            }
            record = this.journaling.record(
                scope,
                appKey,
                this.kind.reviewKind,
                prepared.fields,
                this.kind.readableContent(prepared.fields),
            );
        }
        let id: number;
        try {
            id = await this.kind.create(client, prepared.fields, record?.hooks);
        } catch (err) {
            await record?.failed(err, !mayHaveTakenEffect(err));
            throw err;
        }
        await record?.answered(id);
        const outs = await this.settle(
            client,
            id,
            { ...inputs, ...prepared.inputs },
            { submitted: true, fallbackStatus: 0 },
        );
        return { id: String(id), outs };
    }

    /** Reads the live object: its outputs, and the inputs it implies so that console drift shows as a diff. */
    async read(id: string, props: Partial<Out> | undefined, urn?: string): Promise<ReadResult<Out>> {
        const recorded = (props ?? {}) as unknown as In;
        const objectId = this.parseId(id);
        // The stack records the object whatever JSMS answers, so telling the create journal so (its file, or the review
        // hook; it warns rather than fails) runs while the request is out instead of after it.
        const learned = this.learnHeld(urn ?? this.keyOf(recorded), recorded.app, id).catch(() => undefined);
        let live: Live | undefined;
        try {
            live = await this.unlessGone(this.kind.read(this.clients.forApp(recorded.app), objectId));
        } finally {
            await learned;
        }
        if (live === undefined) {
            return { id: "" };
        }
        const inputs = this.kind.liveInputs(this.userInputs(recorded), live, this.clients.settings);
        const status = this.kind.statusOf(live);
        const review = await this.reviewDetails(recorded as unknown as Record<string, unknown>, objectId, status);
        return {
            id,
            props: this.outputs(inputs, objectId, status, live, review),
            inputs: this.userInputs(inputs) as unknown as Out,
        };
    }

    /** Modifies a rejected object with the new copy, or re-checks the review of one left not ready by an earlier run. */
    async update(id: string, olds: Out, news: In, urn?: string): Promise<{ outs: Out }> {
        const client = this.clients.forApp(news.app);
        const objectId = this.parseId(id);
        const recorded = olds as Record<string, unknown>;
        await this.learnHeld(urn ?? this.keyOf(news) ?? recorded[JOURNAL_KEY_INPUT], news.app, id);
        const copyChanged = copyChanges(this.kind, recorded, news as unknown as Record<string, unknown>).length > 0;
        let inputs = news;
        if (copyChanged) {
            const prepared = this.kind.prepare(news);
            inputs = { ...news, ...prepared.inputs };
            try {
                await this.kind.modify(client, objectId, prepared.fields);
            } catch (err) {
                if (jsmsCode(err) === JsmsCode.ModifyNotAllowed) {
                    throw new ProviderError(
                        `${this.kind.noun} ${id} can no longer be modified: JSMS modifies only rejected ${this.kind.noun}s (${JsmsCode.ModifyNotAllowed}) and ` +
                            "this one is now pending or approved; run pulumi refresh, then pulumi up, which will replace it instead " +
                            "(the new copy is created before the old one is deleted)",
                        { cause: err },
                    );
                }
                throw err;
            }
        }
        // Without a change of copy the engine is re-running update for an object left not ready (rejected, or still
        // pending under waitForReview): re-check its review.
        const outs = await this.settle(client, objectId, inputs, {
            submitted: copyChanged,
            fallbackStatus: copyChanged ? 0 : Number(recorded.statusCode ?? 0),
            recorded,
        });
        return { outs };
    }

    /** Deletes the object; already gone counts as deleted, and kinds with a guard refuse what JSMS still needs. */
    async delete(id: string, props: Out, urn?: string): Promise<void> {
        const client = this.clients.forApp((props as CommonInputs).app);
        const objectId = this.parseId(id);
        await this.learnHeld(urn ?? this.keyOf(props), (props as CommonInputs).app, id);
        const refuse = this.kind.refuseDelete?.bind(this.kind);
        let live: Live | undefined;
        if (refuse) {
            // Guarded kinds look first: JSMS's own refusal code does not say why (default or in use).
            live = await this.unlessGone(this.kind.read(client, objectId));
            if (live === undefined) {
                return;
            }
            const refusal = refuse(objectId, live, undefined);
            if (refusal) {
                throw refusal;
            }
        }
        try {
            await this.kind.remove(client, objectId);
        } catch (err) {
            const code = jsmsCode(err);
            if (code === this.kind.goneCode) {
                return;
            }
            throw (refuse && live !== undefined ? refuse(objectId, live, code) : undefined) ?? err;
        }
    }

    /**
     * The answered create of an interrupted earlier run for this resource, adopted with no write when the live
     * object still matches what would be sent now; otherwise undefined (and a line that says why it was not).
     */
    private async adoptFromJournal(
        client: JsmsClient,
        scope: JournalScope,
        appKey: string,
        inputs: In,
        prepared: PreparedWrite<In, Fields>,
    ): Promise<CreateResult<Out> | undefined> {
        const { noun } = this.kind;
        const unanswered = (await this.journaling.visit(scope)).filter(
            (i) => i.key === scope.key && i.kind === this.kind.reviewKind && i.objectId === undefined,
        );
        for (const intent of unanswered) {
            this.notices.info(
                `${scope.name}: the create sent by an interrupted run (${this.runOf(intent)}) got no answer; it is sent again. ` +
                    "If JSMS did receive the first one, its object is an orphan, which the review hook finds once JSMS's review " +
                    "callback names it (docs/create-journal.md)",
                scope.key,
            );
        }
        if (this.inStack.has(scope.key)) {
            // A replacement: the object an earlier run created for this key may be the very one being replaced (the
            // engine deletes it next), so nothing is adopted and the new object is created.
            return undefined;
        }
        const digest = requestDigest(prepared.fields);
        for (const intent of await this.journaling.candidates(scope, appKey, this.kind.reviewKind)) {
            const id = intent.objectId as number;
            const origin = `${noun} ${id}, created for ${scope.name} by an interrupted run (${this.runOf(intent)})`;
            const orphan = `${noun} ${id} is in no stack: delete it in the JSMS console, or adopt it with adoptId`;
            if (intent.digest !== digest) {
                this.notices.warn(
                    `${origin}, is not adopted: the inputs have changed since; a new ${noun} is created. ${orphan}`,
                    scope.key,
                );
                continue;
            }
            const live = await this.unlessGone(this.kind.read(client, id));
            if (live === undefined) {
                this.notices.info(`${origin}, is gone at JSMS: a new ${noun} is created`, scope.key);
                continue;
            }
            if (contentDigest(this.kind.liveContent(live)) !== intent.contentDigest) {
                const differences = this.kind.adoptDifferences(live, inputs);
                this.notices.warn(
                    `${origin}, is not adopted: it was changed at JSMS since (${differences.join("; ") || "its copy differs"}); ` +
                        `a new ${noun} is created. ${orphan}`,
                    scope.key,
                );
                continue;
            }
            await this.journaling.held(scope, appKey, this.kind.reviewKind, id);
            this.notices.info(
                `${scope.name}: adopted ${origin}: JSMS holds it with the same copy, so it is recorded and nothing is sent`,
                scope.key,
            );
            const outs = await this.settle(
                client,
                id,
                { ...inputs, ...prepared.inputs },
                { live, fallbackStatus: this.kind.statusOf(live) },
            );
            return { id: String(id), outs };
        }
        return undefined;
    }

    /**
     * Reports, once per stack in this process, the journal's open intents of this kind whose object the review hook
     * found (an orphan: JSMS has it, no stack records it), with the command that removes each. With `readAtJsms`
     * (not from diff, which preview calls too), one already gone at JSMS is closed instead, so it is reported no more.
     */
    private reportOrphans(scope: JournalScope, readAtJsms: boolean): Promise<void> {
        let report = this.orphanReports.get(scope.stack);
        if (!report) {
            report = (async () => {
                const orphans = (await this.journaling.visit(scope)).filter(
                    (i) => i.kind === this.kind.reviewKind && i.objectId !== undefined && i.heldAt === undefined,
                );
                for (const intent of orphans) {
                    const id = intent.objectId as number;
                    const owner = this.clients.settings.appOfKey(intent.appKey);
                    if (owner && readAtJsms) {
                        try {
                            const live = await this.unlessGone(this.kind.read(this.clients.forApp(owner.app), id));
                            if (live === undefined) {
                                await this.journaling.closeOrphan(
                                    intent,
                                    `the orphan ${this.kind.noun} ${id} is gone at JSMS`,
                                );
                                continue;
                            }
                        } catch {
                            // Unreadable now: reported as it stands.
                        }
                    }
                    const where = `${this.clients.settings.endpoint}/v1/${KINDS[this.kind.noun].wirePath}/${id}`;
                    this.notices.warn(
                        `orphan: ${this.kind.noun} ${id} of app ${intent.appKey} was created at JSMS for ${intent.key} by an interrupted ` +
                            `run (${this.runOf(intent)}) whose answer never arrived, and no stack records it. Remove it with: ` +
                            `curl -X DELETE -u "$JSMS_APP_KEY:$JSMS_MASTER_SECRET" ${where} (the credentials of app ${intent.appKey}), ` +
                            "or adopt it into a resource with adoptId",
                    );
                }
            })().catch((error) =>
                this.notices.warn(`the create journal's orphans could not be checked: ${messageOf(error)}`),
            );
            this.orphanReports.set(scope.stack, report);
        }
        return report;
    }

    /** How a message names the run that wrote an intent, and when. */
    private runOf(intent: { runId: string; createdAt: number }): string {
        return `run ${intent.runId}, ${new Date(intent.createdAt).toISOString()}`;
    }

    /** The journal key a dynamic resource carries in its inputs or outputs. */
    private keyOf(values: unknown): unknown {
        return (values as Record<string, unknown> | undefined)?.[JOURNAL_KEY_INPUT];
    }

    /** Tells the journal the stack holds `id`; never fails the operation (the journal warns itself). */
    private async learnHeld(key: unknown, app: unknown, id: string, readAtJsms = true): Promise<void> {
        const scope = journalScope(key);
        const objectId = parseObjectId(id);
        if (!scope || objectId === undefined || !this.journaling.enabled) {
            return;
        }
        let appKey: string;
        try {
            appKey = this.clients.settings.appCredentials(typeof app === "string" ? app : undefined).appKey;
        } catch {
            return; // the operation itself reports missing credentials
        }
        await this.reportOrphans(scope, readAtJsms);
        await this.journaling.held(scope, appKey, this.kind.reviewKind, objectId);
    }

    /** Takes over an existing object: no write when it matches, a resubmission when it is rejected, else an error. */
    private async adopt(client: JsmsClient, inputs: In, adoptId: number): Promise<CreateResult<Out>> {
        const { noun } = this.kind;
        const live = await this.unlessGone(this.kind.read(client, adoptId));
        if (live === undefined) {
            throw new ProviderError(
                `adoptId ${adoptId}: this app has no ${noun} with that id (JSMS ${this.kind.goneCode}); check the id in the JSMS console and the app credentials`,
            );
        }
        const differences = this.kind.adoptDifferences(live, inputs);
        const status = this.kind.statusOf(live);
        if (differences.length === 0) {
            return {
                id: String(adoptId),
                outs: await this.settle(client, adoptId, inputs, { live, fallbackStatus: status }),
            };
        }
        if (isRejected(status)) {
            const prepared = this.kind.prepare(inputs);
            await this.kind.modify(client, adoptId, prepared.fields);
            const outs = await this.settle(
                client,
                adoptId,
                { ...inputs, ...prepared.inputs },
                { submitted: true, fallbackStatus: 0 },
            );
            return { id: String(adoptId), outs };
        }
        throw new ProviderError(
            `cannot adopt ${noun} ${adoptId}: its live copy differs from the inputs (${differences.join("; ")}) and JSMS modifies only ` +
                `rejected ${noun}s (this one is ${reviewStatus(status)}); make the inputs match the live ${noun}, or remove adoptId to ` +
                `create a new ${noun}`,
        );
    }

    /**
     * Settles an object that exists at JSMS and returns its outputs, or throws a partial failure that records it
     * (an object JSMS has but the stack does not know could never be found again: there is no list API). Just after
     * a submission the object is under review, so nothing is read unless `waitForReview` asks to wait.
     */
    private async settle(
        client: JsmsClient,
        id: number,
        inputs: In,
        state: { submitted?: boolean; live?: Live; fallbackStatus: number; recorded?: Record<string, unknown> },
    ): Promise<Out> {
        const wait = waitOptions(inputs.waitForReview);
        let live = state.live;
        let status: number | undefined = live === undefined ? undefined : this.kind.statusOf(live);
        try {
            if (status === undefined && !state.submitted) {
                live = await this.kind.read(client, id);
                status = this.kind.statusOf(live);
            }
            if (wait && !reviewEnded(status ?? 0)) {
                status = await pollReview(
                    status ?? 0,
                    async () => {
                        live = await this.kind.read(client, id);
                        return this.kind.statusOf(live);
                    },
                    wait,
                );
            }
        } catch (err) {
            throw this.notReady(id, inputs, status ?? state.fallbackStatus, live, err, [
                `${this.kind.describe(id, inputs)} exists at JSMS and is recorded in the stack, but reading its review status failed: ` +
                    `${messageOf(err)}; run pulumi up again to re-check it`,
            ]);
        }
        const finalStatus = status ?? state.fallbackStatus;
        const review = await this.reviewDetails({ ...(state.recorded ?? {}), app: inputs.app }, id, finalStatus);
        if (wait) {
            this.throwUnlessApproved(id, inputs, finalStatus, live, wait, review);
        }
        return this.outputs(inputs, id, finalStatus, live, review);
    }

    private throwUnlessApproved(
        id: number,
        inputs: In,
        status: number,
        live: Live | undefined,
        wait: WaitForReviewOptions,
        review: ReviewDetails | undefined,
    ): void {
        const label = this.kind.describe(id, inputs);
        if (isRejected(status)) {
            const why = review?.rejectReason
                ? `the reviewer wrote: "${review.rejectReason}"`
                : review
                  ? "the review hook has no reason for it yet: see the JSMS console"
                  : "the API does not say why: see the JSMS console, or set up jsms-review-hook to get the reason";
            throw this.notReady(
                id,
                inputs,
                status,
                live,
                undefined,
                [`${label} was rejected by the JSMS review (${why}). It stays in the stack; ${this.kind.fixHint}`],
                review,
            );
        }
        if (status !== ReviewCode.approved) {
            throw this.notReady(id, inputs, status, live, undefined, [
                `${label} is still under review after ${wait.timeoutSeconds}s (waitForReview.timeoutSeconds). It stays in the stack; ` +
                    "run pulumi up again to keep waiting (reviews can take up to two working days)",
            ]);
        }
    }

    /**
     * The partial failure. The dynamic front door adds `__provider` to the outputs of a successful create or update
     * but records a partial failure's properties as they are: without it the next refresh or destroy could not load
     * a provider for the object, so engine-private inputs are carried over here.
     */
    private notReady(
        id: number,
        inputs: In,
        status: number,
        live: Live | undefined,
        cause: unknown,
        reasons: string[],
        review?: ReviewDetails,
    ): ObjectNotReadyError {
        const properties: Record<string, unknown> = {
            ...(this.outputs(inputs, id, status, live, review) as Record<string, unknown>),
        };
        const engineProvider = (inputs as { __provider?: unknown }).__provider;
        if (typeof engineProvider === "string") {
            properties.__provider = engineProvider;
        }
        return new ObjectNotReadyError(String(id), properties, reasons, { cause });
    }

    private outputs(inputs: In, id: number, statusCode: number, live: Live | undefined, review?: ReviewDetails): Out {
        const declared = this.userInputs(inputs);
        return withoutUndefined({
            ...declared,
            ...this.kind.extraOutputs(declared, live),
            [this.kind.idOutput]: id,
            status: reviewStatus(statusCode),
            statusCode,
            ...review,
        }) as unknown as Out;
    }

    /**
     * The rejection reason and review time from the review hook, when `jsms:reviewHookUrl` is set (else undefined:
     * nothing changes). Read only once a review has ended; a hook that cannot be read keeps the recorded values and
     * warns, and never fails the operation.
     */
    private async reviewDetails(
        recorded: Record<string, unknown>,
        id: number,
        status: number,
    ): Promise<ReviewDetails | undefined> {
        const hook = this.clients.reviewHook;
        if (!hook) {
            return undefined;
        }
        const none = { rejectReason: "", reviewedAt: "" };
        if (!reviewEnded(status)) {
            return none; // under review (again): an earlier result no longer describes it
        }
        const appKey = this.clients.settings.appCredentials(recorded.app as string | undefined).appKey;
        const reading = await hook.readReview(this.kind.reviewKind, appKey, id);
        if (isReviewHookUnavailable(reading)) {
            this.notices.warn(`${reading.message}; rejection reasons and review times keep their last known values`);
            return { rejectReason: String(recorded.rejectReason ?? ""), reviewedAt: String(recorded.reviewedAt ?? "") };
        }
        // Only a result that matches the live status describes it; JSMS's callback may not have arrived yet.
        if (reading === undefined || reading.status !== reviewStatus(status)) {
            return none;
        }
        return { rejectReason: isRejected(status) ? reading.rejectReason : "", reviewedAt: reading.reviewedAt };
    }

    /** Only what the user declared (and what check derived): outputs and engine fields are added back elsewhere. */
    private userInputs(inputs: In): In {
        return pick(inputs, this.inputFields);
    }

    private parseId(id: string): number {
        const n = parseObjectId(id);
        if (n === undefined) {
            throw new ProviderError(
                `"${id}" is not a JSMS ${this.kind.noun} id: ids are positive whole numbers, as the JSMS console shows them`,
            );
        }
        return n;
    }

    /** The live object, or undefined when JSMS answers the kind's "no such object" code; other errors throw. */
    private async unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
        try {
            return await read;
        } catch (err) {
            if (jsmsCode(err) === this.kind.goneCode) {
                return undefined;
            }
            throw err;
        }
    }
}
