/**
 * Writes the TypeScript that the table (resourceTable.ts) declares, the way Pulumi generates its SDKs: the dynamic
 * resources' Args, State, declared outputs, type tokens and props, the enums, `ProviderArgs`, and the lifecycle
 * core's input and output types. `npm run build` runs it before tsc (scripts/generate-types.js);
 * tests/schema/generatedTypes.test.ts fails when a committed file differs from what it writes.
 */
import * as fs from "fs";
import * as path from "path";
import { CONFIG } from "./configTable";
import {
    ENUMS,
    Field,
    FieldType,
    KINDS,
    OBJECT_TYPES,
    RESOURCES,
    SHARED_INPUT_NAMES,
    dynamicToken,
    inputNames,
} from "./resourceTable";

/** One generated file: its path from the repository root and its text. */
export interface GeneratedFile {
    path: string;
    text: string;
}

/** The first line of every generated file. */
export const GENERATED_HEADER =
    "// Generated from provider/schema/resourceTable.ts by provider/schema/typesCodegen.ts (npm run build): do not edit.";

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
        const typeToken = `${doc("The type token of every resource of this class, which policy packs match on.")}\n    static readonly __pulumiType = ${JSON.stringify(dynamicToken(name))};`;
        body.push(
            `${doc(`The properties of an \`${name}\` as TypeScript sees them; \`${name}\` adds the behaviour.`, "")}\n` +
                `export abstract class ${name}Properties extends DynamicResource {\n${typeToken}\n${outputs.join("\n")}\n}\n`,
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

/** A plain interface of the named fields (as the core sees them: values, files as paths); `extendsList` first. */
function plainInterface(
    name: string,
    description: string,
    fields: Record<string, Field>,
    names: string[],
    extendsList: string[],
    required: (f: Field) => boolean,
): string {
    const members = names.map((key) => {
        const field = fields[key];
        return `${doc(field.description)}\n    ${key}${required(field) ? "" : "?"}: ${tsType(field.type, "output", field)};`;
    });
    const heritage = extendsList.length > 0 ? ` extends ${extendsList.join(", ")}` : "";
    return `${doc(description, "")}\nexport interface ${name}${heritage} {\n${members.join("\n")}\n}\n`;
}

function kindTypesFile(): GeneratedFile {
    const body: string[] = [];
    for (const [name, table] of Object.entries(ENUMS)) {
        const values = Object.values(table.values).map((v) => v.value);
        body.push(`${doc(table.description, "")}\nexport type ${name} = ${values.join(" | ")};\n`);
    }
    for (const [name, table] of Object.entries(OBJECT_TYPES)) {
        body.push(outputInterface(name, table.description, table.fields));
    }
    // Every kind shares the same inputs and review outputs; the template's entries describe them.
    const shared = KINDS.template.fields as Record<string, Field>;
    body.push(
        plainInterface("CommonInputs", "The inputs every kind shares.", shared, SHARED_INPUT_NAMES, [], () => false),
    );
    const reviewNames = ["status", "statusCode", "rejectReason", "reviewedAt"];
    body.push(
        plainInterface(
            "ReviewOutputs",
            "The outputs every kind shares besides its inputs and its id field.",
            shared,
            reviewNames,
            [],
            (f) => f.alwaysOutput === true,
        ),
    );
    for (const table of Object.values(KINDS)) {
        const fields = table.fields as Record<string, Field>;
        const all = Object.keys(fields);
        const prefix = `${table.kind[0].toUpperCase()}${table.kind.slice(1)}`;
        const own = all.filter(
            (key) => (fields[key].input !== undefined && !SHARED_INPUT_NAMES.includes(key)) || fields[key].derived,
        );
        body.push(
            plainInterface(
                `${prefix}Inputs`,
                `The inputs of an \`${table.resourceName}\` as the engine passes them (plain values), with those \`check\` derives.`,
                fields,
                own,
                ["CommonInputs"],
                (f) => f.input === "required",
            ),
        );
        const more = all.filter(
            (key) => !own.includes(key) && !SHARED_INPUT_NAMES.includes(key) && !reviewNames.includes(key),
        );
        const sent = all.filter((key) => fields[key].input !== undefined && fields[key].wire !== undefined);
        body.push(
            `${doc(`The inputs of an \`${table.resourceName}\` that JSMS receives (those with a wire name).`, "")}\n` +
                `export type ${prefix}Sent = Pick<${prefix}Inputs, ${sent.map((key) => JSON.stringify(key)).join(" | ")}>;\n`,
        );
        body.push(
            plainInterface(
                `${prefix}Outputs`,
                `The outputs of an \`${table.resourceName}\`: its inputs plus what JSMS says about it.`,
                fields,
                more,
                [`${prefix}Inputs`, "ReviewOutputs"],
                (f) => f.alwaysOutput === true,
            ),
        );
    }
    return file("provider/schema/generated/kindTypes.ts", [], body);
}

/** Every generated file, as the table says it now. */
export function generatedFiles(): GeneratedFile[] {
    return [enumsFile(), resourceTypesFile(), providerArgsFile(), kindTypesFile()];
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
