/**
 * The retry policy end to end: fault servers on 127.0.0.1 stand in for a struggling JSMS and a bad network, and
 * their request counters show how many attempts reached the server.
 */
import { expect } from "chai";
import { performance } from "node:perf_hooks";
import { JsmsError } from "../../provider/client/jsmsError";
import { shouldRetry } from "../../provider/client/retry";
import { FaultStep, freePort, startFaultServer } from "./faultServer";
import { expectJsmsError, fastClient, useFaultServers } from "./clientFixtures";
import { pngUpload } from "./imageFixtures";

const OUT_OF_FREQ: FaultStep = { kind: "jsmsError", status: 403, code: 50009, message: "out of freq" };
const SERVER_ERROR: FaultStep = { kind: "jsmsError", status: 500, code: 50019, message: "server error" };
const TEMPLATE: FaultStep = { kind: "json", status: 200, body: { temp_id: 7, template: "x", type: 2, status: 1 } };

describe("client/retry", () => {
    const { serve, track } = useFaultServers();

    describe("reads and modifications", () => {
        it("retries 50009 until it succeeds", async () => {
            const { server, client } = await serve([OUT_OF_FREQ, OUT_OF_FREQ, TEMPLATE]);
            expect((await client.getTemplate(7)).tempId).to.equal(7);
            expect(server.requests).to.have.length(3);
        });

        it("retries 50019", async () => {
            const { server, client } = await serve([
                SERVER_ERROR,
                SERVER_ERROR,
                { kind: "json", status: 200, body: { app_balance: 5 } },
            ]);
            expect((await client.getAppBalance()).total).to.equal(5);
            expect(server.requests).to.have.length(3);
        });

        it("retries HTTP 429 and 5xx that carry no JSMS body", async () => {
            const { server, client } = await serve([
                { kind: "text", status: 429, body: "slow down" },
                { kind: "text", status: 502, body: "<html>bad gateway</html>", contentType: "text/html" },
                { kind: "text", status: 503, body: "" },
                TEMPLATE,
            ]);
            await client.getTemplate(7);
            expect(server.requests).to.have.length(4);
        });

        it("retries a GET whose connection was dropped", async () => {
            const { server, client } = await serve([{ kind: "drop" }, { kind: "drop" }, TEMPLATE]);
            expect((await client.getTemplate(7)).status).to.equal(1);
            expect(server.requests).to.have.length(3);
        });

        it("retries a GET that timed out", async () => {
            const { server, client } = await serve([{ kind: "hang" }, TEMPLATE], { requestTimeoutMs: 150 });
            await client.getTemplate(7);
            expect(server.requests).to.have.length(2);
        });

        it("retries a template modify (PUT) after a reset", async () => {
            const { server, client } = await serve([
                { kind: "resetAfterBody" },
                { kind: "json", status: 200, body: { temp_id: 7 } },
            ]);
            expect(await client.updateTemplate(7, { template: "x", type: 2 })).to.equal(7);
            expect(server.requests.map((r) => r.method)).to.deep.equal(["PUT", "PUT"]);
        });

        it("retries a signature modify (POST /v1/sign/{id}) after a reset, re-sending the same body", async () => {
            const { server, client } = await serve([
                { kind: "resetAfterBody" },
                { kind: "json", status: 200, body: { sign_id: 9 } },
            ]);
            expect(await client.updateSignature(9, { sign: "极光", images: [pngUpload()] })).to.equal(9);
            expect(server.requests).to.have.length(2);
            expect(server.requests[1].body.equals(server.requests[0].body)).to.equal(true);
        });

        it("retries a DELETE after a dropped connection", async () => {
            const { server, client } = await serve([{ kind: "drop" }, { kind: "text", status: 200, body: "" }]);
            await client.deleteSignature(9);
            expect(server.requests).to.have.length(2);
        });

        it("never retries a permanent error", async () => {
            const { server, client } = await serve([
                { kind: "jsmsError", status: 403, code: 50013, message: "invalid temp_id" },
                TEMPLATE,
            ]);
            const error = await expectJsmsError(client.getTemplate(7));
            expect(error.code).to.equal(50013);
            expect(error.attempts).to.equal(1);
            expect(server.requests).to.have.length(1);
        });
    });

    describe("bounds", () => {
        it("stops after maxRetries for a fault and says how many attempts it made", async () => {
            const { server, client } = await serve([SERVER_ERROR], { maxRetries: 2 });
            const error = await expectJsmsError(client.getTemplate(7));
            expect(server.requests).to.have.length(3);
            expect(error).to.include({ code: 50019, httpStatus: 500, retryable: true, attempts: 3 });
            expect(error.message).to.match(/^JSMS 50019 \(server error\) on GET \/v1\/templates\/7 for template 7: /);
            expect(error.message).to.contain("gave up after 3 attempts");
        });

        it("keeps sending a request refused for rate within rateLimitWaitSeconds, whatever maxRetries says, then says what helps", async () => {
            const { server, client } = await serve([OUT_OF_FREQ], { maxRetries: 0, rateLimitWaitSeconds: 2 });
            const started = Date.now();
            const error = await expectJsmsError(client.getTemplate(7));
            const elapsed = Date.now() - started;
            // The limiter slows down after each refusal (1 req/s, then 0.85…): a second request fits in 2 s, a third does not.
            expect(server.requests.length).to.be.within(2, 3);
            // It waited out the 2 s (a lower bound, safe on a busy machine) and then stopped: with maxRetries 0 and a
            // wait that never ended, the test would run into its timeout instead.
            expect(elapsed).to.be.at.least(1900);
            expect(error).to.include({ code: 50009, httpStatus: 403, attempts: server.requests.length });
            expect(error.message).to.match(/^JSMS 50009 \(out of freq\) on GET \/v1\/templates\/7 for template 7: /);
            // It says how long JSMS refused: at least the 2 s allowed, at most the time the call took.
            const refusedFor = Number(/JSMS kept refusing it for rate for (\d+\.\d) s/.exec(error.message)?.[1]);
            expect(refusedFor, error.message).to.be.within(2, Math.ceil(elapsed / 100) / 10);
            expect(error.message)
                .to.contain("jsms:maxRequestsPerSecond")
                .and.to.contain("jsms:rateLimitWaitSeconds")
                .and.not.to.contain("lower jsms:maxConcurrency");
        });

        it("makes exactly one attempt with maxRetries 0", async () => {
            const { server, client } = await serve([SERVER_ERROR, TEMPLATE], { maxRetries: 0 });
            await expectJsmsError(client.getTemplate(7));
            expect(server.requests).to.have.length(1);
        });

        it("stops when the time budget would be exceeded", async () => {
            const { server, client } = await serve([SERVER_ERROR], {
                maxRetries: 100,
                retryBaseDelayMs: 40,
                retryBudgetMs: 300,
            });
            const error = await expectJsmsError(client.getTemplate(7));
            // Delays before jitter: 40, 80, 160, 320…; the 320 ms wait cannot fit in 300 ms, so at most 4 attempts of
            // the 101 that maxRetries allows (a slow machine makes fewer, never more).
            expect(server.requests.length).to.be.within(2, 4);
            expect(error.attempts).to.equal(server.requests.length);
        });

        it("waits longer between later attempts (exponential backoff)", async () => {
            // Full jitter draws each wait from [0, 30 × 2^(n-1)] ms: one gap is random, but over five calls the fourth
            // waits (mean 120 ms) add up to more than the first ones (mean 15 ms) whatever the machine's load adds to both.
            const first: number[] = [];
            const fourth: number[] = [];
            for (let call = 0; call < 5; call++) {
                const times: number[] = [];
                const { client } = await serve(
                    (i) => {
                        times.push(performance.now());
                        return i < 4 ? SERVER_ERROR : TEMPLATE;
                    },
                    { retryBaseDelayMs: 30, maxRetries: 4 },
                );
                await client.getTemplate(7);
                const gaps = times.slice(1).map((t, i) => t - times[i]);
                expect(gaps).to.have.length(4);
                first.push(gaps[0]);
                fourth.push(gaps[3]);
            }
            const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
            expect(
                sum(fourth),
                `first gaps ${first.map(Math.round)}, fourth gaps ${fourth.map(Math.round)}`,
            ).to.be.greaterThan(sum(first));
        });

        it("gives up on a server that never answers, saying it timed out", async () => {
            const { server, client } = await serve([{ kind: "hang" }], { requestTimeoutMs: 100, maxRetries: 1 });
            const error = await expectJsmsError(client.getSignature(3));
            expect(error).to.include({
                failure: "timeout",
                httpStatus: undefined,
                code: undefined,
                retryable: true,
                attempts: 2,
            });
            expect(error.message)
                .to.contain("timed out after 100 ms")
                .and.to.contain(`JSMS at 127.0.0.1:${server.port}`);
            expect(server.requests).to.have.length(2);
        });

        it("gives up on a refused connection, saying it could not reach JSMS", async () => {
            const port = await freePort();
            const client = track(fastClient(`http://127.0.0.1:${port}`, { maxRetries: 2 }));
            const error = await expectJsmsError(client.getAppBalance());
            expect(error).to.include({
                failure: "connect",
                httpStatus: undefined,
                code: undefined,
                retryable: true,
                attempts: 3,
            });
            expect(error.message).to.contain(`could not reach JSMS at 127.0.0.1:${port}: connect ECONNREFUSED`);
        });
    });

    describe("creates are never blindly retried", () => {
        it("does not retry a template create whose connection reset after sending, and says it may exist", async () => {
            const { server, client } = await serve([
                { kind: "resetAfterBody" },
                { kind: "json", status: 200, body: { temp_id: 1 } },
            ]);
            const error = await expectJsmsError(client.createTemplate({ template: "码{{code}}", type: 1, ttl: 60 }));
            expect(server.requests).to.have.length(1);
            expect(error).to.include({
                failure: "network",
                retryable: false,
                httpStatus: undefined,
                operation: "POST /v1/templates",
            });
            expect(error.message).to.contain("the template may have been created at JSMS");
            expect(error.message).to.contain("JSMS console").and.to.contain("adoptId");
        });

        it("does not retry a signature create whose connection dropped", async () => {
            const { server, client } = await serve([
                { kind: "drop" },
                { kind: "json", status: 200, body: { sign_id: 1 } },
            ]);
            const error = await expectJsmsError(client.createSignature({ sign: "极光推送", images: [pngUpload()] }));
            expect(server.requests).to.have.length(1);
            expect(error.message)
                .to.contain('for signature "极光推送"')
                .and.to.contain("the signature may have been created at JSMS");
        });

        it("does not retry a create that timed out", async () => {
            const { server, client } = await serve(
                [{ kind: "hang" }, { kind: "json", status: 200, body: { temp_id: 1 } }],
                { requestTimeoutMs: 120 },
            );
            const error = await expectJsmsError(client.createTemplate({ template: "x", type: 2 }));
            expect(server.requests).to.have.length(1);
            expect(error).to.include({ failure: "timeout", retryable: false });
            expect(error.message).to.contain("timed out after 120 ms").and.to.contain("may have been created");
        });

        it("does not retry a create answered by a gateway 502/504 without a JSMS body", async () => {
            const { server, client } = await serve([
                { kind: "text", status: 504, body: "gateway timeout" },
                { kind: "json", status: 200, body: { temp_id: 1 } },
            ]);
            const error = await expectJsmsError(client.createTemplate({ template: "x", type: 2 }));
            expect(server.requests).to.have.length(1);
            expect(error).to.include({ httpStatus: 504, retryable: false });
            expect(error.message).to.contain("may have been created");
        });

        it("retries a create that JSMS answered with 50009 (refused, nothing was created)", async () => {
            const { server, client } = await serve([
                OUT_OF_FREQ,
                OUT_OF_FREQ,
                { kind: "json", status: 200, body: { temp_id: 11 } },
            ]);
            expect(await client.createTemplate({ template: "x", type: 2 })).to.equal(11);
            expect(server.requests).to.have.length(3);
        });

        it("does not retry a create answered with 50019: the server may have failed after the insert", async () => {
            const { server, client } = await serve([
                SERVER_ERROR,
                { kind: "json", status: 200, body: { temp_id: 11 } },
            ]);
            const error = await expectJsmsError(client.createTemplate({ template: "x", type: 2 }));
            expect(server.requests).to.have.length(1);
            expect(error).to.include({ code: 50019, httpStatus: 500 });
            expect(error.message).to.contain("may have been created");
        });

        it("retries a create answered with 429 or 503", async () => {
            const { server, client } = await serve([
                { kind: "text", status: 429, body: "" },
                { kind: "text", status: 503, body: "" },
                { kind: "json", status: 200, body: { sign_id: 12 } },
            ]);
            expect(await client.createSignature({ sign: "极光" })).to.equal(12);
            expect(server.requests).to.have.length(3);
        });

        it("retries a create whose connection was refused (nothing was sent)", async () => {
            const port = await freePort();
            const client = track(fastClient(`http://127.0.0.1:${port}`, { retryBaseDelayMs: 20, maxRetries: 8 }));
            const pending = client.createTemplate({ template: "x", type: 2 });
            // JSMS comes up while the client is backing off.
            await new Promise((resolve) => setTimeout(resolve, 30));
            const server = track(await startFaultServer([{ kind: "json", status: 200, body: { temp_id: 99 } }], port));
            expect(await pending).to.equal(99);
            expect(server.requests).to.have.length(1);
        });

        it("reports the retry history and the warning together when a retried create then breaks", async () => {
            const { server, client } = await serve([
                OUT_OF_FREQ,
                { kind: "resetAfterBody" },
                { kind: "json", status: 200, body: { temp_id: 1 } },
            ]);
            const error = await expectJsmsError(client.createTemplate({ template: "x", type: 2 }));
            expect(server.requests).to.have.length(2);
            expect(error.attempts).to.equal(2);
            expect(error.message).to.contain("gave up after 2 attempts").and.to.contain("may have been created");
        });
    });

    describe("shouldRetry", () => {
        const op = { operation: "POST /v1/templates", host: "h:1" };
        it("separates failures that are safe to repeat on a create from those that are not", () => {
            expect(
                shouldRetry(new JsmsError({ failure: "connect", ...op, reason: "ECONNREFUSED" }), "template"),
            ).to.equal(true);
            expect(shouldRetry(new JsmsError({ failure: "network", ...op, reason: "reset" }), "template")).to.equal(
                false,
            );
            expect(shouldRetry(new JsmsError({ failure: "network", ...op, reason: "reset" }), undefined)).to.equal(
                true,
            );
            expect(
                shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 500, code: 50019 }), "template"),
            ).to.equal(false);
            expect(
                shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 500, code: 50019 }), undefined),
            ).to.equal(true);
            expect(
                shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 403, code: 50009 }), "template"),
            ).to.equal(true);
            expect(shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 500 }), "template")).to.equal(
                false,
            );
            expect(shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 500 }), undefined)).to.equal(
                true,
            );
            expect(
                shouldRetry(new JsmsError({ failure: "response", ...op, httpStatus: 403, code: 50046 }), undefined),
            ).to.equal(false);
            expect(
                shouldRetry(
                    new JsmsError({ failure: "connect", ...op, reason: "bad cert", retryable: false }),
                    undefined,
                ),
            ).to.equal(false);
            expect(
                shouldRetry(new JsmsError({ failure: "aborted", ...op, reason: "the engine is gone" }), undefined),
            ).to.equal(false);
            expect(shouldRetry(new Error("plain"), undefined)).to.equal(false);
        });
    });
});
