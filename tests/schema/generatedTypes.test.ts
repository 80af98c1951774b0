/**
 * The files generated from the table (provider/schema/typesCodegen.ts): what the table says now, and committed as such.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_HEADER, generatedFiles } from "../../provider/schema/typesCodegen";
import { packageRoot } from "../../plugin/schemaDocument";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

describe("generated types (provider/schema/typesCodegen.ts)", () => {
    const files = generatedFiles();

    it("each says in its first line that it is generated", () => {
        expect(files.map((f) => f.path).sort()).to.deep.equal([
            "provider/dynamic/generated/enums.ts",
            "provider/dynamic/generated/providerArgs.ts",
            "provider/dynamic/generated/resourceTypes.ts",
            "provider/schema/generated/kindTypes.ts",
        ]);
        for (const file of files) {
            expect(file.text.split("\n")[0], file.path).to.equal(GENERATED_HEADER);
        }
    });

    for (const file of files) {
        it(`${file.path} is what the table generates (npm run build rewrites it)`, () => {
            expect(fs.readFileSync(path.join(root, file.path), "utf8")).to.equal(file.text);
        });
    }

    it("are committed as generated (commit them after npm run build)", () => {
        // The build rewrites them, so a stale committed file shows as a change in the work tree, or as untracked.
        const status = execFileSync("git", ["status", "--porcelain", "--", ...files.map((f) => f.path)], {
            cwd: root,
            encoding: "utf8",
        });
        expect(status, "generated files differ from the commit").to.equal("");
    });
});
