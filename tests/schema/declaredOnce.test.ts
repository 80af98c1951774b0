/**
 * Facts the table and the codes module declare are written nowhere else: outside generated files and tests, each
 * type token appears at most once, and no JSMS return code is a bare number (provider/client/returnCodes.ts names
 * them). Comments may cite codes; code and string literals may not.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { packageRoot } from "../../plugin/schemaDocument";
import { TYPE_TOKENS } from "../../provider/schema/typeTokens";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

/** The folders of hand-written source the rules cover. */
const SOURCE_DIRS = [
    "provider",
    "plugin",
    "copyreview",
    "simulator",
    "reviewhook",
    "httpserver",
    "commandline",
    "bench",
    "scripts",
];
const CODES_MODULE = path.join("provider", "client", "returnCodes.ts");

function sourceFiles(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            const rel = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "generated" && entry.name !== "node_modules") walk(rel);
            } else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
                found.push(rel);
            }
        }
    };
    SOURCE_DIRS.forEach(walk);
    return found;
}

/** The numeric and string literals of a source file (comments are not literals), with their lines. */
function literals(file: string): { text: string; line: number }[] {
    const source = ts.createSourceFile(
        file,
        fs.readFileSync(path.join(root, file), "utf8"),
        ts.ScriptTarget.Latest,
        true,
    );
    const found: { text: string; line: number }[] = [];
    const visit = (node: ts.Node) => {
        if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
            found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

describe("declared once", () => {
    const files = sourceFiles();

    it("covers the source tree", () => {
        expect(files).to.include(CODES_MODULE);
        expect(files.length).to.be.greaterThan(100);
    });

    it("no JSMS return code is written as a bare number outside provider/client/returnCodes.ts", () => {
        const bare = files
            .filter((file) => file !== CODES_MODULE)
            .flatMap((file) =>
                literals(file)
                    .filter((literal) => /^5[01]\d{3}$/.test(literal.text.replace(/_/g, "")))
                    .map((literal) => `${file}:${literal.line} ${literal.text}`),
            );
        expect(bare, "use JsmsCode from provider/client/returnCodes.ts").to.deep.equal([]);
    });

    it("each type token is written at most once (the table composes them)", () => {
        const tokens = Object.values(TYPE_TOKENS).flatMap((kind) => Object.values(kind));
        expect(tokens).to.have.length(4);
        for (const token of tokens) {
            const places = files.filter((file) => fs.readFileSync(path.join(root, file), "utf8").includes(token));
            expect(places.length, `${token} in ${places.join(", ")}`).to.be.at.most(1);
        }
    });
});
