/**
 * The provider's line to the engine, against a tiny gRPC engine on 127.0.0.1 that serves `pulumirpc.Engine/Log`
 * (and, unless told not to, the gRPC health service), started and stopped by each test; and the JSMS client dropping
 * queued requests once that engine is gone, against the simulator.
 */
import { expect } from "chai";
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";
import { startSimulator } from "../../simulator";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { JsmsError } from "../../provider/client/jsmsError";
import {
    dynamicProviderScript,
    EngineConnection,
    EngineGoneError,
    isDynamicProviderProcess,
} from "../../provider/engineConnection";

// The same gRPC copy the engine protocol of @pulumi/pulumi is generated against.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof grpcTypes = pulumiRequire("@grpc/grpc-js");
const engineRpc = pulumiRequire("./proto/engine_grpc_pb");

/** A log line as the fake engine received it. */
interface ReceivedLog {
    severity: number;
    message: string;
    urn: string;
    ephemeral: boolean;
}

/** A fake engine: its address, the lines it received, and how to stop it (as a killed CLI would). */
interface FakeEngine {
    address: string;
    logs: ReceivedLog[];
    healthChecks: number;
    stop(): void;
}

async function startEngine(withHealth = true): Promise<FakeEngine> {
    const server = new grpc.Server();
    const engine: FakeEngine = { address: "", logs: [], healthChecks: 0, stop: () => server.forceShutdown() };
    server.addService(engineRpc.EngineService, {
        log(call: { request: { toObject(): ReceivedLog } }, callback: (error: null, reply: unknown) => void) {
            engine.logs.push(call.request.toObject());
            callback(null, new (pulumiRequire("google-protobuf/google/protobuf/empty_pb").Empty)());
        },
    });
    if (withHealth) {
        const health = {
            check: {
                path: "/grpc.health.v1.Health/Check",
                requestStream: false,
                responseStream: false,
                requestSerialize: (value: Buffer) => value,
                requestDeserialize: (bytes: Buffer) => bytes,
                // HealthCheckResponse { status: SERVING (1) }: field 1, varint.
                responseSerialize: (value: Buffer) => value,
                responseDeserialize: (bytes: Buffer) => bytes,
            },
        };
        server.addService(health, {
            check(_call: unknown, callback: (error: null, reply: Buffer) => void) {
                engine.healthChecks++;
                callback(null, Buffer.from([0x08, 0x01]));
            },
        });
    }
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    engine.address = `127.0.0.1:${port}`;
    return engine;
}

// Checks often, but gives each one 3 s: a live engine on a busy machine must never look gone. A stopped one refuses
// the connection at once, so the timeout does not slow down finding it gone.
const FAST = { healthCheckIntervalMs: 100, healthCheckTimeoutMs: 3000, failuresBeforeGone: 2 };

/** Resolves once `signal` aborts, or after `ms` (then with false). */
function abortedWithin(signal: AbortSignal, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
        if (signal.aborted) return resolve(true);
        const timer = setTimeout(() => resolve(false), ms);
        signal.addEventListener(
            "abort",
            () => {
                clearTimeout(timer);
                resolve(true);
            },
            { once: true },
        );
    });
}

