/**
 * The policy config schemas, validated the way the Pulumi engine validates a `--policy-pack-config` file: each
 * policy's settings (defaults filled in, then the file's values) against `{ type: object, properties, required }`.
 */
import { expect } from "chai";
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    BANNED_PHRASES_POLICY,
    MAX_SEGMENTS_POLICY,
    NO_HAND_WRITTEN_OPT_OUT_POLICY,
    jsmsPolicies,
} from "../../provider/policy";

const ajv = new Ajv({ allErrors: true });
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

/** The settings the engine would hand the policy: schema defaults, then `given`; errors as the engine reports them. */
function settingsErrors(policy: ResourceValidationPolicy, given: Record<string, unknown>): string[] {
    const schema = policy.configSchema!;
    const defaults = Object.fromEntries(
        Object.entries(schema.properties).flatMap(([key, property]) =>
            typeof property === "object" && "default" in property ? [[key, property.default]] : [],
        ),
    );
    const validate = ajv.compile({
        type: "object",
        properties: schema.properties,
        ...(schema.required ? { required: schema.required } : {}),
    });
    return validate({ ...defaults, ...given })
        ? []
        : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function policy(name: string): ResourceValidationPolicy {
    return jsmsPolicies.find((p) => p.name === name)!;
}

describe("policy config schema", () => {
    it("gives every rule a unique name, a description, a default level and a schema the library accepts", () => {
        const names = jsmsPolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const p of jsmsPolicies) {
            expect(p.name, p.name)
                .to.match(/^jsms-[a-z-]+$/)
                .and.not.equal("all");
            expect(p.description, p.name).to.be.a("string").that.is.not.empty;
            expect(LEVELS, p.name).to.include(p.enforcementLevel);
            expect(p.configSchema, p.name).to.be.an("object");
            // @pulumi/policy exits the pack's process when a schema declares enforcementLevel itself.
            expect(p.configSchema!.properties, p.name).not.to.have.property("enforcementLevel");
            expect(p.configSchema!.required ?? [], p.name).not.to.include("enforcementLevel");
            expect(ajv.validateSchema({ type: "object", properties: p.configSchema!.properties }), p.name).to.equal(
                true,
            );
        }
    });

    it("accepts every rule's defaults", () => {
        for (const p of jsmsPolicies) {
            expect(settingsErrors(p, {}), p.name).to.deep.equal([]);
        }
    });

    it("accepts the gitops example's config file", () => {
        const file = path.resolve(__dirname, "../../../examples/gitops/policy/policy-config.json");
        const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        for (const [name, value] of Object.entries(config)) {
            expect(policy(name), name).to.not.equal(undefined);
            const { enforcementLevel, ...given } =
                typeof value === "string" ? { enforcementLevel: value } : (value as Record<string, unknown>);
            expect(LEVELS, name).to.include(enforcementLevel);
            expect(settingsErrors(policy(name), given), name).to.deep.equal([]);
        }
    });

    it("refuses a maxSegments below 1, fractional or given as text", () => {
        expect(settingsErrors(policy(MAX_SEGMENTS_POLICY), { maxSegments: 2 })).to.deep.equal([]);
        for (const maxSegments of [0, 1.5, "2"]) {
            expect(settingsErrors(policy(MAX_SEGMENTS_POLICY), { maxSegments }), String(maxSegments)).to.have.length(1);
        }
    });

    it("refuses banned phrases that are not a list of non-empty texts", () => {
        expect(settingsErrors(policy(BANNED_PHRASES_POLICY), { phrases: ["免费"] })).to.deep.equal([]);
        for (const phrases of ["免费", [""], [3]]) {
            expect(settingsErrors(policy(BANNED_PHRASES_POLICY), { phrases }), JSON.stringify(phrases)).to.have.length(
                1,
            );
        }
    });

    it("refuses an opt-out text that is not text", () => {
        expect(settingsErrors(policy(NO_HAND_WRITTEN_OPT_OUT_POLICY), { optOutSuffix: "拒收请回复R" })).to.deep.equal(
            [],
        );
        expect(settingsErrors(policy(NO_HAND_WRITTEN_OPT_OUT_POLICY), { optOutSuffix: 4 })).to.have.length(1);
        expect(settingsErrors(policy(MAX_SEGMENTS_POLICY), { optOutSuffix: null })).to.have.length(1);
    });
});
