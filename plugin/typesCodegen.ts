/**
 * Writes the TypeScript that the field table (resourceSchema.ts) declares, the way Pulumi generates its SDKs: the
 * dynamic resources' Args, State, declared outputs and props, the enums, `ProviderArgs`, and the lifecycle core's
 * field lists. `npm run build` runs it before tsc (scripts/generate-types.js); tests/plugin/generatedTypes.test.ts
 * fails when a committed file differs from what it writes.
 */
import * as fs from "fs";
import * as path from "path";
import {
    CONFIG,
    ENUMS,
    Field,
    FieldType,
    OBJECT_TYPES,
    RESOURCES,
    RESOURCE_KINDS,
    SHARED_INPUT_NAMES,
    inputNames,
} from "./resourceSchema";

/** One generated file: its path from the repository root and its text. */
export interface GeneratedFile {
    path: string;
    text: string;
}

/** The first line of every generated file. */
export const GENERATED_HEADER =
    "// Generated from plugin/resourceSchema.ts by plugin/typesCodegen.ts (npm run build): do not edit.";

/** How a type is written: what a user passes (`pulumi.Input`s, files as paths or assets), or what is recorded. */
type Mode = "input" | "output";

function refName(type: { $ref: string }): string {
    return type.$ref.slice(type.$ref.lastIndexOf(":") + 1);
}

/** A field's type in TypeScript, without the outer `pulumi.Input`/`pulumi.Output`. */
function tsType(type: FieldType, mode: Mode, field: Field): string {
    if ("oneOf" in type) {
        return type.oneOf.map((t) => tsType(t, mode, field)).join(" | ");
    }
    if ("$ref" in type) {
        const name = refName(type);
        return ENUMS[name] || mode === "output" ? name : `${name}Args`;
    }
    switch (type.type) {
        case "array": {
            const items = tsType(type.items, mode, field);
            return mode === "input" ? `pulumi.Input<${items}>[]` : `${items}[]`;
        }
        case "object": {
            const values = tsType(type.additionalProperties, mode, field);
            return mode === "input" ? `Record<string, pulumi.Input<${values}>>` : `Record<string, ${values}>`;
        }
        case "string":
            if (field.values) {
                return field.values.map((v) => JSON.stringify(v)).join(" | ");
            }
            return field.localFile && mode === "input" ? "LocalFile" : "string";
        case "integer":
        case "number":
            return "number";
        case "boolean":
            return "boolean";
    }
}

/** A one-line doc comment. */
function doc(text: string, indent = "    "): string {
    return `${indent}/** ${text.replace(/\*\//g, "*\\/")} */`;
}

/** An interface of inputs: each a `pulumi.Input`, optional unless required (`allOptional`: every one optional). */
function inputInterface(
    name: string,
    description: string,
    fields: Record<string, Field>,
    names: string[],
    allOptional: boolean,
): string {
    const members = names.map((key) => {
        const field = fields[key];
        const optional = allOptional || field.input !== "required" ? "?" : "";
        return `${doc(field.description)}\n    ${key}${optional}: pulumi.Input<${tsType(field.type, "input", field)}>;`;
    });
    return `${doc(description, "")}\nexport interface ${name} {\n${members.join("\n")}\n}\n`;
}

/** A plain interface of recorded values (an object type as outputs hold it). */
function outputInterface(name: string, description: string, fields: Record<string, Field>): string {
    const members = Object.entries(fields).map(([key, field]) => {
        const optional = field.input === "required" ? "" : "?";
        return `${doc(field.description)}\n    ${key}${optional}: ${tsType(field.type, "output", field)};`;
    });
    return `${doc(description, "")}\nexport interface ${name} {\n${members.join("\n")}\n}\n`;
}

/** A list of names as an array literal. */
function names(list: readonly string[]): string {
    return `[${list.map((name) => JSON.stringify(name)).join(", ")}]`;
}

function file(rel: string, imports: string[], body: string[]): GeneratedFile {
    const head = [GENERATED_HEADER, ...imports].join("\n");
    return { path: rel, text: `${head}\n\n${body.join("\n")}` };
}

