import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { MIN_NODE_MAJOR, unsupportedNode } from "../../plugin/nodeVersion";

describe("plugin/nodeVersion: the plugin's own Node check", () => {
    it("refuses a Node older than the supported lines, naming both", () => {
        expect(unsupportedNode("20.20.2")).to.equal(
            "pulumi-resource-jsms needs Node.js 22 or later on PATH; the node found is v20.20.2",
        );
        expect(unsupportedNode("21.7.3")).to.be.a("string");
    });

    it("accepts 22 and later", () => {
        for (const v of ["22.0.0", "22.23.5", "24.22.3", "26.1.0"]) {
            expect(unsupportedNode(v), v).to.equal(undefined);
        }
    });

    it("agrees with package.json's engines", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
        expect(manifest.engines.node).to.equal(`>=${MIN_NODE_MAJOR}`);
    });
});
