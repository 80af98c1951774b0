/**
 * The lifecycle core: check → diff → create / read / update / delete for any kind of JSMS object, with adoption,
 * settling after a write (status, `waitForReview`, the partial failure that records the object) and the delete
 * guard. Each kind is described by an `ObjectKind` (templateKind.ts, signatureKind.ts); both front doors (the
 * dynamic provider and the `jsms` plugin) call this same code with the same settings value.
 */
import type { JsmsClient } from "../client/jsmsClient";
import type { ClientPool } from "../clientPool";
import { ObjectNotReadyError, ProviderError, jsmsCode, messageOf } from "../errors";
import { isReviewHookUnavailable } from "../reviewHookClient";
import { DiffResult, copyChanges, planChange } from "./changePlan";
import { CheckFailure, COMMON_INPUT_FIELDS, CommonInputs, ObjectKind, checkCommonInputs } from "./objectKind";
import { pick, unknownProperties, withoutUndefined } from "./inputValues";
import { parseObjectId } from "../validation/objectId";
import { WaitForReviewOptions, pollReview, waitOptions } from "./review";
import { ReviewCode, isRejected, reviewEnded, reviewStatus } from "../schema/reviewStatus";
import { JsmsCode } from "../client/returnCodes";

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

/** Where the core tells a person what fails nothing but should be known (e.g. an unreachable review hook). */
export interface Notices {
    warn(message: string): void;
}

/** What the review hook adds to the outputs, when it is configured. */
type ReviewDetails = { rejectReason: string; reviewedAt: string };

/** The lifecycle of one kind of object against JSMS, for one provider configuration. */
export class Lifecycle<In extends CommonInputs, Live, Fields, Out extends object = In & Record<string, unknown>> {
    /** Every input a user declares, the kind's own first. */
    private readonly inputFields: readonly string[];
    /** Inputs whose change alone is an update that writes nothing to JSMS. */
    private readonly otherFields: readonly string[];

    constructor(
        readonly kind: ObjectKind<In, Live, Fields>,
        private readonly clients: ClientPool,
        private readonly notices: Notices,
    ) {
        this.inputFields = [...kind.inputFields, ...COMMON_INPUT_FIELDS];
        const ownOther = kind.inputFields.filter((key) => !kind.copyFields.includes(key));
        this.otherFields = [...new Set([...ownOther, ...kind.fileFields, "waitForReview"])];
    }

    /** Validates every documented rule without any API call; unknown values (preview) are skipped. */
    async check(_olds: unknown, news: In): Promise<CheckResult<In>> {
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

    /** Update or replace, by review status (changePlan.ts). */
    async diff(id: string, olds: Out, news: In): Promise<DiffResult> {
        return planChange(this.kind, id, olds as Record<string, unknown>, news, this.otherFields);
    }

    /** Creates the object (or adopts `adoptId`) and settles it; everything that exists at JSMS ends up recorded. */
    async create(inputs: In): Promise<CreateResult<Out>> {
        const client = this.clients.forApp(inputs.app);
        if (inputs.adoptId !== undefined) {
            return this.adopt(client, inputs, Number(inputs.adoptId));
        }
        const prepared = this.kind.prepare(inputs);
        const id = await this.kind.create(client, prepared.fields);
        const outs = await this.settle(
            client,
            id,
            { ...inputs, ...prepared.inputs },
            { submitted: true, fallbackStatus: 0 },
        );
        return { id: String(id), outs };
    }

    /** Reads the live object: its outputs, and the inputs it implies so that console drift shows as a diff. */
    async read(id: string, props: Partial<Out> | undefined): Promise<ReadResult<Out>> {
        const recorded = (props ?? {}) as unknown as In;
        const objectId = this.parseId(id);
        const live = await this.unlessGone(this.kind.read(this.clients.forApp(recorded.app), objectId));
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
    async update(id: string, olds: Out, news: In): Promise<{ outs: Out }> {
        const client = this.clients.forApp(news.app);
        const objectId = this.parseId(id);
        const recorded = olds as Record<string, unknown>;
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
    async delete(id: string, props: Out): Promise<void> {
        const client = this.clients.forApp((props as CommonInputs).app);
        const objectId = this.parseId(id);
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