function enumsFile(): GeneratedFile {
    const body = Object.entries(ENUMS).map(([name, table]) => {
        const values = Object.entries(table.values).map(([key, v]) => `${doc(v.description)}\n    ${key}: ${v.value},`);
        const list = Object.values(table.values).map((v) => v.value);
        return (
            `${doc(table.description, "")}\nexport const ${name} = {\n${values.join("\n")}\n} as const;\n\n` +
            `${doc(`One of the values of \`${name}\`: ${list.join(", ")}.`, "")}\nexport type ${name} = (typeof ${name})[keyof typeof ${name}];\n`
        );
    });
    return file("provider/dynamic/generated/enums.ts", [], body);
}

function resourceTypesFile(): GeneratedFile {
    const body: string[] = [];
    for (const [name, table] of Object.entries(OBJECT_TYPES)) {
        const fields = Object.keys(table.fields);
        body.push(inputInterface(`${name}Args`, table.description, table.fields, fields, false));
        body.push(outputInterface(name, table.description, table.fields));
    }
    for (const [name, table] of Object.entries(RESOURCES)) {
        const inputs = inputNames(table.fields);
        const all = Object.keys(table.fields);
        body.push(inputInterface(`${name}Args`, `The inputs of an \`${name}\`.`, table.fields, inputs, false));
        body.push(
            inputInterface(
                `${name}State`,
                `What a looked-up \`${name}\` is known by (\`${name}.get\`): usually only \`app\`, when it is not the default app.`,
                table.fields,
                all,
                true,
            ),
        );
        const outputs = all.map((key) => {
            const field = table.fields[key];
            const type = tsType(field.type, "output", field);
            return `${doc(field.description)}\n    declare readonly ${key}: pulumi.Output<${field.alwaysOutput ? type : `${type} | undefined`}>;`;
        });
        body.push(
            `${doc(`The properties of an \`${name}\` as TypeScript sees them; \`${name}\` adds the behaviour.`, "")}\n` +
                `export abstract class ${name}Properties extends DynamicResource {\n${outputs.join("\n")}\n}\n`,
        );
        const props = all.map((key) => `        ${key}: ${table.fields[key].input ? `args.${key}` : "undefined"},`);
        body.push(
            `${doc(`The property map an \`${name}\` registers: its inputs, and its outputs as undefined so the engine returns them.`, "")}\n` +
                `export function ${name[0].toLowerCase()}${name.slice(1)}Props(args: ${name}Args): Record<string, pulumi.Input<unknown> | undefined> {\n` +
                `    return {\n${props.join("\n")}\n    };\n}\n`,
        );
    }
    const enums = Object.keys(ENUMS).join(", ");
    return file(
        "provider/dynamic/generated/resourceTypes.ts",
        [
            'import * as pulumi from "@pulumi/pulumi";',
            'import { DynamicResource } from "../dynamicResource";',
            `import type { ${enums} } from "./enums";`,
            "",
            doc("A local file: a path relative to the Pulumi project directory, or a `pulumi.asset.FileAsset`.", ""),
            "export type LocalFile = string | pulumi.asset.FileAsset;",
        ],
        body,
    );
}

function providerArgsFile(): GeneratedFile {
    const keys = Object.keys(CONFIG);
    const secrets = keys.filter((key) => CONFIG[key].secret);
    return file(
        "provider/dynamic/generated/providerArgs.ts",
        ['import type * as pulumi from "@pulumi/pulumi";', 'import type { AppProfileArgs } from "./resourceTypes";'],
        [
            inputInterface(
                "ProviderArgs",
                "The settings of an explicit `jsms.Provider`: the `jsms:*` stack config keys, each optional.",
                CONFIG,
                keys,
                true,
            ),
            `${doc("The arguments stored as secrets.", "")}\nexport const PROVIDER_SECRET_ARGS: readonly string[] = ${names(secrets)};\n`,
        ],
    );
}

function kindFieldsFile(): GeneratedFile {
    const body = [
        `${doc("The inputs every kind shares, in the order they follow a kind's own fields.", "")}\nexport const COMMON_INPUT_FIELDS = ${names(SHARED_INPUT_NAMES)} as const;\n`,
    ];
    for (const [name, kind] of Object.entries(RESOURCE_KINDS)) {
        const fields = RESOURCES[name].fields;
        const all = Object.keys(fields);
        const own = all.filter(
            (key) => (fields[key].input !== undefined && !SHARED_INPUT_NAMES.includes(key)) || fields[key].derived,
        );
        const lists = {
            inputFields: own,
            copyFields: all.filter((key) => fields[key].copy),
            fileFields: all.filter((key) => fields[key].input !== undefined && fields[key].localFile),
        };
        const entries = Object.entries(lists).map(([key, list]) => `    ${key}: ${names(list)},`);
        const derived = all.filter((key) => fields[key].derived);
        body.push(
            `${doc(`The field lists of the ${kind} kind (\`${name}\`): own and derived inputs, copy, local files.`, "")}\nexport const ${kind.toUpperCase()}_FIELDS = {\n${entries.join("\n")}\n} as const;\n`,
        );
        body.push(
            `${doc(`The inputs \`check\` derives for the ${kind} kind, recorded with the declared ones.`, "")}\nexport const ${kind.toUpperCase()}_DERIVED_FIELDS = ${names(derived)} as const;\n`,
        );
        const members = derived.map(
            (key) =>
                `${doc(fields[key].description)}\n    ${key}?: ${tsType(fields[key].type, "output", fields[key])};`,
        );
        const typeName = `${kind[0].toUpperCase()}${kind.slice(1)}DerivedInputs`;
        body.push(
            `${doc(`The derived inputs of the ${kind} kind as plain values (absent before \`check\`).`, "")}\nexport interface ${typeName} {\n${members.join("\n")}\n}\n`,
        );
    }
    return file("provider/lifecycle/generated/kindFields.ts", [], body);
}

/** Every generated file, as the table says it now. */
export function generatedFiles(): GeneratedFile[] {
    return [enumsFile(), resourceTypesFile(), providerArgsFile(), kindFieldsFile()];
}

/** Writes the generated files under `root` (only those that changed); returns the paths written. */
export function writeGeneratedFiles(root: string): string[] {
    const written: string[] = [];
    for (const generated of generatedFiles()) {
        const target = path.join(root, generated.path);
        const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
        if (current !== generated.text) {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, generated.text);
            written.push(generated.path);
        }
    }
    return written;
}
