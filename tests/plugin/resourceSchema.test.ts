/**
 * The plugin's field table (plugin/resourceSchema.ts) against the lifecycle core (the kinds' inputFields and
 * outputs) and the dynamic resources' TypeScript types (their Args interfaces and declared outputs, read from the
 * sources with the TypeScript compiler), and plugin/schema.json against what the table generates.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { COMMON_INPUT_FIELDS } from "../../provider/lifecycle/objectKind";
import { signatureKind } from "../../provider/lifecycle/signatureKind";
import { templateKind } from "../../provider/lifecycle/templateKind";
import { SignatureType, TemplateType } from "../../provider/dynamic/enums";
import { TUNING_SETTINGS, readSettings } from "../../provider/settings";
import { CONFIG, ENUMS, Field, FUNCTIONS, OBJECT_TYPES, RESOURCES, inputNames } from "../../plugin/resourceSchema";
import { packageRoot, packageSchema, schemaText } from "../../plugin/schemaDocument";

/** Inputs the lifecycle core derives in `check`: recorded as outputs, never declared by a user. */
const DERIVED_INPUTS = ["imageDigests", "qualificationDigests", "variables", "length", "segments", "lengthIsMinimum"];


const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

function sourceFile(rel: string): ts.SourceFile {
    const file = path.join(root, rel);
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
}

/** The member names of an exported interface. */
function interfaceMembers(rel: string, name: string): string[] {
    const found = sourceFile(rel).statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    if (!found) throw new Error(`no interface ${name} in ${rel}`);
    return found.members.map((m) => (m.name as ts.Identifier).text);
}

/** The `declare readonly` outputs of a class. */
function declaredOutputs(rel: string, name: string): string[] {
    const found = sourceFile(rel).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
    if (!found) throw new Error(`no class ${name} in ${rel}`);
    return found.members
        .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword))
        .map((m) => (m.name as ts.Identifier).text);
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const minus = (a: Iterable<string>, b: Iterable<string>) => sorted([...a].filter((x) => ![...b].includes(x)));

const KINDS = {
    SmsTemplate: { kind: templateKind, file: "provider/dynamic/smsTemplate.ts", args: "SmsTemplateArgs" },
    SmsSignature: { kind: signatureKind, file: "provider/dynamic/smsSignature.ts", args: "SmsSignatureArgs" },
} as const;

