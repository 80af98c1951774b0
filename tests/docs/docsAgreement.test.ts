/**
 * The docs against the code they describe, so they cannot drift silently: config keys, paths, npm scripts, tests.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CONFIG } from "../../provider/schema/configTable";
import { packageRoot } from "../../plugin/schemaDocument";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
const docs = [
    "README.md",
    ...fs
        .readdirSync(path.join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];

/** Every file of the repository by its base name (sources, docs, scripts), for names given without their folder. */
function baseNames(): Set<string> {
    const names = new Set<string>();
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) {
                continue;
            }
            names.add(entry.isDirectory() ? `${entry.name}/` : entry.name);
            if (entry.isDirectory()) {
                walk(path.join(dir, entry.name));
            }
        }
    };
    walk(root);
    return names;
}

/** The repository paths a doc names: `a/b.ts`, `a/b/`, bare `b.ts`, and its relative Markdown links. */
function namedPaths(text: string): string[] {
    const files = text.match(/(?<![\w./:-])(?:[\w.-]+\/)*[\w-]+\.(?:ts|js|md|sh|json|go)(?![\w/])/g) ?? [];
    const folders = [...text.matchAll(/`((?:[\w.-]+\/)+)`/g)].map((m) => m[1]);
    return [...new Set([...files, ...folders])];
}

describe("docs", () => {
    for (const doc of ["docs/plugin.md", "README.md"]) {
        it(`${doc} names every config key of the schema`, () => {
            const text = read(doc);
            const missing = Object.keys(CONFIG).filter((key) => !text.includes(`jsms:${key}`));
            expect(missing, `config keys ${doc} does not mention`).to.deep.equal([]);
        });
    }

    it("docs/architecture.md names only paths that exist", () => {
        const names = baseNames();
        const missing = namedPaths(read("docs/architecture.md")).filter((named) => {
            const candidates = [named, `provider/${named}`, `docs/${named}`];
            if (candidates.some((c) => fs.existsSync(path.join(root, c)))) {
                return false;
            }
            // A bare name (the tables name files beside the one before them) must exist somewhere.
            return named.replace(/\/$/, "").includes("/") || !names.has(named);
        });
        expect(missing, "paths in docs/architecture.md that do not exist").to.deep.equal([]);
    });

    it("docs/architecture.md's Tests section names every test folder", () => {
        const text = read("docs/architecture.md");
        const tests = text.slice(text.indexOf("## Tests"));
        const folders = fs
            .readdirSync(path.join(root, "tests"), { withFileTypes: true })
            .filter((e) => e.isDirectory());
        const missing = folders.map((e) => `${e.name}/`).filter((name) => !tests.includes(`\`${name}\``));
        expect(missing, "test folders the Tests section does not name").to.deep.equal([]);
    });

    it("every `npm run X` the docs name is a script of package.json", () => {
        const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
        const named = docs.flatMap((doc) =>
            [...read(doc).matchAll(/npm run ([\w:-]+)/g)].map((m) => `${doc}: ${m[1]}`),
        );
        expect(named.length, "the docs name npm scripts").to.be.greaterThan(3);
        expect(named.filter((entry) => !scripts.includes(entry.split(": ")[1]))).to.deep.equal([]);
    });
});
