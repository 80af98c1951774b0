/**
 * The client's kept connections (client/transport.ts): reused between calls, and closed before the server's
 * advertised keep-alive timeout ends, so no request is written into a connection the server is closing (for a
 * create, that would leave "it may have been created" instead of an answer).
 */
import { expect } from "chai";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { JsmsClient } from "../../provider/client/jsmsClient";
import { fastClient } from "./clientFixtures";

/** A server answering every request with a balance, counting the connections it accepted. */
async function balanceServer(
    keepAliveTimeoutMs: number,
): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
    let connections = 0;
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ dev_balance: 3 }));
        });
    });
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: () => connections,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("client/connections", () => {
    let client: JsmsClient | undefined;
    let server: Awaited<ReturnType<typeof balanceServer>> | undefined;

    afterEach(async () => {
        await client?.close();
        await server?.close();
        client = server = undefined;
    });

    it("reuses a connection between calls", async () => {
        server = await balanceServer(5_000);
        client = fastClient(server.url);
        await client.getDevBalance();
        await pause(100);
        await client.getDevBalance();
        expect(server.connections()).to.equal(1);
    });

    it("does not reuse a connection the server said it would close by then (Keep-Alive: timeout=2)", async () => {
        server = await balanceServer(2_000);
        client = fastClient(server.url);
        await client.getDevBalance();
        // A second before the server's 2 s: the client has let the connection go, the server has not yet.
        await pause(1_300);
        await client.getDevBalance();
        expect(server.connections()).to.equal(2);
    });
});
