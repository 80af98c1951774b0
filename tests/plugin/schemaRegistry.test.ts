/**
 * plugin/schema.json as the Pulumi Registry reads it: the listing's metadata (repository, homepage, a logo that is a
 * file of this repository, publisher, keywords) and a description on everything the Registry renders a page or a
 * row for: every resource, property, function with its inputs and outputs, type, enum value and config key.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { LOGO_PATH, packageRoot, packageSchema, REPOSITORY_URL, repositoryFileURL } from "../../plugin/schemaDocument";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

type Json = Record<string, any>;

/** The JSON paths of the schema's parts that have no description (or an empty one). */
function undescribed(schema: Json): string[] {
    const missing: string[] = [];
    const need = (where: string, node: Json | undefined) => {
        if (typeof node?.description !== "string" || node.description.trim() === "") missing.push(where);
    };
    const props = (where: string, properties: Json | undefined) => {
        for (const [name, spec] of Object.entries(properties ?? {})) need(`${where}.${name}`, spec as Json);
    };
    need("description", schema);
    props("config.variables", schema.config?.variables);
    need("provider", schema.provider);
    props("provider.inputProperties", schema.provider?.inputProperties);
    for (const [token, resource] of Object.entries<Json>(schema.resources ?? {})) {
        need(`resources.${token}`, resource);
        props(`resources.${token}.properties`, resource.properties);
        props(`resources.${token}.inputProperties`, resource.inputProperties);
    }
    for (const [token, fn] of Object.entries<Json>(schema.functions ?? {})) {
        need(`functions.${token}`, fn);
        props(`functions.${token}.inputs`, fn.inputs?.properties);
        props(`functions.${token}.outputs`, fn.outputs?.properties);
    }
    for (const [token, type] of Object.entries<Json>(schema.types ?? {})) {
        need(`types.${token}`, type);
        props(`types.${token}.properties`, type.properties);
        for (const value of type.enum ?? []) need(`types.${token}.enum.${value.name}`, value);
    }
    return missing;
}

describe("plugin/schema.json for the Pulumi Registry", () => {
    const committed = JSON.parse(fs.readFileSync(path.join(root, "plugin", "schema.json"), "utf8")) as Json;

    it("describes every resource, property, function input and output, type, enum value and config key", () => {
        expect(undescribed(committed)).to.deep.equal([]);
        // The walk reaches every part: the counts are those of the schema, not of a walk that stopped early.
        expect(Object.keys(committed.config.variables)).to.include.members(["appKey", "masterSecret", "endpoint"]);
        expect(Object.keys(committed.functions)).to.include.members(["jsms:index:getAppBalance"]);
    });

    it("finds a missing description anywhere it can be", () => {
        const damaged = (change: (s: Json) => void) => {
            const copy = JSON.parse(JSON.stringify(committed)) as Json;
            change(copy);
            return undescribed(copy);
        };
        expect(damaged((s) => delete s.config.variables.endpoint.description)).to.deep.equal([
            "config.variables.endpoint",
        ]);
        expect(
            damaged((s) => {
                s.resources["jsms:index:SmsTemplate"].inputProperties.ttl.description = " ";
            }),
        ).to.deep.equal(["resources.jsms:index:SmsTemplate.inputProperties.ttl"]);
        expect(
            damaged((s) => delete s.functions["jsms:index:getAppBalance"].outputs.properties.total.description),
        ).to.deep.equal(["functions.jsms:index:getAppBalance.outputs.total"]);
        expect(
            damaged((s) => delete s.functions["jsms:index:getAppBalance"].inputs.properties.app.description),
        ).to.deep.equal(["functions.jsms:index:getAppBalance.inputs.app"]);
        expect(damaged((s) => delete s.types["jsms:index:TemplateType"].enum[0].description)).to.deep.equal([
            "types.jsms:index:TemplateType.enum.VerificationCode",
        ]);
        expect(damaged((s) => delete s.resources["jsms:index:SmsSignature"].description)).to.deep.equal([
            "resources.jsms:index:SmsSignature",
        ]);
    });

    it("carries the listing's metadata: repository, homepage, publisher, keywords with a category", () => {
        expect(committed).to.include({
            repository: REPOSITORY_URL,
            homepage: REPOSITORY_URL,
            publisher: "pulumi-jsms",
        });
        expect(committed.displayName).to.be.a("string").and.not.equal("");
        expect(committed.license).to.equal(
            JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).license,
        );
        expect(committed.keywords).to.include("category/utility");
        expect(committed.keywords.filter((k: string) => k.startsWith("category/"))).to.have.length(1);
    });

    it("logoUrl names the repository's logo file at the release's tag, a square PNG drawn from docs/logo.svg", () => {
        expect(committed.logoUrl).to.equal(repositoryFileURL(LOGO_PATH, committed.version));
        expect(packageSchema("2.3.4").logoUrl).to.match(/\/v2\.3\.4\/docs\/logo\.png$/);
        const png = fs.readFileSync(path.join(root, LOGO_PATH));
        expect(png.subarray(0, 8).toString("hex")).to.equal("89504e470d0a1a0a");
        expect(png.subarray(12, 16).toString("latin1")).to.equal("IHDR");
        const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
        expect(width).to.equal(height);
        expect(width).to.be.within(100, 400);
        const svg = fs.readFileSync(path.join(root, "docs", "logo.svg"), "utf8");
        expect(svg).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 (\d+) \1"/);
    });
});
