// The suites run on a supported Node, and the `node` that Pulumi's language host and the dynamic provider start
// (the first on PATH) is the same one: what the tests prove holds for the runtimes the package supports.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const SUPPORTED_LINES = [22, 24];

describe("the Node.js runtime under test", function () {
    it("is a supported LTS line, and the same as the node on PATH", function () {
        const major = Number(process.versions.node.split(".")[0]);
        expect(SUPPORTED_LINES, `running on ${process.version}`).to.include(major);
        const onPath = spawnSync("node", ["--version"], { encoding: "utf8" }).stdout.trim();
        expect(onPath).to.equal(process.version);
    });

    it("is what package.json's engines field admits", function () {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
        const floor = Number(/^>=(\d+)/.exec(manifest.engines.node)?.[1]);
        expect(floor).to.equal(Math.min(...SUPPORTED_LINES));
    });
});
