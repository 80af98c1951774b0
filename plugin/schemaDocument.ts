/**
 * The package schema of the `jsms` plugin, built from the table of kinds (provider/schema/): what GetSchema answers
 * and what plugin/schema.json holds for the SDK generators.
 */
import * as fs from "fs";
import * as path from "path";
import { isLoopbackHostname } from "../httpserver/loopbackHost";
import { CONFIG } from "../provider/schema/configTable";
import {
    ENUMS,
    FUNCTIONS,
    Field,
    FieldType,
    OBJECT_TYPES,
    PACKAGE,
    RESOURCES,
    inputNames,
    token,
} from "../provider/schema/resourceTable";

/** A JSON object of the schema. */
type Json = Record<string, unknown>;

/** The version of this package (package.json), which the plugin reports and the schema carries. */
export function packageVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
}

/** The folder holding package.json: two levels above the compiled dist/plugin/, one above plugin/ when run from source. */
export function packageRoot(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no package.json above ${__dirname}`);
        }
    }
}

function typeSpec(type: FieldType): Json {
    if ("oneOf" in type) {
        return { oneOf: type.oneOf.map(typeSpec) };
    }
    if ("$ref" in type) {
        return { $ref: type.$ref };
    }
    if (type.type === "array") {
        return { type: "array", items: typeSpec(type.items) };
    }
    if (type.type === "object") {
        return { type: "object", additionalProperties: typeSpec(type.additionalProperties) };
    }
    return { type: type.type };
}

function property(field: Field): Json {
    return { ...typeSpec(field.type), description: field.description, ...(field.secret ? { secret: true } : {}) };
}

function properties(fields: Record<string, Field>, names: string[]): Json {
    return Object.fromEntries(names.map((name) => [name, property(fields[name])]));
}

function required(fields: Record<string, Field>, test: (f: Field) => boolean): string[] {
    return Object.keys(fields).filter((name) => test(fields[name]));
}

/** The repository on GitHub (`owner/name`): its page, its releases (the plugin) and its files (the logo). */
export const REPOSITORY = "pulumi-jsms/pulumi-jsms";

/** The repository's web page, the schema's `repository` and `homepage` (the Registry links both). */
export const REPOSITORY_URL = `https://github.com/${REPOSITORY}`;

/**
 * The package's logo, a file of the repository (a PNG, as the Pulumi Registry asks; drawn in docs/logo.svg); the
 * schema's `logoUrl` names it at the release's tag.
 */
export const LOGO_PATH = "docs/logo.png";

/** The address of a repository file as committed at the tag of `version`, which stays valid after later releases. */
export function repositoryFileURL(file: string, version: string): string {
    return `https://raw.githubusercontent.com/${REPOSITORY}/v${version}/${file}`;
}

/**
 * Where the engine downloads the plugin when a program needs it and it is not installed: the GitHub releases of
 * the repository (the engine fetches `pulumi-resource-jsms-v<version>-<os>-<arch>.tar.gz` from the release `v<version>`).
 * A release build can name another server (plugin/release/build.ts).
 */
export const DEFAULT_PLUGIN_DOWNLOAD_URL = `github://api.github.com/${REPOSITORY}`;

/**
 * Refuses a download address the engine should not fetch an executable from: it must be https://, or the engine's
 * github:// and gitlab:// sources (which it reaches over https). Plain http:// is allowed only to a loopback host, for
 * tests: anywhere else the plugin would travel in clear text with nothing to verify it. The address is quoted in the
 * error only when it carries no user-info, which would be a credential.
 */
export function checkPluginDownloadURL(url: string): string {
    let parsed: URL | undefined;
    try {
        parsed = new URL(url);
    } catch {
        parsed = undefined;
    }
    if (parsed !== undefined && (parsed.username !== "" || parsed.password !== "")) {
        throw new Error("plugin download URL must not contain credentials (user-info before the host)");
    }
    const shown = JSON.stringify(url);
    if (parsed === undefined || !/^(https?|github|gitlab):\/\/[^\s/]+(\/\S*)?$/.test(url)) {
        throw new Error(`plugin download URL ${shown} is not an https://, github:// or gitlab:// address`);
    }
    if (parsed.protocol === "http:" && !isLoopbackHostname(parsed.hostname)) {
        throw new Error(
            `plugin download URL ${shown} is plain http:// to ${parsed.host}: the engine would download an executable ` +
                "in clear text; use https:// (http:// is accepted only for a loopback host, in tests)",
        );
    }
    return url;
}

/** The package schema (Pulumi's package schema format), for `version`, downloadable from `pluginDownloadURL`. */
export function packageSchema(version = packageVersion(), pluginDownloadURL = DEFAULT_PLUGIN_DOWNLOAD_URL): Json {
    const resources: Json = {};
    for (const [name, table] of Object.entries(RESOURCES)) {
        const inputs = inputNames(table.fields);
        resources[token(name)] = {
            description: table.description,
            properties: properties(table.fields, Object.keys(table.fields)),
            required: required(table.fields, (f) => f.alwaysOutput === true),
            inputProperties: properties(table.fields, inputs),
            requiredInputs: required(table.fields, (f) => f.input === "required"),
        };
    }
    const types: Json = {};
    for (const [name, table] of Object.entries(OBJECT_TYPES)) {
        types[token(name)] = {
            type: "object",
            description: table.description,
            properties: properties(table.fields, Object.keys(table.fields)),
            required: required(table.fields, (f) => f.input === "required"),
        };
    }
    for (const [name, table] of Object.entries(ENUMS)) {
        types[token(name)] = {
            type: "integer",
            description: table.description,
            enum: Object.entries(table.values).map(([valueName, v]) => ({
                name: valueName,
                value: v.value,
                description: v.description,
            })),
        };
    }
    const functions: Json = {};
    for (const [name, table] of Object.entries(FUNCTIONS)) {
        functions[token(name)] = {
            description: table.description,
            inputs: {
                properties: properties(table.inputs, Object.keys(table.inputs)),
                required: required(table.inputs, (f) => f.input === "required"),
            },
            outputs: { properties: properties(table.outputs, Object.keys(table.outputs)), required: [] },
        };
    }
    const configNames = Object.keys(CONFIG);
    return {
        name: PACKAGE,
        displayName: "JiGuang JSMS",
        version,
        description:
            "JiGuang JSMS SMS templates and signatures, reviewed with pulumi preview --diff; the balances as functions.",
        keywords: ["pulumi", "jsms", "jiguang", "sms", "category/utility", "kind/native"],
        license: "Apache-2.0",
        publisher: "pulumi-jsms",
        homepage: REPOSITORY_URL,
        repository: REPOSITORY_URL,
        logoUrl: repositoryFileURL(LOGO_PATH, version),
        pluginDownloadURL: checkPluginDownloadURL(pluginDownloadURL),
        config: { variables: properties(CONFIG, configNames), defaults: [] },
        provider: {
            description:
                "The jsms provider: credentials and settings of one JSMS account; the default provider reads the `jsms:*` stack config.",
            properties: properties(CONFIG, []),
            inputProperties: properties(CONFIG, configNames),
        },
        resources,
        functions,
        types,
    };
}

/** The schema as the committed plugin/schema.json holds it (two-space JSON, final newline). */
export function schemaText(version?: string, pluginDownloadURL?: string): string {
    return `${JSON.stringify(packageSchema(version, pluginDownloadURL), null, 2)}\n`;
}
