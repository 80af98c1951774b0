/**
 * The table (provider/schema/resourceTable.ts) against what the lifecycle core records and the settings read, and
 * plugin/schema.json against what the table generates. The dynamic resources' types and the kinds' field lists are
 * generated from the table (tests/schema/generatedTypes.test.ts), so they cannot disagree with it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { COMMON_INPUT_FIELDS } from "../../provider/lifecycle/objectKind";
import { signatureKind } from "../../provider/lifecycle/signatureKind";
import { templateKind } from "../../provider/lifecycle/templateKind";
import { TUNING_SETTINGS, readSettings } from "../../provider/settings";
import { CONFIG } from "../../provider/schema/configTable";
import { FUNCTIONS, Field, OBJECT_TYPES, RESOURCES } from "../../provider/schema/resourceTable";
import { packageRoot, packageSchema, schemaText } from "../../plugin/schemaDocument";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const minus = (a: Iterable<string>, b: Iterable<string>) => sorted([...a].filter((x) => ![...b].includes(x)));

const KINDS = { SmsTemplate: templateKind, SmsSignature: signatureKind } as const;

describe("provider/schema: one table", () => {
    for (const [name, kind] of Object.entries(KINDS)) {
        describe(name, () => {
            const table = RESOURCES[name];
            const tableOutputs = Object.keys(table.fields);
            const coreInputs = [...kind.inputFields, ...COMMON_INPUT_FIELDS];

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

            it("describes every property in a sentence", () => {
                for (const [field, spec] of Object.entries(table.fields)) {
                    expect(spec.description, field).to.match(/^\S.{10,}[.)]$/);
                }
                expect(table.description).to.match(/\.$/);
            });
        });
    }

    it("config keys are the jsms:* keys the settings read, and include the dynamic jsms.Provider's arguments", () => {
        const read = new Set<string>();
        readSettings({ get: (key) => void read.add(key.replace(/^jsms:/, "")) }, {});
        expect(minus(read, Object.keys(CONFIG)), "settings missing from the table").to.deep.equal([]);
        expect(minus(Object.keys(CONFIG), read), "table keys the settings never read").to.deep.equal([]);
        for (const [key, setting] of Object.entries(TUNING_SETTINGS)) {
            expect(CONFIG[key].description).to.contain(`Default ${setting.default}.`);
        }
        const secrets = Object.keys(CONFIG).filter((k) => CONFIG[k].secret);
        expect(sorted(secrets)).to.deep.equal(["apps", "devSecret", "masterSecret", "reviewHookToken"]);
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
