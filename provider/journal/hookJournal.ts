/**
 * The create journal kept by `jsms-review-hook` (its `/v1/journal` API): what pipelines use, since the next run is
 * on another machine. Unlike the review reader, every call throws a {@link HookJournalError} when the hook cannot
 * take or answer it; the lifecycle core decides whether that is a warning or a failure.
 */
import { DEFAULT_REVIEW_HOOK_TIMEOUT_MS, describeFetchError, MAX_ANSWER_BYTES, readLimited } from "../reviewHookClient";
import { type CreateIntent, type CreateJournal, type JournalKind, MAX_ERROR_LENGTH } from "./createJournal";
import type { OrphanIntent } from "./intentSchema";
import { checkShape, type Shape, type ShapeName } from "../shapes/shapeCheck";

/**
 * A journal call the hook did not take or answer as expected. The message says what failed and why, safe to show
 * (never the token); where the journal is, is the journal's `description`.
 */
export class HookJournalError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HookJournalError";
    }
}

/** Where the hook is: the settings' review hook location, and a per-call limit in ms. */
export interface HookJournalSettings {
    /** Base URL of the hook (a path prefix is kept). */
    url: string;
    /** The hook's bearer token; never put into a message. */
    token: string;
    /** Per-call limit in ms; default {@link DEFAULT_REVIEW_HOOK_TIMEOUT_MS}. */
    timeoutMs?: number;
}

/** The review hook's create journal, for stacks that set `jsms:reviewHookUrl`. */
export class HookJournal implements CreateJournal {
    readonly description: string;
    private readonly base: string | undefined;
    private readonly timeoutMs: number;
    /** The token, non-enumerable so that no printer or serializer of the journal walks into it. */
    private readonly token!: string;

    constructor(settings: HookJournalSettings) {
        this.timeoutMs = settings.timeoutMs ?? DEFAULT_REVIEW_HOOK_TIMEOUT_MS;
        Object.defineProperty(this, "token", { value: settings.token, enumerable: false });
        let base: URL | undefined;
        try {
            base = new URL(settings.url);
        } catch {
            base = undefined;
        }
        if (base && (base.protocol === "http:" || base.protocol === "https:")) {
            this.base = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
            this.description = `the review hook's journal at ${this.base}`;
        } else {
            this.description = "the review hook's journal (jsms:reviewHookUrl is not an http(s) URL)";
        }
    }

    async begin(intent: CreateIntent): Promise<void> {
        const { intentId, stack, key, appKey, kind, digest, contentDigest, runId, createdAt } = intent;
        await this.call(
            "record a create intent",
            "POST",
            "/v1/journal/intents",
            { intentId, stack, key, appKey, kind, digest, contentDigest, runId, createdAt },
            "hookBegun",
        );
    }

    async answer(stack: string, intentId: string, objectId: number): Promise<void> {
        await this.call(
            `record the id ${objectId} JSMS answered`,
            "POST",
            `/v1/journal/intents/${encodeURIComponent(intentId)}/answer`,
            { stack, objectId },
            "hookAnswered",
        );
    }

    async fail(stack: string, intentId: string, message: string): Promise<void> {
        await this.call(
            "record a failed create",
            "POST",
            `/v1/journal/intents/${encodeURIComponent(intentId)}/fail`,
            {
                stack,
                message: message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message,
            },
            "hookFailed",
        );
    }

    async adoptable(stack: string, key: string): Promise<CreateIntent[]> {
        const { intents } = await this.call(
            "read the creates of a resource",
            "GET",
            `/v1/journal/adoptable?${new URLSearchParams({ stack, key })}`,
            undefined,
            "hookIntents",
        );
        // What was asked for, and nothing else: an intent of another stack or key would adopt a stranger's object.
        if (!intents.every((intent) => intent.stack === stack && intent.key === key && intent.state === "answered")) {
            throw this.error("read the creates of a resource", "the hook answered intents that were not asked for");
        }
        return intents;
    }

