/**
 * The retry classification and loop on their own: which failures are retried, for reads and for creates, how many
 * requests each budget allows, and what the final error says. `send` answers from a script, so counts are exact and
 * the backoff is a few milliseconds.
 */
import { expect } from "chai";
import { performance } from "node:perf_hooks";
import { RateWaitExpired } from "../../provider/client/adaptiveRateLimiter";
import { JsmsError, type JsmsErrorDetails } from "../../provider/client/jsmsError";
import {
    isRateLimitRefusal,
    mayHaveTakenEffect,
    shouldRetry,
    withRetries,
    type RetryPolicy,
    type SendOnce,
} from "../../provider/client/retry";

const OP = { operation: "POST /v1/templates", host: "127.0.0.1:1" };
const error = (details: Partial<JsmsErrorDetails> & Pick<JsmsErrorDetails, "failure">) =>
    new JsmsError({ ...OP, ...details });

const REFUSED = () => error({ failure: "response", httpStatus: 403, code: 50009, vendorMessage: "out of freq" });
const TOO_MANY = () => error({ failure: "response", httpStatus: 429 });
const SERVER = () => error({ failure: "response", httpStatus: 500, code: 50019 });
const GATEWAY = () => error({ failure: "response", httpStatus: 502 });
const UNAVAILABLE = () => error({ failure: "response", httpStatus: 503 });
const RESET = () => error({ failure: "network", reason: "ECONNRESET" });
const TIMEOUT = () => error({ failure: "timeout", timeoutMs: 5 });
const REFUSED_CONNECTION = () => error({ failure: "connect", reason: "ECONNREFUSED" });
const MALFORMED = () => error({ failure: "malformed", httpStatus: 200 });
const ABORTED = () => error({ failure: "aborted", reason: "the engine is gone" });
const PERMANENT = () => error({ failure: "response", httpStatus: 400, code: 50046 });

const POLICY: RetryPolicy = {
    maxRetries: 3,
    retryBudgetMs: 10_000,
    baseDelayMs: 1,
    maxDelayMs: 4,
    rateLimitWaitMs: 10_000,
};

/** A `send` that plays `script` (an error to throw or "ok"), records each call's arguments, then keeps answering "ok". */
function scripted(script: (() => unknown)[]) {
    const calls: { afterRefusal: boolean; giveUpAt: number | undefined }[] = [];
    const send: SendOnce<string> = async (afterRefusal, giveUpAt) => {
        calls.push({ afterRefusal, giveUpAt });
        const step = script[calls.length - 1];
        if (step === undefined) return "ok";
        throw step();
    };
    return { send, calls };
}

