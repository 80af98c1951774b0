/**
 * A program's settings, each declared once as one entry: its rule, its default, and where it may come from (a
 * command-line flag, an environment variable, the config file). From the entries come the command line (node:util
 * parseArgs underneath), the environment's values, the config file's schema, the options' schema and the --help
 * text; `runCommand` gives every shipped command the same --help, --version and usage errors (exit 2).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

/** One setting of a program. */
export interface Setting {
    /** What it sets, in a few words: its line in --help. */
    description: string;
    /** The rule of its value, wherever it comes from (without a default). */
    schema: z.ZodType;
    /** The value when no source gives one; absent: the setting is optional, unless `required`. */
    default?: unknown;
    /** The options object must carry it (no default). */
    required?: true;
    /** How its text (a flag's or a variable's) reads: a whole number ≥ 0, a number, one of `values`, a switch, or text. */
    text?: "integer" | "number" | "boolean" | "string";
    /** The only texts it takes, for `--help` and the message when another is given. */
    values?: readonly string[];
    /** Reads one text into a value when none of the plain kinds fits; throws a SettingError naming `name`. */
    read?: (text: string, name: string) => unknown;
    /** The command-line flag, without `--`. */
    flag?: string;
    /** The placeholder of the flag's value in --help, e.g. `N` or `FILE`. */
    placeholder?: string;
    /** The flag may be repeated: its values form a list, or with "record" an object of `[key, value]` pairs. */
    multiple?: true | "record";
    /** The environment variable that sets it. */
    env?: string;
    /** Whether the program's config file may set it, under the entry's key. */
    file?: boolean;
}

/** A program's settings by key. */
export type SettingTable = Record<string, Setting>;

/** A value of a setting that cannot be used: its message names the setting, never a secret value. */
export class SettingError extends Error {}

/** A command line that cannot be run: reported in one line with a pointer to --help, exit 2. */
export class UsageError extends SettingError {}

/** A setting's schema in the options object: as declared when required, else with its default or optional. */
export type OptionSchema<S extends Setting> = S extends { required: true }
    ? S["schema"]
    : S extends { default: unknown }
      ? z.ZodDefault<S["schema"]>
      : z.ZodOptional<S["schema"]>;

/** The schemas of the settings, with their defaults: the shape of a program's options object. */
export function optionShape<T extends SettingTable>(table: T): { [K in keyof T]: OptionSchema<T[K]> } {
    return Object.fromEntries(
        Object.entries(table).map(([key, setting]) => [
            key,
            setting.required
                ? setting.schema
                : setting.default === undefined
                  ? setting.schema.optional()
                  : setting.schema.default(setting.default as never),
        ]),
    ) as never;
}

/** The keys a config file may hold, each optional: the rest of the file's schema is the program's own. */
export function fileShape(table: SettingTable): Record<string, z.ZodType> {
    return Object.fromEntries(
        Object.entries(table)
            .filter(([, setting]) => setting.file)
            .map(([key, setting]) => [key, setting.schema.optional()]),
    );
}

/** What a command line asked for: the settings it gives, or the usage or the version. */
export interface CommandLine {
    values: Record<string, unknown>;
    help: boolean;
    version: boolean;
}

/** Reads the flags of `table` (and --help, -h, --version) from `args`; throws a UsageError for anything else. */
export function readCommandLine(table: SettingTable, args: string[]): CommandLine {
    const flagged = Object.entries(table).filter(([, setting]) => setting.flag !== undefined);
    let parsed: Record<string, string | boolean | (string | boolean)[] | undefined>;
    try {
        parsed = parseArgs({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                ...Object.fromEntries(
                    flagged.map(([, setting]) => [
                        setting.flag!,
                        {
                            type: setting.text === "boolean" ? "boolean" : "string",
                            multiple: Boolean(setting.multiple),
                        },
                    ]),
                ),
                help: { type: "boolean", short: "h" },
                version: { type: "boolean" },
            },
        }).values;
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    const values: Record<string, unknown> = {};
    for (const [key, setting] of flagged) {
        const given = parsed[setting.flag!];
        if (given !== undefined) {
            values[key] = settingValue(setting, given, `--${setting.flag}`, UsageError);
        }
    }
    return { values, help: parsed.help === true, version: parsed.version === true };
}

/** The settings `env` gives through the table's variables (an empty variable gives none). */
export function readEnvironment(table: SettingTable, env: NodeJS.ProcessEnv): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [key, setting] of Object.entries(table)) {
        const text = setting.env === undefined ? undefined : env[setting.env];
        if (text !== undefined && text !== "") {
            values[key] = settingValue(setting, setting.multiple ? [text] : text, setting.env!, SettingError);
        }
    }
    return values;
}

