/**
 * What a Pulumi program loads with `require("pulumi-jsms")`: the resource classes, without the HTTP client, which
 * only the provider process and the balance functions need; and what the provider process loads for each operation:
 * a preview's check and diff no HTTP client and no zod, a refresh the client, which brings no package but its
 * backoff (docs/performance.md). Checked in a fresh Node.js process, since this one has loaded everything already.
 */
import { expect } from "chai";
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { startSimulator } from "../../simulator";
import { JsmsClient } from "../../provider/client/jsmsClient";

describe("what a program loads", () => {
    it("loads neither zod, undici nor form-data with the package, until a balance is read", () => {
        const entry = path.join(__dirname, "..", "..", "provider", "index.js");
        const script = `require(${JSON.stringify(entry)});
const loaded = Object.keys(require.cache).map((f) => f.split("/node_modules/").pop().split("/")[0]);
process.stdout.write(JSON.stringify([...new Set(loaded)]));`;
        const packages: string[] = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
        expect(packages, "the SDK is loaded: the check sees the program's modules").to.include("@pulumi");
        expect(packages).not.to.include.members(["zod"]);
        expect(packages).not.to.include.members(["undici"]);
        expect(packages).not.to.include.members(["form-data"]);
    });

    describe("the provider process", () => {
        const runtime = path.join(__dirname, "..", "..", "provider", "runtime.js");
        const app = { appKey: "loadapp00000000000000001", masterSecret: "loadsecret000000000001" };
        const template = { template: "验证码：{{code}}", type: 1, ttl: 60, remark: "登录" };
        let dir: string;

        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-provider-load-"));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        /**
         * Runs `body` in a fresh Node.js process on a runtime attached as the engine's provider process attaches it,
         * and returns the packages loaded beyond those `@pulumi/pulumi` loads (the provider host loads it first).
         */
        async function packagesLoadedBy(endpoint: string, body: string): Promise<string[]> {
            const config = {
                "jsms:endpoint": endpoint,
                "jsms:appKey": app.appKey,
                "jsms:masterSecret": app.masterSecret,
                "jsms:journalDir": dir,
            };
            const script = `const packages = () => new Set(Object.keys(require.cache).map((f) => f.split("/node_modules/").pop().split("/")[0]));
require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});
const host = packages();
const methods = require(${JSON.stringify(runtime)}).attach("template", { get: (key) => (${JSON.stringify(config)})[key] });
(async () => {
${body}
process.stdout.write(JSON.stringify([...packages()].filter((p) => p && !host.has(p) && !p.startsWith("/")).sort()));
process.exit(0);
})().catch((error) => { console.error(error); process.exit(1); });`;
            const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
                encoding: "utf8",
            });
            return JSON.parse(stdout);
        }

        it("loads neither an HTTP client nor zod for a preview's check and diff", async () => {
            const packages = await packagesLoadedBy(
                "http://127.0.0.1:9",
                `const { inputs } = await methods.check({}, ${JSON.stringify(template)});
await methods.diff("1", { ...inputs, templateId: 1, status: "approved" }, inputs);`,
            );
            expect(packages).not.to.include("undici");
            expect(packages).not.to.include("zod");
        });

        it("loads the client and neither an HTTP nor a schema library for a refresh's read and a destroy's delete", async () => {
            const sim = await startSimulator({ apps: [app] });
            const client = new JsmsClient({ endpoint: sim.url, ...app });
            try {
                // JSMS takes templates only once the app has a signature
                await client.createSignature({ sign: "载入测试" });
                const packages = await packagesLoadedBy(
                    sim.url,
                    `const { inputs } = await methods.check({}, ${JSON.stringify(template)});
const created = await methods.create(inputs);
const read = await methods.read(created.id, created.outs);
if (read.id !== created.id) throw new Error("the read lost the template");
await methods.delete(created.id, read.props);`,
                );
                expect(packages).to.deep.equal(["exponential-backoff"]);
            } finally {
                await client.close();
                await sim.close();
            }
        });
    });
});
