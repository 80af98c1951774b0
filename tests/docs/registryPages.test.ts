/**
 * The Pulumi Registry pages against the code, with no CLI: the front matter the Registry reads, one example per
 * language, a way to run or check every code block (tests/docs/registryPageBlocks.test.ts runs them), the settings
 * table against what the settings reader reads, and the ESC environment's keys.
 */
import { expect } from "chai";
import * as yaml from "js-yaml";
import { CONFIG } from "../../provider/schema/configTable";
import {
    codeBlocks,
    fillPlaceholders,
    frontMatter,
    INSTALLATION,
    OVERVIEW,
    readPage,
    settingsEnvironment,
    settingsTableRows,
    tableCells,
} from "./registryPages";

describe("docs: the Pulumi Registry pages", () => {
    for (const page of [OVERVIEW, INSTALLATION]) {
        it(`${page} has the front matter the Registry reads: title, meta_desc, layout package`, () => {
            const front = frontMatter(readPage(page));
            expect(front).to.include({ layout: "package" });
            expect(front.title).to.be.a("string").and.not.equal("");
            expect(front.meta_desc)
                .to.be.a("string")
                .and.match(/^\S.{20,}\.$/);
        });

        it(`${page}: every code block is one the tests run or check`, () => {
            const unknown = codeBlocks(page).filter((b) => b.kind === undefined);
            expect(unknown.map((b) => `${b.page}:${b.line} (${b.language || "no language"})`)).to.deep.equal([]);
        });
    }

    it("the overview shows the same program once in TypeScript, Python, Go and YAML, in the chooser's order", () => {
        const kinds = codeBlocks(OVERVIEW).map((b) => b.kind);
        expect(kinds).to.deep.equal(["typescript-program", "python-program", "go-program", "yaml-program"]);
        expect(readPage(OVERVIEW)).to.contain('{{< chooser language "typescript,python,go,yaml" >}}');
        // The same program: each declares the signature and the template under the same names, and the balance.
        for (const block of codeBlocks(OVERVIEW)) {
            expect(block.text, block.language)
                .to.match(/\bbrand\b/)
                .and.match(/\blogin-code\b/);
            expect(block.text, block.language).to.match(/[Bb]alance/);
            for (const output of ["signId", "templateId", "reviewStatus", "messagesLeft"]) {
                expect(block.text, `${block.language} exports ${output}`).to.contain(output);
            }
        }
    });

    it("the settings table has one row per jsms:* key with its environment variable, secrecy and description", () => {
        const rows = readPage(INSTALLATION)
            .split("\n")
            .filter((l) => l.startsWith("| `jsms:"))
            .map(tableCells);
        const expected = settingsTableRows();
        expect(rows, `the table of ${INSTALLATION} (regenerate it from these rows)`).to.deep.equal(expected);
        expect(rows).to.have.length(Object.keys(CONFIG).length);
    });

    it("the settings table would notice a setting the reader stops reading from the environment", () => {
        const env = settingsEnvironment();
        expect(env).to.include({ appKey: "JSMS_APP_KEY", masterSecret: "JSMS_MASTER_SECRET", apps: undefined });
        expect(Object.values(env).filter(Boolean)).to.have.length(Object.keys(CONFIG).length - 1);
    });

    it("the environment-variable block names real variables, the config block real keys (secrets with --secret)", () => {
        const env = Object.values(settingsEnvironment());
        const blocks = codeBlocks(INSTALLATION);
        for (const block of blocks.filter((b) => b.kind === "environment-variables")) {
            for (const line of block.text.trim().split("\n")) {
                const name = /^export (JSMS_[A-Z_]+)=\S+$/.exec(line)?.[1];
                expect(env, line).to.include(name);
            }
        }
        for (const block of blocks.filter((b) => b.kind === "config-set")) {
            for (const line of block.text.trim().split("\n")) {
                const m = /^pulumi config set (--secret )?jsms:(\w+) \S+/.exec(line);
                expect(m, line).to.not.equal(null);
                expect(CONFIG, line).to.have.property(m![2]);
                expect(Boolean(m![1]), `${line}: --secret exactly for secrets`).to.equal(CONFIG[m![2]].secret === true);
            }
        }
    });

    it("the ESC environment sets real jsms:* keys under pulumiConfig, each secret through fn::secret", () => {
        const esc = codeBlocks(INSTALLATION).filter((b) => b.kind === "esc-environment");
        expect(esc).to.have.length(1);
        const doc = yaml.load(fillPlaceholders(esc[0].text, { "<app key>": "k", "<master secret>": "s" })) as {
            values: { pulumiConfig: Record<string, unknown> };
        };
        expect(Object.keys(doc)).to.deep.equal(["values"]);
        const config = doc.values.pulumiConfig;
        expect(Object.keys(config)).to.include.members(["jsms:appKey", "jsms:masterSecret"]);
        for (const [key, value] of Object.entries(config)) {
            const name = key.replace(/^jsms:/, "");
            expect(CONFIG, key).to.have.property(name);
            const secret = typeof value === "object" && value !== null && "fn::secret" in value;
            expect(secret, `${key}: fn::secret exactly for secrets`).to.equal(CONFIG[name].secret === true);
        }
        const imports = codeBlocks(INSTALLATION).filter((b) => b.kind === "stack-environment-import");
        expect(imports).to.have.length(1);
        const stack = yaml.load(imports[0].text) as { environment: unknown };
        expect(Object.keys(stack as object)).to.deep.equal(["environment"]);
        expect(stack.environment).to.be.an("array").that.is.not.empty;
        for (const name of stack.environment as unknown[])
            expect(name)
                .to.be.a("string")
                .and.match(/^[\w./-]+$/);
    });

    it("a placeholder the test cannot fill fails the page's run", () => {
        expect(() => fillPlaceholders("pulumi config set jsms:endpoint <endpoint>", {})).to.throw(/<endpoint>/);
        expect(fillPlaceholders("x <app key>", { "<app key>": "abc" })).to.equal("x abc");
    });
});
