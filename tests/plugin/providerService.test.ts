/**
 * The plugin's gRPC service, called the way the engine calls it (its generated client over 127.0.0.1), against the
 * simulator: plugin info and schema, CheckConfig's settings messages, Configure for explicit arguments, check
 * failures, the detailed diff and its reason in the engine's log, secrets in and out, the partial failure's
 * ErrorResourceInitFailed detail, read of a gone object and of an import, and the balance invokes.
 */
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { expect } from "chai";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { serve } from "../../plugin/main";
import { SECRET_SIG, SIG_KEY, fromStruct, toStruct } from "../../plugin/propertyValues";
import { packageSchema, packageVersion } from "../../plugin/schemaDocument";
import { readSettings } from "../../provider/settings";
import { RunningSimulator, startSimulator } from "../../simulator";
import { greyPng } from "../support/imageBytes";

const APP = { appKey: "pluginsvcappkey7c1e", masterSecret: "pluginsvc-secret-2b8f0d" };
const OTHER = { appKey: "pluginsvcotherkey93a", masterSecret: "pluginsvc-other-secret-e41c" };
const DEV = { devKey: "pluginsvcdevkey55d1", devSecret: "pluginsvc-dev-secret-0a7b" };
const TEMPLATE_URN = "urn:pulumi:test::proj::jsms:index:SmsTemplate::otp";
const SIGNATURE_URN = "urn:pulumi:test::proj::jsms:index:SmsSignature::brand";

type Client = InstanceType<typeof provrpc.ResourceProviderClient>;

/** Calls one unary method and resolves its response, or rejects with the gRPC error (metadata included). */
function call<Res>(client: Client, method: string, request: unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
        (client as unknown as Record<string, (...args: unknown[]) => unknown>)[method](
            request,
            (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)),
        );
    });
}

/** A stand-in for the engine's Log service: the plugin's messages land here. */
async function startEngineLog(): Promise<{
    address: string;
    messages: Array<{ severity: number; message: string; urn: string }>;
    server: grpc.Server;
}> {
    const messages: Array<{ severity: number; message: string; urn: string }> = [];
    const server = new grpc.Server();
    server.addService(enginerpc.EngineService, {
        log: (c: { request: engineproto.LogRequest }, cb: (e: null, r: emptyproto.Empty) => void) => {
            messages.push({
                severity: c.request.getSeverity(),
                message: c.request.getMessage(),
                urn: c.request.getUrn(),
            });
            cb(null, new emptyproto.Empty());
        },
    } as never);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
            e ? reject(e) : resolve(p),
        ),
    );
    return { address: `127.0.0.1:${port}`, messages, server };
}

