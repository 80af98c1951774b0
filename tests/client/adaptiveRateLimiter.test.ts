/**
 * The adaptive rate limiter on its own: how each refusal and success moves the rate (exact figures, no clock in the
 * assertions), the order in which waiting requests are let through, and every way a wait ends without a slot.
 */
import { expect } from "chai";
import { getEventListeners } from "node:events";
import { performance } from "node:perf_hooks";
import {
    AdaptiveRateLimiter,
    RateWaitExpired,
    type AdaptiveRateOptions,
    type RateTicket,
} from "../../provider/client/adaptiveRateLimiter";

const OPTIONS: AdaptiveRateOptions = {
    maxPerSecond: Infinity,
    decreaseFactor: 0.5,
    increasePerSecond: 1,
    minPerSecond: 0.25,
};

/** A limiter with `OPTIONS` changed by `overrides`. */
const limiter = (overrides: Partial<AdaptiveRateOptions> = {}) => new AdaptiveRateLimiter({ ...OPTIONS, ...overrides });

/** `n` slots taken one after the other. */
async function take(rates: AdaptiveRateLimiter, n: number): Promise<RateTicket[]> {
    const tickets: RateTicket[] = [];
    for (let i = 0; i < n; i++) tickets.push(await rates.acquire());
    return tickets;
}

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
        () => expect.fail("expected the wait to end without a slot"),
        (error: unknown) => error,
    );
}