/** The error `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<JsmsError> {
    const caught = await promise.then(
        () => expect.fail("expected the call to fail"),
        (e: unknown) => e,
    );
    expect(caught).to.be.instanceOf(JsmsError);
    return caught as JsmsError;
}

describe("client/retry policy", () => {
    describe("classification", () => {
        it("calls 50009 and HTTP 429 answers refusals for rate, and nothing else", () => {
            expect([REFUSED(), TOO_MANY()].map(isRateLimitRefusal)).to.deep.equal([true, true]);
            expect(
                [SERVER(), UNAVAILABLE(), RESET(), REFUSED_CONNECTION(), new Error("50009")].map(isRateLimitRefusal),
            ).to.deep.equal([false, false, false, false, false]);
            // A 50009 code on something that is not an answer is not a refusal.
            expect(isRateLimitRefusal(error({ failure: "malformed", code: 50009 }))).to.equal(false);
        });

        it("retries any retryable failure of a read or modification", () => {
            for (const make of [REFUSED, TOO_MANY, SERVER, GATEWAY, UNAVAILABLE, RESET, TIMEOUT, REFUSED_CONNECTION]) {
                expect(shouldRetry(make(), undefined), make.name).to.equal(true);
            }
            for (const make of [MALFORMED, ABORTED, PERMANENT]) {
                expect(shouldRetry(make(), undefined), make.name).to.equal(false);
            }
            expect(shouldRetry(new Error("plain"), undefined)).to.equal(false);
            expect(
                shouldRetry(error({ failure: "connect", reason: "bad certificate", retryable: false }), "template"),
            ).to.equal(false);
        });

        it("retries a create only when nothing can have been created", () => {
            for (const make of [REFUSED, TOO_MANY, UNAVAILABLE, REFUSED_CONNECTION]) {
                expect(shouldRetry(make(), "template"), make.name).to.equal(true);
            }
            for (const make of [SERVER, GATEWAY, RESET, TIMEOUT, MALFORMED, ABORTED, PERMANENT]) {
                expect(shouldRetry(make(), "signature"), make.name).to.equal(false);
            }
        });

        it("says which failed creates may have created the object", () => {
            for (const make of [RESET, TIMEOUT, MALFORMED, SERVER, GATEWAY]) {
                expect(mayHaveTakenEffect(make()), make.name).to.equal(true);
            }
            for (const make of [REFUSED, TOO_MANY, UNAVAILABLE, REFUSED_CONNECTION, ABORTED, PERMANENT]) {
                expect(mayHaveTakenEffect(make()), make.name).to.equal(false);
            }
            expect(
                mayHaveTakenEffect(error({ failure: "response", httpStatus: 504, code: 50001 })),
                "a JSMS body refused it",
            ).to.equal(false);
            expect(mayHaveTakenEffect(error({ failure: "response", httpStatus: 499 })), "not a 5xx").to.equal(false);
            expect(mayHaveTakenEffect(new Error("plain"))).to.equal(false);
        });
    });

    describe("the loop", () => {
        it("returns the first success, after as many fault retries as maxRetries allows", async () => {
            const { send, calls } = scripted([SERVER, RESET, TIMEOUT]);
            expect(await withRetries(POLICY, send)).to.equal("ok");
            expect(calls).to.have.length(4);
            expect(calls.every((c) => c.afterRefusal === false && c.giveUpAt === undefined)).to.equal(true);
        });

        it("gives up after maxRetries + 1 requests, saying how many it made", async () => {
            const { send, calls } = scripted([SERVER, SERVER, SERVER, SERVER, SERVER]);
            const final = await failure(withRetries(POLICY, send));
            expect(calls).to.have.length(4);
            expect(final).to.include({ code: 50019, attempts: 4 });
            expect(final.message).to.contain("gave up after 4 attempts");
        });

        it("makes one request, unannotated, when the first failure is not retried", async () => {
            const { send, calls } = scripted([PERMANENT]);
            const final = await failure(withRetries(POLICY, send));
            expect(calls).to.have.length(1);
            expect(final).to.include({ code: 50046, attempts: 1 });
            expect(final.message).not.to.contain("gave up");
            const plain = new Error("a bug");
            expect(await withRetries(POLICY, async () => Promise.reject(plain)).catch((e: unknown) => e)).to.equal(
                plain,
            );
        });

        it("sends a refused request again at once, first in line, within its own budget and not counting as a fault", async () => {
            const { send, calls } = scripted([REFUSED, TOO_MANY, REFUSED, SERVER, REFUSED]);
            const started = performance.now();
            expect(await withRetries({ ...POLICY, maxRetries: 1 }, send)).to.equal("ok");
            const ended = performance.now();
            expect(calls.map((c) => c.afterRefusal)).to.deep.equal([false, true, true, true, false, true]);
            expect(calls[0].giveUpAt).to.equal(undefined);
            const deadline = calls[1].giveUpAt!;
            expect(deadline, "rateLimitWaitMs after the first refusal").to.be.within(
                started + POLICY.rateLimitWaitMs,
                ended + POLICY.rateLimitWaitMs,
            );
            expect(
                calls.slice(1).map((c) => c.giveUpAt),
                "one deadline, from the first refusal",
            ).to.deep.equal(Array(5).fill(deadline));
        });

        it("stops sending refused requests once rateLimitWaitMs has passed, saying for how long JSMS refused", async () => {
            const { send, calls } = scripted(Array(1000).fill(REFUSED));
            const started = performance.now();
            const final = await failure(
                withRetries({ ...POLICY, maxRetries: 0, rateLimitWaitMs: 30 }, async (afterRefusal, giveUpAt) => {
                    await new Promise((resolve) => setTimeout(resolve, 5));
                    return send(afterRefusal, giveUpAt);
                }),
            );
            expect(calls.length).to.be.within(2, 999);
            expect(final).to.include({ code: 50009, attempts: calls.length });
            expect(final.message).to.contain("jsms:rateLimitWaitSeconds");
            // Both durations it reports are at most what the call took.
            const took = performance.now() - started;
            const refusedMs = Number(/JSMS kept refusing it for rate for (\d+) ms/.exec(final.message)?.[1]);
            const attemptsMs = Number(/gave up after \d+ attempts in (\d+) ms/.exec(final.message)?.[1]);
            expect(refusedMs, final.message).to.be.within(30, took + 1);
            expect(attemptsMs, final.message).to.be.within(30, took + 1);
        });

        it("turns a rate slot that expired after a refusal into that refusal, and does not count it as a request", async () => {
            let calls = 0;
            const final = await failure(
                withRetries(POLICY, async () => {
                    calls++;
                    throw calls === 1 ? REFUSED() : new RateWaitExpired("deadline");
                }),
            );
            expect(calls).to.equal(2);
            expect(final).to.include({ code: 50009, attempts: 1 });
            expect(final.message).to.contain("JSMS kept refusing it for rate for");
        });

        it("sends the first request at once, however long the backoff is", async () => {
            const slow = { ...POLICY, baseDelayMs: 600_000, maxDelayMs: 600_000 };
            let timer: NodeJS.Timeout | undefined;
            const first = await Promise.race([
                withRetries(slow, async () => "sent"),
                new Promise((resolve) => (timer = setTimeout(() => resolve("still waiting"), 5000))),
            ]);
            clearTimeout(timer);
            expect(first).to.equal("sent");
        });

        it("passes on a rate slot that expired before any refusal", async () => {
            const expired = new RateWaitExpired("refusing");
            expect(await withRetries(POLICY, async () => Promise.reject(expired)).catch((e: unknown) => e)).to.equal(
                expired,
            );
        });

        it("does not count a request that was never sent because the call was aborted", async () => {
            const { send, calls } = scripted([SERVER, ABORTED]);
            const final = await failure(withRetries(POLICY, send));
            expect(calls).to.have.length(2);
            expect(final).to.include({ failure: "aborted", attempts: 1 });
        });

        it("retries nothing once the signal is aborted", async () => {
            const controller = new AbortController();
            const { send, calls } = scripted([SERVER, SERVER]);
            controller.abort();
            await failure(withRetries(POLICY, send, undefined, { signal: controller.signal }));
            expect(calls).to.have.length(1);
        });

        it("starts no retry whose longest backoff could end past retryBudgetMs", async () => {
            // Longest waits: 100 ms before the 2nd request, 200 before the 3rd; a 199 ms budget fits the first only.
            const { send, calls } = scripted(Array(10).fill(SERVER));
            await failure(
                withRetries({ ...POLICY, maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000, retryBudgetMs: 199 }, send),
            );
            expect(calls).to.have.length(2);
            const exact = scripted(Array(10).fill(SERVER));
            await failure(
                withRetries(
                    { ...POLICY, maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000, retryBudgetMs: 100 },
                    exact.send,
                ),
            );
            expect(exact.calls, "a wait that ends exactly at the budget is allowed").to.have.length(2);
            const none = scripted(Array(10).fill(SERVER));
            await failure(
                withRetries(
                    { ...POLICY, maxRetries: 9, baseDelayMs: 100, maxDelayMs: 1000, retryBudgetMs: 99 },
                    none.send,
                ),
            );
            expect(none.calls).to.have.length(1);
        });

        it("caps the longest backoff at maxDelayMs when checking the budget", async () => {
            // Uncapped, the first wait could be 100 ms, past the 50 ms budget; capped at 1 ms it fits.
            const { send, calls } = scripted(Array(6).fill(SERVER));
            await failure(
                withRetries(
                    { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1, retryBudgetMs: 50, rateLimitWaitMs: 1000 },
                    send,
                ),
            );
            expect(calls.length).to.be.at.least(2);
        });
    });

    describe("creates", () => {
        it("does not retry a create that may have taken effect, and says it may exist", async () => {
            for (const make of [RESET, TIMEOUT, SERVER, GATEWAY, MALFORMED]) {
                const { send, calls } = scripted([make]);
                const final = await failure(withRetries(POLICY, send, "template"));
                expect(calls, make.name).to.have.length(1);
                expect(final.message, make.name).to.contain("the template may have been created at JSMS");
                expect(final.attempts, make.name).to.equal(1);
            }
        });

        it("retries a create that was refused or never sent, then warns only if the last failure may have taken effect", async () => {
            const refusedThenSent = scripted([REFUSED_CONNECTION, UNAVAILABLE, RESET]);
            const final = await failure(withRetries(POLICY, refusedThenSent.send, "signature"));
            expect(refusedThenSent.calls).to.have.length(3);
            expect(final.message)
                .to.contain("gave up after 3 attempts")
                .and.to.contain("the signature may have been created at JSMS");
            const neverSent = scripted([
                REFUSED_CONNECTION,
                REFUSED_CONNECTION,
                REFUSED_CONNECTION,
                REFUSED_CONNECTION,
            ]);
            const notCreated = await failure(withRetries(POLICY, neverSent.send, "signature"));
            expect(notCreated.message).not.to.contain("may have been created");
            expect(notCreated.attempts).to.equal(4);
        });

        it("says nothing about duplicates for a read", async () => {
            const final = await failure(withRetries({ ...POLICY, maxRetries: 0 }, scripted([RESET]).send));
            expect(final.message).not.to.contain("may have been created");
        });
    });
});