    async markHeld(stack: string, appKey: string, kind: JournalKind, objectIds: readonly number[]): Promise<void> {
        await this.call(
            "record the objects the stack holds",
            "POST",
            "/v1/journal/held",
            { stack, appKey, kind, objectIds },
            "hookMarked",
        );
    }

    async open(stack: string): Promise<CreateIntent[]> {
        const { intents } = await this.call(
            "read the open creates",
            "GET",
            `/v1/journal/open?${new URLSearchParams({ stack })}`,
            undefined,
            "hookIntents",
        );
        if (!intents.every((intent) => intent.stack === stack && intent.state === "open")) {
            throw this.error("read the open creates", "the hook answered intents that were not asked for");
        }
        return intents;
    }

    async prune(stack: string, before: number): Promise<number> {
        const { pruned } = await this.call(
            "prune the journal",
            "POST",
            "/v1/journal/prune",
            { stack, before },
            "hookPruned",
        );
        return pruned;
    }

    /**
     * The orphans: open intents the hook paired with an object JSMS reported, of one stack or of all, oldest first.
     * The hook checks each at JSMS first and leaves out those deleted since.
     */
    async orphans(stack?: string): Promise<OrphanIntent[]> {
        const query = stack === undefined ? "" : `?${new URLSearchParams({ stack })}`;
        const { orphans } = await this.call(
            "list the orphans",
            "GET",
            `/v1/journal/orphans${query}`,
            undefined,
            "hookOrphans",
        );
        if (!orphans.every((orphan) => orphan.state === "open" && (stack === undefined || orphan.stack === stack))) {
            throw this.error("list the orphans", "the hook answered intents that were not asked for");
        }
        return orphans;
    }

    /** What `util.inspect` and `JSON.stringify` show: where the journal is, never the token. */
    toJSON(): Record<string, unknown> {
        return { description: this.description };
    }

    /** One request; resolves to its answer checked against `shape`, or throws a {@link HookJournalError}. */
    private async call<N extends ShapeName>(
        action: string,
        method: "GET" | "POST",
        target: string,
        body: unknown,
        shape: N,
    ): Promise<Shape<N>> {
        if (this.base === undefined) {
            throw new HookJournalError(`cannot ${action}: jsms:reviewHookUrl is not an http(s) URL`);
        }
        let response: Response;
        let text: string | undefined;
        try {
            response = await fetch(`${this.base}${target}`, {
                method,
                headers: {
                    Authorization: `Bearer ${this.token}`,
                    Accept: "application/json",
                    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
                },
                body: body === undefined ? undefined : JSON.stringify(body),
                // The hook never redirects; whatever answers a redirect's target is not the hook the stack names.
                redirect: "error",
                signal: AbortSignal.timeout(this.timeoutMs),
            });
            text = await readLimited(response);
        } catch (error) {
            throw this.error(action, describeFetchError(error, this.timeoutMs));
        }
        if (text === undefined) {
            throw this.error(
                action,
                `the hook's answer is larger than ${MAX_ANSWER_BYTES} bytes; reading stopped there`,
            );
        }
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        if (response.status === 401) {
            throw this.error(action, "the hook refused the token (check jsms:reviewHookToken)");
        }
        if (response.status !== 200) {
            const said = checkShape("hookError", json);
            const because = said.ok ? `: ${said.value.error.message.slice(0, 300)}` : "";
            const hint =
                response.status === 404 && /no route/.test(because)
                    ? " (is it a jsms-review-hook with the journal API? upgrade it)"
                    : "";
            throw this.error(action, `the hook answered HTTP ${response.status}${because}${hint}`);
        }
        const checked = checkShape(shape, json);
        if (!checked.ok) {
            throw this.error(
                action,
                "the hook's answer is not what the journal API answers (is the URL a jsms-review-hook?)",
            );
        }
        return checked.value;
    }

    private error(action: string, reason: string): HookJournalError {
        // The hook's own messages never hold the token; one that claims to be the hook might echo it back.
        const safe = this.token.length > 0 ? reason.replaceAll(this.token, "(the token)") : reason;
        return new HookJournalError(`cannot ${action}: ${safe}`);
    }
}
