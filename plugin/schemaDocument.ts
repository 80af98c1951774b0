/**
 * The package schema of the `jsms` plugin, built from the field table (resourceSchema.ts): what GetSchema answers
 * and what plugin/schema.json holds for the SDK generators.
 */
import * as fs from "fs";
import * as path from "path";
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

/**
 * Where the engine downloads the plugin when a program needs it and it is not installed: the GitHub releases of
 * the repository (the engine fetches `pulumi-resource-jsms-v<version>-<os>-<arch>.tar.gz` from the release `v<version>`).
 * A release build can name another server (plugin/release/build.ts).
 */
export const DEFAULT_PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-jsms/pulumi-jsms";

/** Refuses a download address the engine would not understand: http(s), or its github:// and gitlab:// sources. */
export function checkPluginDownloadURL(url: string): string {
    if (!/^(https?|github|gitlab):\/\/[^\s/]+(\/\S*)?$/.test(url)) {
        throw new Error(
            `plugin download URL ${JSON.stringify(url)} is not an http(s)://, github:// or gitlab:// address`,
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