function settingValue(
    setting: Setting,
    given: string | boolean | (string | boolean)[],
    name: string,
    Failure: new (message: string) => SettingError,
): unknown {
    const one = (text: string | boolean): unknown => {
        if (typeof text === "boolean") {
            return text;
        }
        const value = readText(setting, text, name, Failure);
        const checked = setting.schema.safeParse(value, { reportInput: false });
        if (!checked.success && setting.multiple === undefined) {
            throw new Failure(`${name}: ${checked.error.issues[0].message}`);
        }
        return value;
    };
    if (!Array.isArray(given)) {
        return one(given);
    }
    const list = given.map(one);
    return setting.multiple === "record" ? Object.fromEntries(list as [string, unknown][]) : list;
}

function readText(
    setting: Setting,
    text: string,
    name: string,
    Failure: new (message: string) => SettingError,
): unknown {
    if (setting.read) {
        return setting.read(text, name);
    }
    if (setting.values && !setting.values.includes(text)) {
        throw new Failure(`${name} must be ${alternatives(setting.values)}, not "${text}"`);
    }
    switch (setting.text) {
        case "integer":
            if (!/^\d{1,15}$/.test(text)) {
                throw new Failure(`${name} must be a whole number ≥ 0, not "${text}"`);
            }
            return Number(text);
        case "number":
            if (!/^\d+(\.\d+)?$/.test(text)) {
                throw new Failure(`${name} must be a number such as 0.5, not "${text}"`);
            }
            return Number(text);
        case "boolean":
            if (!["true", "false", "1", "0"].includes(text)) {
                throw new Failure(`${name} must be true or false, not "${text}"`);
            }
            return text === "true" || text === "1";
        default:
            return text;
    }
}

/** `a, b or c`. */
function alternatives(values: readonly string[]): string {
    return values.length === 1 ? values[0] : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** What --help says about a program: its name, what it does, and notes after the settings. */
export interface Program {
    name: string;
    /** One or two sentences under the usage line. */
    summary: string;
    /** Lines after the list of flags, e.g. where secrets come from. */
    notes?: string[];
}

/** The --help text: the usage line, the summary, one line per flag (with its variable) and the notes. */
export function usageText(program: Program, table: SettingTable): string {
    const rows: [string, string][] = Object.values(table)
        .filter((setting) => setting.flag !== undefined)
        .map((setting) => {
            const value =
                setting.text === "boolean" ? "" : ` ${setting.placeholder ?? setting.values?.join("|") ?? "VALUE"}`;
            const repeat = setting.multiple ? " (repeatable)" : "";
            const env = setting.env ? ` [${setting.env}]` : "";
            return [`--${setting.flag}${value}`, `${setting.description}${repeat}${env}`];
        });
    rows.push(["--help, -h", "print this text"], ["--version", "print the version"]);
    // A flag too long for the column goes on a line of its own, its text under it.
    const width = Math.min(Math.max(...rows.map(([flag]) => flag.length)), 26);
    const lines = rows.map(([flag, text]) =>
        flag.length <= width ? `  ${flag.padEnd(width)}  ${text}` : `  ${flag}\n  ${"".padEnd(width)}  ${text}`,
    );
    const fileKeys = Object.keys(table).filter((key) => table[key].file);
    const variables = Object.values(table).flatMap((setting) => (setting.env && !setting.flag ? [setting.env] : []));
    const sources = [
        ...(fileKeys.length > 0 ? ["", `config file keys: ${fileKeys.join(", ")}`] : []),
        ...(variables.length > 0 ? [`environment: ${variables.join(", ")}`] : []),
    ];
    return [
        `usage: ${program.name} [options]`,
        program.summary,
        "",
        ...lines,
        ...sources,
        ...(program.notes ?? []),
    ].join("\n");
}

/** The package's version, read beside a bundle, else at the package root (this file is dist/commandline/…). */
export function packageVersion(): string {
    for (const candidate of [path.join(__dirname, "package.json"), path.join(__dirname, "..", "..", "package.json")]) {
        try {
            return (JSON.parse(fs.readFileSync(candidate, "utf8")) as { version: string }).version;
        } catch {
            // try the next place
        }
    }
    return "unknown";
}

/**
 * Runs a shipped command: --help and --version print and exit 0; a UsageError from reading the command line or from
 * `main` prints `name: message (usage: name --help)` and exits 2; otherwise the exit code is what `main` returns.
 */
export async function runCommand(
    program: Program,
    table: SettingTable,
    main: (values: Record<string, unknown>) => Promise<number | undefined>,
    args: string[] = process.argv.slice(2),
): Promise<void> {
    try {
        const line = readCommandLine(table, args);
        if (line.help) {
            process.stdout.write(`${usageText(program, table)}\n`);
            process.exitCode = 0;
            return;
        }
        if (line.version) {
            process.stdout.write(`${packageVersion()}\n`);
            process.exitCode = 0;
            return;
        }
        const code = await main(line.values);
        if (code !== undefined) {
            process.exitCode = code;
        }
    } catch (error) {
        if (!(error instanceof UsageError)) {
            throw error;
        }
        process.stderr.write(
            `${program.name}: ${error.message.replace(/\s*\n\s*/g, " ")} (usage: ${program.name} --help)\n`,
        );
        process.exitCode = 2;
    }
}