describe("client/adaptiveRateLimiter", () => {
    describe("the rate", () => {
        it("starts at the maximum, unpaced when there is none, with zeroed counts", async () => {
            const rates = limiter();
            expect(rates.stats()).to.deep.equal({
                learnedPerSecond: Infinity,
                maxPerSecond: Infinity,
                waiting: 0,
                sent: 0,
                refused: 0,
                decreases: 0,
            });
            expect(await take(rates, 3)).to.deep.equal([
                { epoch: 0, paced: false },
                { epoch: 0, paced: false },
                { epoch: 0, paced: false },
            ]);
            expect(rates.stats().sent).to.equal(3);
            expect(limiter({ maxPerSecond: 7 }).learnedPerSecond).to.equal(7);
        });

        it("cuts to decreaseFactor times what was sent in the last second when nothing was accepted", async () => {
            const rates = limiter();
            const [first] = await take(rates, 6);
            rates.refused(first);
            expect(rates.stats()).to.include({ learnedPerSecond: 3, refused: 1, decreases: 1 });
        });

        it("cuts from what JSMS accepted in the last second when something was", async () => {
            const rates = limiter();
            const tickets = await take(rates, 6);
            tickets.slice(0, 4).forEach((ticket) => rates.succeeded(ticket));
            rates.refused(tickets[5]);
            expect(rates.learnedPerSecond).to.equal(2);
        });

        it("counts a later refusal of the same round, without cutting again", async () => {
            const rates = limiter();
            const tickets = await take(rates, 8);
            rates.refused(tickets[0]);
            rates.refused(tickets[1]);
            expect(rates.stats()).to.include({ learnedPerSecond: 4, refused: 2, decreases: 1 });
        });

        it("ignores a refusal of a request sent before the last cut, even when the vendor accepted less since", async () => {
            const rates = limiter();
            const tickets = await take(rates, 8);
            rates.refused(tickets[0]);
            expect(rates.learnedPerSecond).to.equal(4);
            rates.succeeded({ epoch: 1, paced: false });
            rates.refused(tickets[1]);
            expect(rates.stats()).to.include({ learnedPerSecond: 4, refused: 2, decreases: 1 });
            rates.refused({ epoch: 1, paced: true });
            expect(rates.stats(), "a refusal of the new round cuts from the 1 accepted").to.include({
                learnedPerSecond: 0.5,
                decreases: 2,
            });
        });

        it("never cuts below minPerSecond, and never raises the rate on a refusal", async () => {
            const floored = limiter({ decreaseFactor: 0.01 });
            floored.refused((await take(floored, 2))[0]);
            expect(floored.learnedPerSecond).to.equal(0.25);

            const slow = limiter({ maxPerSecond: 1000 });
            const tickets = await take(slow, 2);
            slow.refused(tickets[0]);
            expect(slow.learnedPerSecond).to.equal(1);
            // A new round: 1 (already lower than 3 accepted × 0.5) stays, and that is no decrease.
            for (let i = 0; i < 3; i++) slow.succeeded({ epoch: 1, paced: false });
            slow.refused({ epoch: 1, paced: true });
            expect(slow.stats()).to.include({ learnedPerSecond: 1, refused: 2, decreases: 1 });
        });

        it("grows by increasePerSecond / rate for each paced success of the current round, up to the maximum", async () => {
            const rates = limiter({ maxPerSecond: 4, increasePerSecond: 2 });
            const old = await rates.acquire();
            rates.refused(old);
            expect(rates.learnedPerSecond).to.equal(0.5);
            rates.succeeded({ epoch: 1, paced: true });
            expect(rates.learnedPerSecond, "0.5 + 2 / 0.5 is over the maximum").to.equal(4);
            const capped = limiter({ increasePerSecond: 2 });
            const tickets = await take(capped, 6);
            capped.capAt(4);
            capped.refused(tickets[0]);
            expect(capped.learnedPerSecond).to.equal(3);
            capped.succeeded({ epoch: 1, paced: true });
            expect(capped.learnedPerSecond).to.equal(3 + 2 / 3);
            capped.succeeded({ epoch: 1, paced: true });
            expect(capped.learnedPerSecond).to.equal(4);
        });

        it("does not grow on an unpaced success, one of an older round, or while unpaced", async () => {
            const rates = limiter({ maxPerSecond: 10 });
            rates.refused((await take(rates, 4))[0]);
            expect(rates.learnedPerSecond).to.equal(2);
            rates.succeeded({ epoch: 1, paced: false });
            rates.succeeded({ epoch: 0, paced: true });
            expect(rates.learnedPerSecond).to.equal(2);
            const unpaced = limiter();
            unpaced.succeeded({ epoch: 0, paced: true });
            expect(unpaced.learnedPerSecond).to.equal(Infinity);
        });

        it("forgets what was sent or accepted more than a second ago", async function () {
            const rates = limiter();
            const tickets = await take(rates, 6);
            tickets.forEach((ticket) => rates.succeeded(ticket));
            await new Promise((resolve) => setTimeout(resolve, 1100));
            const recent = await take(rates, 2);
            rates.succeeded(recent[0]);
            rates.refused(recent[1]);
            expect(rates.learnedPerSecond).to.equal(0.5);
        });

        it("lowers its maximum with capAt, never raises it", async () => {
            const rates = limiter({ maxPerSecond: 10 });
            rates.capAt(20);
            expect(rates.stats()).to.include({ learnedPerSecond: 10, maxPerSecond: 10 });
            rates.capAt(4);
            expect(rates.stats()).to.include({ learnedPerSecond: 4, maxPerSecond: 4 });
            rates.refused((await take(rates, 2))[0]);
            expect(rates.learnedPerSecond).to.equal(1);
            rates.capAt(3);
            expect(rates.stats()).to.include({ learnedPerSecond: 1, maxPerSecond: 3 });
            rates.capAt(3);
            expect(rates.stats()).to.include({ learnedPerSecond: 1, maxPerSecond: 3 });
        });

        it("counts how long JSMS has refused everything from the first refusal, and forgets it on a success", async () => {
            const rates = limiter();
            const [ticket] = await take(rates, 1);
            rates.refused(ticket);
            await new Promise((resolve) => setTimeout(resolve, 30));
            rates.refused(ticket);
            // At least 25 ms of refusals since the first one (a second refusal does not restart the count).
            expect(await rejection(rates.acquire(undefined, { maxRefusingMs: 25 }))).to.include({ reason: "refusing" });
            rates.succeeded(ticket);
            const granted = await rates.acquire(undefined, { maxRefusingMs: 0 });
            expect(granted, "not refusing any more").to.have.property("epoch");
        });
    });

    describe("waiting for a slot", () => {
        it("paces requests one interval apart, first come first served, and counts those waiting", async () => {
            const rates = limiter({ maxPerSecond: 20 });
            const first = await rates.acquire();
            expect(first.paced).to.equal(false);
            const order: string[] = [];
            const started = performance.now();
            const waits = ["a", "b", "c"].map((name) =>
                rates.acquire().then((ticket) => {
                    order.push(name);
                    return [ticket, performance.now() - started] as const;
                }),
            );
            expect(rates.stats().waiting).to.equal(3);
            const done = await Promise.all(waits);
            expect(order).to.deep.equal(["a", "b", "c"]);
            expect(done.map(([ticket]) => ticket)).to.deep.equal([
                { epoch: 0, paced: true },
                { epoch: 0, paced: true },
                { epoch: 0, paced: true },
            ]);
            // Lower bounds only: three more slots at 20/s cannot all come in less than 2 intervals after the first.
            expect(done[2][1]).to.be.at.least(2 * 50 - 5);
            expect(rates.stats()).to.include({ waiting: 0, sent: 4 });
        });

        it("keeps the order when a slot falls due before its timer runs: a newcomer queues behind those waiting", async () => {
            for (const waiting of [{ retry: false }, { retry: true }]) {
                const rates = limiter({ maxPerSecond: 50 });
                await rates.acquire();
                const order: string[] = [];
                const first = rates.acquire(undefined, waiting).then(() => order.push("waiting"));
                // Hold the event loop past the 20 ms slot, so the slot is due but the limiter's timer has not run.
                for (const until = performance.now() + 60; performance.now() < until; ) {
                    // busy
                }
                const newcomer = rates.acquire().then((ticket) => {
                    order.push("newcomer");
                    return ticket;
                });
                await Promise.all([first, newcomer]);
                expect(order, JSON.stringify(waiting)).to.deep.equal(["waiting", "newcomer"]);
            }
        });

        it("serves a waiter before its deadline or refusal limit when those are far off", async () => {
            const rates = limiter({ maxPerSecond: 20 });
            const [ticket] = await take(rates, 1);
            expect(await rates.acquire(undefined, { giveUpAt: performance.now() + 10_000 })).to.deep.equal({
                epoch: 0,
                paced: true,
            });
            rates.refused(ticket);
            expect(
                await rates.acquire(undefined, { maxRefusingMs: 10_000, giveUpAt: performance.now() + 10_000 }),
            ).to.include({ epoch: 1 });
        });

        it("leaves no listener on the caller's signal once a wait ends, served or aborted", async () => {
            const rates = limiter({ maxPerSecond: 50 });
            await rates.acquire();
            const served = new AbortController();
            await rates.acquire(served.signal);
            expect(getEventListeners(served.signal, "abort")).to.have.length(0);
            const aborted = new AbortController();
            const dropped = rejection(rates.acquire(aborted.signal));
            expect(getEventListeners(aborted.signal, "abort")).to.have.length(1);
            aborted.abort(new Error("stop"));
            await dropped;
            expect(getEventListeners(aborted.signal, "abort")).to.have.length(0);
        });

        it("lets a refused request that is sent again go before new ones", async () => {
            const rates = limiter({ maxPerSecond: 20 });
            await rates.acquire();
            const order: string[] = [];
            const fresh = rates.acquire().then(() => order.push("fresh"));
            const retry = rates.acquire(undefined, { retry: true }).then(() => order.push("retry"));
            await Promise.all([fresh, retry]);
            expect(order).to.deep.equal(["retry", "fresh"]);
        });

        it("after a refusal, makes the next request wait a whole interval from the refusal", async () => {
            const rates = limiter({ maxPerSecond: 1000, minPerSecond: 5, decreaseFactor: 0.01 });
            const [ticket] = await take(rates, 1);
            rates.refused(ticket);
            expect(rates.learnedPerSecond).to.equal(5);
            const refusedAt = performance.now();
            const next = await rates.acquire();
            expect(next).to.deep.equal({ epoch: 1, paced: true });
            expect(performance.now() - refusedAt).to.be.at.least(190);
        });

        it("refuses at once when the signal is already aborted or a limit is already reached", async () => {
            const rates = limiter({ maxPerSecond: 1 });
            const controller = new AbortController();
            controller.abort(new Error("the engine is gone"));
            expect(((await rejection(rates.acquire(controller.signal))) as Error).message).to.equal(
                "the engine is gone",
            );
            const late = await rejection(rates.acquire(undefined, { giveUpAt: performance.now() - 1 }));
            expect(late).to.be.instanceOf(RateWaitExpired);
            expect(late).to.include({
                reason: "deadline",
                name: "RateWaitExpired",
                message: "no rate slot before the deadline",
            });
            expect(rates.stats().sent, "nothing was handed out").to.equal(0);

            const [ticket] = await take(rates, 1);
            rates.refused(ticket);
            const refusing = await rejection(rates.acquire(undefined, { maxRefusingMs: 0 }));
            expect(refusing).to.include({ reason: "refusing", message: "JSMS has refused every request for too long" });
            // Without a refusal, maxRefusingMs alone never ends a wait.
            const fresh = limiter();
            expect(await fresh.acquire(undefined, { maxRefusingMs: 0 })).to.deep.equal({ epoch: 0, paced: false });
        });

        it("gives up on a queued request at its deadline while the slot is far off, and serves the rest", async () => {
            const rates = limiter({ maxPerSecond: 2 });
            await rates.acquire();
            const order: string[] = [];
            const expiring = rejection(rates.acquire(undefined, { giveUpAt: performance.now() + 50 })).then((error) => {
                order.push("expired");
                return error;
            });
            const patient = rates.acquire().then(() => order.push("served"));
            expect(await expiring).to.include({ reason: "deadline" });
            expect(rates.stats().waiting).to.equal(1);
            await patient;
            expect(order).to.deep.equal(["expired", "served"]);
        });

        it("gives up on a queued request once JSMS has refused everything for maxRefusingMs", async () => {
            const rates = limiter({ maxPerSecond: 1000, minPerSecond: 5, decreaseFactor: 0.01 });
            const [ticket] = await take(rates, 1);
            rates.refused(ticket);
            const order: string[] = [];
            const expiring = rejection(rates.acquire(undefined, { maxRefusingMs: 100 })).then((error) => {
                order.push("expired");
                return error;
            });
            const other = rates.acquire().then(() => order.push("served"));
            expect(await expiring).to.include({ reason: "refusing" });
            await other;
            expect(order).to.deep.equal(["expired", "served"]);
        });

        it("drops a queued request when its signal aborts, and serves the next one", async () => {
            const rates = limiter({ maxPerSecond: 20 });
            await rates.acquire();
            const controller = new AbortController();
            const dropped = rejection(rates.acquire(controller.signal));
            const kept = rates.acquire(undefined, { retry: true });
            const retried = new AbortController();
            const droppedRetry = rejection(rates.acquire(retried.signal, { retry: true }));
            expect(rates.stats().waiting).to.equal(3);
            controller.abort(new Error("stop"));
            retried.abort(new Error("stop retry"));
            expect(((await dropped) as Error).message).to.equal("stop");
            expect(((await droppedRetry) as Error).message).to.equal("stop retry");
            expect(rates.stats().waiting).to.equal(1);
            expect(await kept).to.deep.equal({ epoch: 0, paced: true });
            expect(rates.stats()).to.include({ waiting: 0, sent: 2 });
        });
    });
});
