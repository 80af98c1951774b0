/**
 * The control API is unauthenticated, so it answers only what cannot come from a web page the developer has open:
 * a foreign `Origin` (a cross-site request), a `Host` that is not loopback (DNS rebinding: a page whose own name now
 * resolves to 127.0.0.1) and bodies that are not JSON (the only kind a page can send without asking first) are refused.
 * Raw `node:http` requests over 127.0.0.1, since `fetch` will not set `Host`.
 */
import { expect } from "chai";
import * as http from "node:http";
import { control, useSimulator } from "./simulatorHarness";

interface RawAnswer {
    status: number;
    json: any;
}

/** Sends one request to the simulator on 127.0.0.1 with exactly these headers. */
function raw(
    port: number,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
            });
        });
        req.on("error", reject);
        req.end(body);
    });
}

describe("simulator: control API boundary (Origin, Host, JSON only)", () => {
    const simulator = useSimulator();
    const host = () => `127.0.0.1:${simulator().port}`;
    /** The injected latency now (an empty PUT changes nothing): 0 unless a refused write got through. */
    const latency = async () => {
        const answer = await control(simulator(), "PUT", "/_sim/faults", {});
        return answer.json.latencyMs as number;
    };

    it("refuses a Host that is not loopback (DNS rebinding), reads and writes alike", async () => {
        const port = simulator().port;
        for (const rebound of [
            `attacker.example:${port}`,
            "attacker.example",
            `192.168.1.5:${port}`,
            `localhost.attacker.example:${port}`,
        ]) {
            const read = await raw(port, "GET", "/_sim/state", { Host: rebound });
            expect(read.status, rebound).to.equal(403);
            expect(read.json.error.message).to.contain("Host");
            expect(read.json).not.to.have.property("templates");
            const write = await raw(
                port,
                "PUT",
                "/_sim/faults",
                { Host: rebound, "Content-Type": "application/json" },
                '{"latencyMs": 900}',
            );
            expect(write.status, rebound).to.equal(403);
        }
        // Node's server itself answers an HTTP/1.1 request without Host with 400.
        expect((await raw(port, "GET", "/_sim/state", {})).status, "no Host at all").to.be.oneOf([400, 403]);
        expect(
            (await raw(port, "GET", "/_sim/state", { Host: `attacker.example@127.0.0.1:${port}` })).status,
            "userinfo in Host",
        ).to.equal(403);
        expect(await latency()).to.equal(0);
    });

    it("answers a loopback Host: 127.x, localhost and [::1], with or without the port", async () => {
        const port = simulator().port;
        for (const name of [
            host(),
            "127.0.0.1",
            `localhost:${port}`,
            "LOCALHOST",
            `[::1]:${port}`,
            `127.1.2.3:${port}`,
        ]) {
            expect((await raw(port, "GET", "/_sim/state", { Host: name })).status, name).to.equal(200);
        }
    });

    it("refuses a foreign Origin, a sandboxed page's null Origin included", async () => {
        const port = simulator().port;
        for (const origin of [
            "https://attacker.example",
            `http://attacker.example:${port}`,
            "null",
            "http://192.168.1.5",
        ]) {
            const reset = await raw(port, "POST", "/_sim/reset", { Host: host(), Origin: origin });
            expect(reset.status, origin).to.equal(403);
            expect(reset.json.error.message).to.contain("Origin");
            const read = await raw(port, "GET", "/_sim/state", { Host: host(), Origin: origin });
            expect(read.status, origin).to.equal(403);
            const write = await raw(
                port,
                "PUT",
                "/_sim/faults",
                { Host: host(), Origin: origin, "Content-Type": "application/json" },
                '{"latencyMs": 900}',
            );
            expect(write.status, origin).to.equal(403);
        }
        expect(await latency()).to.equal(0);
        for (const origin of [`http://127.0.0.1:${port}`, "http://localhost:3000", `http://[::1]:${port}`]) {
            expect((await raw(port, "GET", "/_sim/state", { Host: host(), Origin: origin })).status, origin).to.equal(
                200,
            );
        }
    });

    it("refuses bodies that are not JSON by their Content-Type, even when the text is JSON", async () => {
        const port = simulator().port;
        for (const type of [
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            undefined,
        ]) {
            const headers: Record<string, string> = { Host: host(), ...(type ? { "Content-Type": type } : {}) };
            const answer = await raw(port, "PUT", "/_sim/faults", headers, '{"latencyMs": 900}');
            expect(answer.status, String(type)).to.equal(415);
            expect(answer.json.error.message).to.contain("application/json");
            // A body-less control call with a page's content type is refused as well: only JSON or nothing.
            if (type) {
                expect(
                    (await raw(port, "POST", "/_sim/reset", { Host: host(), "Content-Type": type })).status,
                    `reset ${type}`,
                ).to.equal(415);
            }
        }
        expect(await latency()).to.equal(0);
        const json = await raw(
            port,
            "PUT",
            "/_sim/faults",
            { Host: host(), "Content-Type": "application/json; charset=utf-8" },
            '{"latencyMs": 5}',
        );
        expect(json.status).to.equal(200);
        expect(json.json.latencyMs).to.equal(5);
        expect(
            (await raw(port, "POST", "/_sim/reset", { Host: host() })).status,
            "a body-less call without Content-Type",
        ).to.equal(200);
    });
});
