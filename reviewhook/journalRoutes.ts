import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
    appKeySchema,
    beginSchema,
    intentIdSchema,
    kindSchema,
    keySchema,
    MAX_HELD_IDS,
    objectIdSchema,
    stackSchema,
} from "pulumi-jsms/journal/intentSchema";
import { MAX_ERROR_LENGTH } from "pulumi-jsms/journal/createJournal";
import { BodyTooLargeError, readLimitedBody } from "pulumi-jsms/httpserver/requestBody";
import { sendJson } from "pulumi-jsms/httpserver/responses";
import { hasBearerToken } from "./bearerToken";
import { HookError, type HookContext, type LogFields } from "./hookContext";
import type { JournalOutcome } from "./journalStore";

/** `/v1/journal/…`: the create journal's routes, each with the methods it answers. */
export const JOURNAL_PATH = /^\/v1\/journal\/(intents|adoptable|held|open|prune|orphans)(?:\/([^/]+)\/(answer|fail))?$/;

const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const answerSchema = z.object({ stack: stackSchema, objectId: objectIdSchema }).strict();
const failSchema = z.object({ stack: stackSchema, message: z.string().max(MAX_ERROR_LENGTH) }).strict();
const heldSchema = z
    .object({
        stack: stackSchema,
        appKey: appKeySchema,
        kind: kindSchema,
        objectIds: z.array(objectIdSchema).max(MAX_HELD_IDS),
    })
    .strict();
const pruneSchema = z.object({ stack: stackSchema, before: epochMs }).strict();

/**
 * The create journal's API, for the provider (bearer token as for results). Writes answer 200 only after their
 * transaction committed; a repeated write is answered `duplicate`, one that contradicts what is stored 409.
 */
export async function serveJournal(
    context: HookContext,
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpExecArray,
    url: URL,
    fields: LogFields,
) {
    if (!hasBearerToken(req, context.options.token)) {
        throw new HookError(401, "a valid bearer token is required");
    }
    const [, route, intentId, action] = match;
    const method = req.method ?? "GET";
    const { journal } = context.store;
    const now = Date.now();
    const expect = (wanted: "GET" | "POST") => {
        if (method !== wanted) {
            throw new HookError(405, `${method} is not supported on ${url.pathname}`);
        }
    };
    if (intentId !== undefined && route !== "intents") {
        throw new HookError(404, `no route for ${method} ${url.pathname.slice(0, 200)}`);
    }
    if (route === "intents" && intentId !== undefined) {
        expect("POST");
        const id = parse(intentIdSchema, decode(intentId), "the intent id");
        fields.intentId = id;
        if (action === "answer") {
            const body = parse(answerSchema, await readJson(context, req), "the body");
            fields.stack = body.stack;
            fields.objectId = body.objectId;
            return write(context, res, fields, () => journal.answer(body.stack, id, body.objectId, now));
        }
        const body = parse(failSchema, await readJson(context, req), "the body");
        fields.stack = body.stack;
        return write(context, res, fields, () => journal.fail(body.stack, id, body.message));
    }
    switch (route) {
        case "intents": {
            expect("POST");
            const intent = parse(beginSchema, await readJson(context, req), "the intent");
            fields.stack = intent.stack;
            fields.intentId = intent.intentId;
            return write(context, res, fields, () => journal.begin(intent));
        }
        case "held": {
            expect("POST");
            const body = parse(heldSchema, await readJson(context, req), "the body");
            fields.stack = body.stack;
            fields.app = body.appKey;
            const marked = await written(context, () =>
                journal.markHeld(body.stack, body.appKey, body.kind, body.objectIds, now),
            );
            fields.outcome = `marked ${marked}`;
            return sendJson(res, 200, { marked });
        }
        case "prune": {
            expect("POST");
            const body = parse(pruneSchema, await readJson(context, req), "the body");
            fields.stack = body.stack;
            const pruned = await written(context, () => journal.prune(body.stack, body.before));
            fields.outcome = `pruned ${pruned}`;
            return sendJson(res, 200, { pruned });
        }
        case "adoptable": {
            expect("GET");
            const stack = parse(stackSchema, url.searchParams.get("stack"), "the stack query parameter");
            const key = parse(keySchema, url.searchParams.get("key"), "the key query parameter");
            fields.stack = stack;
            return sendJson(res, 200, { intents: await journal.adoptable(stack, key) });
        }
        case "open": {
            expect("GET");
            const stack = parse(stackSchema, url.searchParams.get("stack"), "the stack query parameter");
            fields.stack = stack;
            return sendJson(res, 200, { intents: await journal.open(stack) });
        }
        default: {
            expect("GET");
            const given = url.searchParams.get("stack");
            const stack = given === null ? undefined : parse(stackSchema, given, "the stack query parameter");
            fields.stack = stack;
            const orphans = await context.pairing.confirmOrphans(await journal.orphans(stack));
            fields.outcome = `orphans ${orphans.length}`;
            return sendJson(res, 200, { orphans });
        }
    }
}

/** Runs a journal write, answering its outcome: 200 done or duplicate, 404 no such intent, 409 a conflict. */
async function write(
    context: HookContext,
    res: ServerResponse,
    fields: LogFields,
    work: () => Promise<JournalOutcome>,
) {
    const outcome = await written(context, work);
    if (outcome === "unknown") {
        throw new HookError(404, `no intent ${fields.intentId} in stack ${fields.stack}`);
    }
    if (typeof outcome === "object") {
        throw new HookError(409, outcome.conflict);
    }
    fields.outcome = outcome;
    sendJson(res, 200, { result: outcome });
}

/** A write, with /healthz told whether the database took it. */
async function written<T>(context: HookContext, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
        result = await work();
    } catch (error) {
        context.health.writeFailed(error);
        throw error;
    }
    context.health.writeSucceeded();
    return result;
}

/** A JSON request body of at most the configured size. */
async function readJson(context: HookContext, req: IncomingMessage): Promise<unknown> {
    const mediaType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (mediaType !== "application/json") {
        throw new HookError(415, "a journal request is JSON (application/json)");
    }
    let body: Buffer;
    try {
        body = await readLimitedBody(req, context.options.maxBodyBytes);
    } catch (error) {
        throw error instanceof BodyTooLargeError ? new HookError(413, error.message) : error;
    }
    try {
        return JSON.parse(body.toString("utf8"));
    } catch {
        throw new HookError(400, "the body is not JSON");
    }
}

/** A value checked against its schema; a refusal names the fields and rules, never a value. */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value, { reportInput: false });
    if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(value)"}: ${issue.message}`);
        throw new HookError(400, `${what} is invalid: ${problems.join("; ")}`);
    }
    return parsed.data;
}

function decode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw new HookError(400, "the path holds a malformed escape");
    }
}
