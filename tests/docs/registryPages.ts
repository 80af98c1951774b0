/**
 * The Pulumi Registry pages (docs/_index.md, docs/installation-configuration.md) as the tests read them: front
 * matter, fenced code blocks with what kind of block each is, the placeholders a reader replaces, and the settings
 * table derived from the code.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CONFIG } from "../../provider/schema/configTable";
import { packageRoot } from "../../plugin/schemaDocument";
import { envName, readSettings } from "../../provider/settings";

/** The checkout (the tests run from dist/). */
export const ROOT = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

/** The Registry's two pages, by repository path. */
export const OVERVIEW = "docs/_index.md";
export const INSTALLATION = "docs/installation-configuration.md";

/**
 * What a code block is, which decides how the tests use it: a program (per language), a shell block by its first
 * command, an ESC environment, a stack settings file importing one.
 */
export type BlockKind =
    | "typescript-program"
    | "python-program"
    | "go-program"
    | "yaml-program"
    | "package-install"
    | "plugin-install"
    | "config-set"
    | "environment-variables"
    | "esc-environment"
    | "stack-environment-import";

/** One fenced code block of a page. */
export interface CodeBlock {
    page: string;
    /** 1-based line of the opening fence. */
    line: number;
    language: string;
    text: string;
    /** Undefined when the tests have no way to run or check it (a test fails on it). */
    kind?: BlockKind;
}

/** A page's text. */
export function readPage(page: string): string {
    return fs.readFileSync(path.join(ROOT, page), "utf8");
}

/** The YAML front matter between the first two `---` lines. */
export function frontMatter(text: string): Record<string, unknown> {
    const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
    if (!match) {
        throw new Error("no front matter");
    }
    return yaml.load(match[1]) as Record<string, unknown>;
}

function classify(language: string, text: string): BlockKind | undefined {
    const first = text.trimStart().split("\n")[0];
    switch (language) {
        case "typescript":
            return "typescript-program";
        case "python":
            return "python-program";
        case "go":
            return "go-program";
        case "yaml": {
            const doc = yaml.load(text) as Record<string, unknown>;
            if (doc && typeof doc === "object" && "runtime" in doc) return "yaml-program";
            if (doc && typeof doc === "object" && "values" in doc) return "esc-environment";
            if (doc && typeof doc === "object" && "environment" in doc) return "stack-environment-import";
            return undefined;
        }
        case "sh":
            if (/^(npm install|pip install|go get) /.test(first)) return "package-install";
            if (first.startsWith("pulumi plugin install ")) return "plugin-install";
            if (first.startsWith("pulumi config set ")) return "config-set";
            if (first.startsWith("export JSMS_")) return "environment-variables";
            return undefined;
        default:
            return undefined;
    }
}

/** Every fenced code block of a page, in order. */
export function codeBlocks(page: string): CodeBlock[] {
    const lines = readPage(page).split("\n");
    const blocks: CodeBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^```(\S*)\s*$/.exec(lines[i]);
        if (!open) continue;
        const end = lines.findIndex((l, j) => j > i && l === "```");
        if (end < 0) {
            throw new Error(`${page}:${i + 1}: a code block that never closes`);
        }
        const text = `${lines.slice(i + 1, end).join("\n")}\n`;
        blocks.push({ page, line: i + 1, language: open[1], text, kind: classify(open[1], text) });
        i = end;
    }
    return blocks;
}

/** The placeholders the pages use, which a reader (and a test) replaces with real values. */
export type Placeholders = Partial<
    Record<"<version>" | "<app key>" | "<master secret>" | "<sha256 from checksums.txt>", string>
>;

/** A block's text with its placeholders replaced; throws on a placeholder left over. */
export function fillPlaceholders(text: string, values: Placeholders): string {
    let filled = text;
    for (const [name, value] of Object.entries(values)) filled = filled.split(name).join(value);
    const left = /<[a-z0-9][a-z0-9 .]*>/.exec(filled);
    if (left) {
        throw new Error(`placeholder ${left[0]} has no value in the test`);
    }
    return filled;
}

/** The environment variable of each setting: the one readSettings really reads for it, or none. */
export function settingsEnvironment(): Record<string, string | undefined> {
    const read = new Set<string>();
    const env = new Proxy({} as NodeJS.ProcessEnv, {
        get: (_t, name) => {
            if (typeof name === "string") read.add(name);
            return undefined;
        },
    });
    readSettings({ get: () => undefined }, env);
    return Object.fromEntries(
        Object.keys(CONFIG).map((key) => [key, read.has(envName(key)) ? envName(key) : undefined]),
    );
}

/** The cells of a Markdown table row, trimmed (the formatter pads them to the column's width). */
export function tableCells(row: string): string[] {
    return row
        .replace(/^\|/, "")
        .replace(/\|\s*$/, "")
        .split("|")
        .map((cell) => cell.trim());
}

/** The settings table installation-configuration.md must hold: one row per `jsms:*` key, from the code. */
export function settingsTableRows(): string[][] {
    const env = settingsEnvironment();
    return Object.entries(CONFIG).map(([key, field]) => [
        `\`jsms:${key}\``,
        env[key] ? `\`${env[key]}\`` : "none",
        field.secret ? "yes" : "no",
        field.description,
    ]);
}
