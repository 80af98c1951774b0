/**
 * The example policy pack (examples/gitops/policy) served by @pulumi/policy in its own process, and driven over
 * gRPC the way the Pulumi engine drives an analyzer: GetAnalyzerInfo, Configure with the example's config file,
 * then Analyze. This runs everything but the CLI: the pack's loading, type matching and enforcement levels.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { TEMPLATE, SIGNATURE } from "./policyHarness";

// google-protobuf ships no typings; these are the copies @pulumi/pulumi's messages are built with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
    Struct: { fromJavaScript(value: object): unknown };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => unknown };

const PACK_DIR = path.resolve(__dirname, "../../../examples/gitops/policy");
const LEVELS: Record<string, analyzerProto.EnforcementLevel> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
};

/** Calls a unary method of the analyzer client as a promise. */
function unary<Req, Res>(client: analyzerRpc.AnalyzerClient, method: string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
        const call = (client as unknown as Record<string, (...args: unknown[]) => unknown>)[method].bind(client);
        call(request, { deadline: Date.now() + 10_000 }, (err: Error | null, response: Res) =>
            err ? reject(err) : resolve(response),
        );
    });
}

describe("policy pack: the gitops example served over gRPC", function () {
    this.timeout(30_000);
    let pack: ChildProcess;
    let client: analyzerRpc.AnalyzerClient;
    let stderr = "";

    before(async () => {
        pack = spawn(process.execPath, ["index.js"], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
        pack.stderr!.on("data", (chunk) => (stderr += chunk));
        // The pack prints its port as its first line, as the engine expects.
        const port = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`the pack printed no port in 20 s; stderr: ${stderr}`)),
                20_000,
            );
            let out = "";
            pack.stdout!.on("data", (chunk) => {
                out += chunk;
                const line = out.split("\n")[0];
                if (out.includes("\n")) {
                    clearTimeout(timer);
                    resolve(line.trim());
                }
            });
            pack.on("exit", (code) => reject(new Error(`the pack exited with ${code}; stderr: ${stderr}`)));
        });
        expect(port).to.match(/^\d+$/);
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    it("describes every rule with its config schema and default enforcement level", async () => {
        const info = await unary<unknown, analyzerProto.AnalyzerInfo>(client, "getAnalyzerInfo", new Empty());
        expect(info.getName()).to.equal("jsms-gitops");
        expect(info.getVersion()).to.equal("0.1.0");
        const policies = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), p]));
        expect(Object.keys(policies)).to.have.members([
            "jsms-max-segments",
            "jsms-banned-phrases",
            "jsms-no-hand-written-opt-out",
            "jsms-declared-variable-lengths",
            "jsms-template-remark",
            "jsms-signature-qualification",
        ]);
        expect(policies["jsms-no-hand-written-opt-out"].getEnforcementlevel()).to.equal(
            analyzerProto.EnforcementLevel.MANDATORY,
        );
        expect(
            policies["jsms-max-segments"].getConfigschema()!.getProperties()!.toJavaScript(),
        ).to.have.nested.property("maxSegments.default", 1);
    });

    it("applies the example's config file and reports violations with their enforcement levels", async () => {
        const config = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "policy-config.json"), "utf8")) as Record<
            string,
            unknown
        >;
        const configure = new analyzerProto.ConfigureAnalyzerRequest();
        for (const [name, value] of Object.entries(config)) {
            const { enforcementLevel, ...properties } =
                typeof value === "string" ? { enforcementLevel: value } : (value as Record<string, unknown>);
            const policyConfig = new analyzerProto.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVELS[enforcementLevel as string]);
            policyConfig.setProperties(Struct.fromJavaScript(properties) as never);
            configure.getPolicyconfigMap().set(name, policyConfig);
        }
        await unary(client, "configure", configure);

        const analyze = (type: string, name: string, props: object) => {
            const request = new analyzerProto.AnalyzeRequest();
            request.setType(type);
            request.setName(name);
            request.setUrn(`urn:pulumi:dev::jsms-gitops::${type}::${name}`);
            request.setProperties(Struct.fromJavaScript(props) as never);
            request.setOptions(new analyzerProto.AnalyzerResourceOptions());
            return unary<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>(client, "analyze", request);
        };
        const diagnostics = (response: analyzerProto.AnalyzeResponse) =>
            response
                .getDiagnosticsList()
                .map((d) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), message: d.getMessage() }));

        const promo = await analyze(TEMPLATE, "promo", {
            template: `全场最低价${"优".repeat(70)}，回T退订`,
            type: 3,
            remark: "会员促销",
        });
        const found = diagnostics(promo);
        expect(found.map((d) => [d.policy, d.level])).to.have.deep.members([
            ["jsms-max-segments", analyzerProto.EnforcementLevel.MANDATORY],
            ["jsms-banned-phrases", analyzerProto.EnforcementLevel.MANDATORY],
            ["jsms-no-hand-written-opt-out", analyzerProto.EnforcementLevel.MANDATORY],
        ]);
        expect(found.find((d) => d.policy === "jsms-banned-phrases")!.message).to.contain('"最低价"');

        const shipped = diagnostics(
            await analyze("jsms:index:SmsTemplate", "shipped", { template: "订单{{orderNo}}已发货", type: 2 }),
        );
        expect(shipped.map((d) => [d.policy, d.level])).to.have.deep.members([
            ["jsms-declared-variable-lengths", analyzerProto.EnforcementLevel.ADVISORY],
            ["jsms-template-remark", analyzerProto.EnforcementLevel.ADVISORY],
        ]);

        const brand = diagnostics(await analyze(SIGNATURE, "brand", { sign: "极光推送" }));
        expect(brand.map((d) => [d.policy, d.level])).to.deep.equal([
            ["jsms-signature-qualification", analyzerProto.EnforcementLevel.ADVISORY],
        ]);

        const other = await analyze("random:index/randomPet:RandomPet", "pet", { length: 2 });
        expect(other.getDiagnosticsList()).to.deep.equal([]);
        expect(other.getNotApplicableList().length).to.equal(6);
    });
});