describe("plugin/resourceSchema: one field table", () => {
    for (const [name, { kind, file, args }] of Object.entries(KINDS)) {
        describe(name, () => {
            const table = RESOURCES[name];
            const tableInputs = inputNames(table.fields);
            const tableOutputs = Object.keys(table.fields);
            const coreInputs = [...kind.inputFields, ...COMMON_INPUT_FIELDS];

            it("declares the core's user inputs (derived ones only as outputs)", () => {
                const userInputs = minus(coreInputs, DERIVED_INPUTS);
                expect(minus(userInputs, tableInputs), "core inputs missing from the table").to.deep.equal([]);
                expect(minus(tableInputs, userInputs), "table inputs the core does not know").to.deep.equal([]);
                for (const derived of DERIVED_INPUTS.filter((d) => coreInputs.includes(d))) {
                    expect(table.fields[derived], derived).to.not.equal(undefined);
                    expect(table.fields[derived].input, `${derived} is derived`).to.equal(undefined);
                }
            });

            it("has exactly the outputs the core records", () => {
                const core = [
                    ...coreInputs,
                    kind.idOutput,
                    "status",
                    "statusCode",
                    // recorded when jsms:reviewHookUrl is set
                    "rejectReason",
                    "reviewedAt",
                    ...Object.keys(kind.extraOutputs({} as never, undefined)),
                ];
                expect(minus(core, tableOutputs), "core outputs missing from the table").to.deep.equal([]);
                expect(minus(tableOutputs, core), "table outputs the core never records").to.deep.equal([]);
            });

            it("agrees with the dynamic resource's Args and declared outputs", () => {
                const dynamicArgs = interfaceMembers(file, args);
                expect(minus(dynamicArgs, tableInputs), "Args missing from the table").to.deep.equal([]);
                expect(minus(tableInputs, dynamicArgs), "table inputs missing from Args").to.deep.equal([]);
                const dynamicOutputs = declaredOutputs(file, name);
                expect(minus(dynamicOutputs, tableOutputs), "declared outputs missing from the table").to.deep.equal([]);
            });

            it("describes every property in a sentence", () => {
                for (const [field, spec] of Object.entries(table.fields)) {
                    expect(spec.description, field).to.match(/^\S.{10,}[.)]$/);
                }
                expect(table.description).to.match(/\.$/);
            });
        });
    }

    it("qualification fields are the dynamic SignatureQualificationArgs", () => {
        const dynamic = interfaceMembers("provider/dynamic/smsSignature.ts", "SignatureQualificationArgs");
        expect(sorted(Object.keys(OBJECT_TYPES.SignatureQualification.fields))).to.deep.equal(sorted(dynamic));
    });

    it("config keys are the jsms:* keys the settings read, and include the dynamic jsms.Provider's arguments", () => {
        const read = new Set<string>();
        readSettings({ get: (key) => void read.add(key.replace(/^jsms:/, "")) }, {});
        expect(minus(read, Object.keys(CONFIG)), "settings missing from the table").to.deep.equal([]);
        expect(minus(Object.keys(CONFIG), read), "table keys the settings never read").to.deep.equal([]);
        expect(minus(interfaceMembers("provider/dynamic/provider.ts", "ProviderArgs"), Object.keys(CONFIG))).to.deep.equal([]);
        for (const [key, setting] of Object.entries(TUNING_SETTINGS)) {
            expect(CONFIG[key].description).to.contain(`Default ${setting.default}.`);
        }
        const secrets = Object.keys(CONFIG).filter((k) => CONFIG[k].secret);
        expect(sorted(secrets)).to.deep.equal(["apps", "devSecret", "masterSecret", "reviewHookToken"]);
    });

    it("enums carry the dynamic enums' values", () => {
        const values = (e: string) => Object.values(ENUMS[e].values).map((v) => v.value);
        expect(values("TemplateType")).to.deep.equal(Object.values(TemplateType));
        expect(values("SignatureType")).to.deep.equal(Object.values(SignatureType));
    });

    it("functions and object types describe every field", () => {
        const all: Record<string, Field>[] = [
            ...Object.values(FUNCTIONS).flatMap((f) => [f.inputs, f.outputs]),
            ...Object.values(OBJECT_TYPES).map((t) => t.fields),
            CONFIG,
        ];
        for (const fields of all) {
            for (const [name, spec] of Object.entries(fields)) {
                expect(spec.description, name).to.match(/^\S.{10,}[.)]$/);
            }
        }
    });
});

describe("plugin/schema.json", () => {
    it("is what the field table generates (run npm run schema:plugin after changing the table)", () => {
        const committed = fs.readFileSync(path.join(root, "plugin", "schema.json"), "utf8");
        expect(committed).to.equal(schemaText());
    });

    it("every $ref points at a type of the schema, and the qualification output is secret", () => {
        const schema = packageSchema("1.0.0") as { types: Record<string, unknown>; resources: Record<string, any> };
        const refs = JSON.stringify(schema).match(/#\/types\/[^"]+/g) ?? [];
        expect(refs.length).to.be.greaterThan(3);
        for (const ref of refs) {
            expect(schema.types, ref).to.have.property(ref.slice("#/types/".length));
        }
        expect(schema.resources["jsms:index:SmsSignature"].properties.qualification.secret).to.equal(true);
        expect(schema.resources["jsms:index:SmsTemplate"].requiredInputs).to.deep.equal(["template", "type"]);
    });
});