describe("provider/engineConnection", function () {
    this.timeout(15_000);
    const cleanup: Array<() => unknown> = [];
    afterEach(async () => {
        for (const step of cleanup.splice(0).reverse()) await step();
    });

    async function engineAndConnection(
        withHealth = true,
    ): Promise<{ engine: FakeEngine; connection: EngineConnection }> {
        const engine = await startEngine(withHealth);
        cleanup.push(() => engine.stop());
        const connection = new EngineConnection(engine.address, FAST);
        cleanup.push(() => connection.close());
        return { engine, connection };
    }

    it("puts info and warning lines into the engine's log, global or for a resource", async () => {
        const { engine, connection } = await engineAndConnection();
        expect(await connection.info("waiting for the JSMS rate limit (learned ≈ 9.5 req/s)")).to.equal(true);
        expect(
            await connection.warn("template t1 may exist", "urn:pulumi:dev::p::jsms:index:SmsTemplate::t1"),
        ).to.equal(true);
        expect(await connection.log("info", "progress", { ephemeral: true })).to.equal(true);
        expect(engine.logs).to.deep.equal([
            {
                severity: 1,
                message: "waiting for the JSMS rate limit (learned ≈ 9.5 req/s)",
                urn: "",
                ephemeral: false,
                streamid: 0,
            },
            {
                severity: 2,
                message: "template t1 may exist",
                urn: "urn:pulumi:dev::p::jsms:index:SmsTemplate::t1",
                ephemeral: false,
                streamid: 0,
            },
            { severity: 1, message: "progress", urn: "", ephemeral: true, streamid: 0 },
        ]);
    });

    it("keeps its signal quiet while the engine answers, health service or not", async () => {
        for (const withHealth of [true, false]) {
            const { engine, connection } = await engineAndConnection(withHealth);
            expect(await abortedWithin(connection.signal, 700), `health service: ${withHealth}`).to.equal(false);
            if (withHealth) expect(engine.healthChecks).to.be.at.least(3);
        }
    });

    it("aborts its signal within a few checks once the engine is gone, and logs nothing after", async () => {
        const { engine, connection } = await engineAndConnection();
        expect(await abortedWithin(connection.signal, 300)).to.equal(false);
        engine.stop();
        // Nominally 2 checks 0.1 s apart; the generous deadline only tells "soon" from "never".
        expect(await abortedWithin(connection.signal, 10_000)).to.equal(true);
        expect(connection.signal.reason).to.be.instanceOf(EngineGoneError);
        expect(connection.signal.reason.message)
            .to.contain(`the Pulumi engine at ${engine.address} is gone`)
            .and.to.contain("pulumi cancel");
        expect(await connection.info("too late")).to.equal(false);
    });

    it("makes the JSMS client drop requests queued on the rate limit once the engine is gone", async () => {
        const { engine, connection } = await engineAndConnection();
        const app = { appKey: "engineapp000000000000001", masterSecret: "enginesecret0000000001" };
        const sim = await startSimulator({ apps: [app] });
        cleanup.push(() => sim.close());
        const client = new JsmsClient({
            endpoint: sim.url,
            ...app,
            maxRequestsPerSecond: 2,
            signal: connection.signal,
        });
        cleanup.push(() => client.close());
        const calls = Array.from({ length: 20 }, () =>
            client.getAppBalance().then(
                () => "sent",
                (error: unknown) => error,
            ),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        engine.stop();
        const outcomes = await Promise.all(calls);
        const requests = async () => ((await (await fetch(`${sim.url}/_sim/requests`)).json()) as unknown[]).length;
        const sent = await requests();
        expect(outcomes.filter((o) => o === "sent")).to.have.length(sent);
        // Sent at 2 req/s until the engine was found gone (nominally about 0.3 + 2 × 0.1 s): a handful. The bound is a
        // ratio that a busy machine keeps: at least half of the 20 (10 s of sending at 2 req/s) are dropped.
        expect(sent).to.be.within(1, 10);
        for (const dropped of outcomes.filter((o) => o !== "sent")) {
            expect(dropped).to.be.instanceOf(JsmsError);
            expect((dropped as JsmsError).failure).to.equal("aborted");
            expect((dropped as JsmsError).message)
                .to.contain("was not sent: the Pulumi engine at")
                .and.to.contain("is gone");
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(await requests()).to.equal(sent);
    });

    it("recognises the dynamic provider process by its script and engine address", () => {
        expect(isDynamicProviderProcess([process.execPath, dynamicProviderScript(), "127.0.0.1:43123"])).to.equal(true);
        expect(
            isDynamicProviderProcess([
                process.execPath,
                dynamicProviderScript().replace(/[\\/]index\.js$/, ""),
                "127.0.0.1:1",
            ]),
        ).to.equal(true);
        expect(isDynamicProviderProcess([process.execPath, dynamicProviderScript()])).to.equal(false);
        expect(isDynamicProviderProcess([process.execPath, "/app/index.js", "127.0.0.1:43123"])).to.equal(false);
        expect(isDynamicProviderProcess(process.argv)).to.equal(false);
    });
});
