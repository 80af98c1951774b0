/**
 * What a Pulumi program loads with `require("pulumi-jsms")`: the resource classes, without the HTTP client and the
 * zod schemas, which only the provider process and the balance functions need (docs/performance.md). Checked in a
 * fresh Node.js process, since this one has loaded everything already.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";

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
});