describe("plugin/providerService over gRPC", function () {
    this.timeout(30_000);
    let sim: RunningSimulator;
    let engine: Awaited<ReturnType<typeof startEngineLog>>;
    let plugin: Awaited<ReturnType<typeof serve>>;
    let client: Client;
    let files: string;

    before(async () => {
        sim = await startSimulator({ port: 0, apps: [APP, OTHER], dev: DEV, review: "manual" });
        engine = await startEngineLog();
        plugin = await serve(["--logtostderr", "-v=3", engine.address]);
        client = new provrpc.ResourceProviderClient(`127.0.0.1:${plugin.port}`, grpc.credentials.createInsecure());
        files = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-svc-"));
        fs.writeFileSync(path.join(files, "licence.png"), greyPng(0x40));
        fs.writeFileSync(path.join(files, "idcard.png"), greyPng(0x50));
    });

    after(async () => {
        client?.close();
        await plugin?.service.close();
        plugin?.server.forceShutdown();
        engine?.server.forceShutdown();
        await sim?.close();
        fs.rmSync(files, { recursive: true, force: true });
    });

    async function configure(args: Record<string, unknown>): Promise<provproto.ConfigureResponse> {
        const req = new provproto.ConfigureRequest()
            .setArgs(toStruct(args, ["masterSecret", "devSecret"]))
            .setAcceptsecrets(true);
        return call(client, "configure", req);
    }

    const defaultApp = () => ({
        endpoint: sim.url,
        // The create journal, which the plugin keys by the URN it is given, goes with the suite's files.
        journalDir: path.join(files, "journal"),
        appKey: APP.appKey,
        masterSecret: APP.masterSecret,
        maxRetries: "0",
        devKey: DEV.devKey,
        devSecret: DEV.devSecret,
    });

    async function create(
        urn: string,
        props: Record<string, unknown>,
        secrets: string[] = [],
    ): Promise<{ id: string; outs: Record<string, unknown>; raw: Record<string, unknown> }> {
        const check = await call<provproto.CheckResponse>(
            client,
            "check",
            new provproto.CheckRequest().setUrn(urn).setOlds(toStruct({})).setNews(toStruct(props, secrets)),
        );
        expect(check.getFailuresList().map((f) => f.getReason())).to.deep.equal([]);
        const res = await call<provproto.CreateResponse>(
            client,
            "create",
            new provproto.CreateRequest().setUrn(urn).setProperties(check.getInputs()),
        );
        return {
            id: res.getId(),
            outs: fromStruct(res.getProperties()).values,
            raw: res.getProperties()!.toJavaScript() as Record<string, unknown>,
        };
    }

    it("reports the package version and serves the schema built from the field table", async () => {
        const info = await call<{ getVersion(): string }>(client, "getPluginInfo", new emptyproto.Empty());
        expect(info.getVersion()).to.equal(packageVersion());
        const schema = await call<provproto.GetSchemaResponse>(client, "getSchema", new provproto.GetSchemaRequest());
        expect(JSON.parse(schema.getSchema())).to.deep.equal(packageSchema());
    });

    it("CheckConfig fails each bad setting on its key with the settings' own message; DiffConfig updates in place", async () => {
        const news = { endpoint: "ftp://nowhere", maxRetries: "many", appKey: APP.appKey };
        const res = await call<provproto.CheckResponse>(
            client,
            "checkConfig",
            new provproto.CheckRequest()
                .setUrn("urn:pulumi:test::proj::pulumi:providers:jsms::default")
                .setNews(toStruct(news))
                .setOlds(toStruct({})),
        );
        const expected = readSettings({
            get: (key) => (news as Record<string, unknown>)[key.slice("jsms:".length)],
        }).problems;
        expect(res.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).to.deep.equal(
            expected.map((p) => [p.key.slice(5), p.message]),
        );
        expect(expected).to.have.length(2);

        const diff = await call<provproto.DiffResponse>(
            client,
            "diffConfig",
            new provproto.DiffRequest().setOlds(toStruct({ appKey: "a" })).setNews(toStruct({ appKey: "b" })),
        );
        expect(diff.getChanges()).to.equal(provproto.DiffResponse.DiffChanges.DIFF_SOME);
        expect(diff.getReplacesList()).to.deep.equal([]);
        expect(diff.getDetaileddiffMap().get("appKey")!.getKind()).to.equal(provproto.PropertyDiff.Kind.UPDATE);
    });

    it("CheckConfig returns the schema's secret keys as secrets, also when they came in plain", async () => {
        const apps = JSON.stringify({ b: { appKey: OTHER.appKey, masterSecret: OTHER.masterSecret } });
        const news = {
            endpoint: sim.url,
            appKey: APP.appKey,
            masterSecret: APP.masterSecret,
            apps,
            devSecret: DEV.devSecret,
            reviewHookToken: "hook-token-1",
            maxRetries: "2",
        };
        // devSecret arrives secret already (stack config set with --secret); the others as a program may pass them.
        const req = new provproto.CheckRequest()
            .setUrn("urn:pulumi:test::proj::pulumi:providers:jsms::default")
            .setOlds(toStruct({}))
            .setNews(toStruct(news, ["devSecret"]));
        const res = await call<provproto.CheckResponse>(client, "checkConfig", req);
        expect(res.getFailuresList()).to.deep.equal([]);
        const raw = res.getInputs()!.toJavaScript() as Record<string, unknown>;
        const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
        expect(raw).to.deep.equal({
            endpoint: sim.url,
            appKey: APP.appKey,
            maxRetries: "2",
            masterSecret: secret(APP.masterSecret),
            apps: secret(apps),
            devSecret: secret(DEV.devSecret),
            reviewHookToken: secret("hook-token-1"),
        });
    });

    it("check reports each rule on its property, with no API call", async () => {
        await configure(defaultApp());
        const before = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as unknown[];
        const res = await call<provproto.CheckResponse>(
            client,
            "check",
            new provproto.CheckRequest()
                .setUrn(TEMPLATE_URN)
                .setOlds(toStruct({}))
                .setNews(toStruct({ template: "【品牌】您的验证码是{{code}}", type: 1 })),
        );
        const properties = res.getFailuresList().map((f) => f.getProperty());
        expect(properties).to.include("template");
        expect(properties).to.include("ttl");
        const after = (await (await fetch(`${sim.url}/_sim/requests`)).json()) as unknown[];
        expect(after.length).to.equal(before.length);
    });

    it("a copy change of an approved template is an update-replace with the reason logged on its URN", async () => {
        await configure(defaultApp());
        await create(SIGNATURE_URN, { sign: "极光推送" });
        const otp = await create(TEMPLATE_URN, { template: "您的验证码是{{code}}", type: 1, ttl: 300 });
        await fetch(`${sim.url}/_sim/templates/${otp.id}/review`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: '{"status":"approved"}',
        });
        const read = await call<provproto.ReadResponse>(
            client,
            "read",
            new provproto.ReadRequest().setId(otp.id).setUrn(TEMPLATE_URN).setProperties(toStruct(otp.outs)),
        );
        const recorded = fromStruct(read.getProperties()).values;
        expect(recorded.status).to.equal("approved");
        // The message one send delivers, derived from the copy on create and again on read.
        expect([otp.outs.message, recorded.message]).to.deep.equal(["您的验证码是{{code}}", "您的验证码是{{code}}"]);
        engine.messages.length = 0;
        const diff = await call<provproto.DiffResponse>(
            client,
            "diff",
            new provproto.DiffRequest()
                .setId(otp.id)
                .setUrn(TEMPLATE_URN)
                .setOlds(read.getProperties())
                .setNews(toStruct({ template: "您的验证码为{{code}}", type: 1, ttl: 300 })),
        );
        expect(diff.getReplacesList()).to.deep.equal(["template"]);
        expect(diff.getDeletebeforereplace()).to.equal(false);
        expect(diff.getHasdetaileddiff()).to.equal(true);
        expect(diff.getDetaileddiffMap().get("template")!.getKind()).to.equal(
            provproto.PropertyDiff.Kind.UPDATE_REPLACE,
        );
        expect(engine.messages).to.deep.equal([
            {
                severity: engineproto.LogSeverity.INFO,
                urn: TEMPLATE_URN,
                message:
                    "the template is approved and JSMS modifies only rejected ones, so a new template replaces it (replaced because of: template)",
            },
        ]);
    });

    it("returns the qualification as a secret, keeps secret inputs secret, and never sends a secret to the log", async () => {
        const other = { ...defaultApp(), appKey: OTHER.appKey, masterSecret: OTHER.masterSecret };
        await configure(other);
        const qualification = {
            legalPersonName: "张三",
            legalPersonIdNumber: "11010519491231002X",
            socialCreditCode: "91350100M00010000P",
            idCardImage: path.join(files, "idcard.png"),
            businessLicenseImage: path.join(files, "licence.png"),
        };
        const created = await create(
            SIGNATURE_URN,
            { sign: "资质签名", type: 1, remark: "资质", images: [path.join(files, "licence.png")], qualification },
            ["qualification", "remark"],
        );
        expect(created.raw.qualification).to.deep.include({ [SIG_KEY]: SECRET_SIG });
        expect(created.raw.remark).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: "资质" });
        expect(created.raw.sign).to.equal("资质签名");
        expect(created.outs.qualificationDigests).to.have.keys("idCardImage", "businessLicenseImage");
        expect(JSON.stringify(engine.messages)).to.not.contain("11010519491231002X");
    });

    it("a review still open when waitForReview times out is the ErrorResourceInitFailed partial failure, with id, properties and reasons", async () => {
        await configure(defaultApp());
        const check = await call<provproto.CheckResponse>(
            client,
            "check",
            new provproto.CheckRequest()
                .setUrn(TEMPLATE_URN)
                .setOlds(toStruct({}))
                .setNews(
                    toStruct({
                        template: "订单{{no}}已发货",
                        type: 2,
                        waitForReview: { timeoutSeconds: 1, pollIntervalSeconds: 0.2 },
                    }),
                ),
        );
        const err = await call(
            client,
            "create",
            new provproto.CreateRequest().setUrn(TEMPLATE_URN).setProperties(check.getInputs()),
        ).then(
            () => expect.fail("create should fail: the review does not end within 1 s"),
            (e: grpc.ServiceError) => e,
        );
        expect(err.details).to.contain("is still under review after 1s");
        const status = statusproto.Status.deserializeBinary(err.metadata.get("grpc-status-details-bin")[0] as Buffer);
        const detail = provproto.ErrorResourceInitFailed.deserializeBinary(status.getDetailsList()[0].getValue_asU8());
        expect(status.getDetailsList()[0].getTypeUrl()).to.contain("pulumirpc.ErrorResourceInitFailed");
        expect(detail.getId()).to.match(/^[1-9]\d*$/);
        expect(fromStruct(detail.getProperties()).values).to.deep.include({
            tempId: Number(detail.getId()),
            status: "pending",
            template: "订单{{no}}已发货",
        });
        expect(detail.getReasonsList()).to.deep.equal([err.details]);
    });

    it("read of a deleted object answers an empty id; an imported signature is read with a warning saying what to declare", async () => {
        await configure(defaultApp());
        const gone = await call<provproto.ReadResponse>(
            client,
            "read",
            new provproto.ReadRequest().setId("10999").setUrn(TEMPLATE_URN).setProperties(toStruct({})),
        );
        expect(gone.getId()).to.equal("");

        const signs = (
            (await (await fetch(`${sim.url}/_sim/state`)).json()) as { signs: Array<{ id: number; app: string }> }
        ).signs;
        const id = String(signs.find((s) => s.app === APP.appKey)!.id);
        engine.messages.length = 0;
        const imported = await call<provproto.ReadResponse>(
            client,
            "read",
            new provproto.ReadRequest().setId(id).setUrn(SIGNATURE_URN).setProperties(toStruct({})),
        );
        expect(fromStruct(imported.getInputs()).values).to.deep.equal({ sign: "极光推送" });
        expect(engine.messages.map((m) => [m.severity, m.urn])).to.deep.equal([
            [engineproto.LogSeverity.WARNING, SIGNATURE_URN],
        ]);
        expect(engine.messages[0].message).to.contain("declare just `sign`");
    });

    it("serves the balance functions with the provider's credentials, and names an unknown function", async () => {
        await configure(defaultApp());
        const balances = (
            (await (await fetch(`${sim.url}/_sim/state`)).json()) as {
                balances: { app: Record<string, Record<string, number | null>>; dev: Record<string, number | null> };
            }
        ).balances;
        const app = await call<provproto.InvokeResponse>(
            client,
            "invoke",
            new provproto.InvokeRequest().setTok("jsms:index:getAppBalance").setArgs(toStruct({})),
        );
        expect(fromStruct(app.getReturn()).values).to.deep.equal({
            total: balances.app[APP.appKey].balance,
            industry: balances.app[APP.appKey].industry,
            market: balances.app[APP.appKey].market,
        });
        const dev = await call<provproto.InvokeResponse>(
            client,
            "invoke",
            new provproto.InvokeRequest().setTok("jsms:index:getDevBalance").setArgs(toStruct({})),
        );
        expect(fromStruct(dev.getReturn()).values.total).to.equal(balances.dev.balance);
        const unknown = await call(
            client,
            "invoke",
            new provproto.InvokeRequest().setTok("jsms:index:getNothing").setArgs(toStruct({})),
        ).catch((e: grpc.ServiceError) => e);
        expect((unknown as grpc.ServiceError).details).to.equal(
            "the jsms provider has no function jsms:index:getNothing",
        );
    });

    it("paces balance invokes on the provider's request budget: at jsms:maxRequestsPerSecond none is refused for rate", async () => {
        // A simulator that refuses more than 8 requests within a second; the provider allows itself 2 per second for
        // each set of credentials. Unpaced, the 10 account balances alone would go over at once.
        const limited = await startSimulator({ port: 0, apps: [APP], dev: DEV, rateLimitPerSecond: 8 });
        try {
            await configure({ ...defaultApp(), endpoint: limited.url, maxRequestsPerSecond: "2" });
            const invoke = (tok: string) =>
                call<provproto.InvokeResponse>(
                    client,
                    "invoke",
                    new provproto.InvokeRequest().setTok(tok).setArgs(toStruct({})),
                );
            const answers = await Promise.all([
                ...Array.from({ length: 10 }, () => invoke("jsms:index:getDevBalance")),
                ...Array.from({ length: 4 }, () => invoke("jsms:index:getAppBalance")),
            ]);
            expect(answers.map((a) => typeof fromStruct(a.getReturn()).values.total)).to.deep.equal(
                Array(14).fill("number"),
            );
            const counts = (await (await fetch(`${limited.url}/_sim/requests/counts`)).json()) as {
                byCode: Record<string, number>;
            };
            expect(counts.byCode).to.deep.equal({ 50000: 14 });
        } finally {
            await limited.close();
        }
    });
});
