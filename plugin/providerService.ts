/**
 * The `jsms` provider plugin's gRPC ResourceProvider service: Pulumi's provider protocol served by the same
 * lifecycle core as the dynamic resources (`createRuntime(config).template | signature`). One plugin process serves
 * one provider (the default one, or one `pulumi:providers:jsms` resource), so it holds one runtime, built by
 * Configure.
 */
import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { Balance } from "../provider/client/types";
import { balanceOrNothingAllocated } from "../provider/client/jsmsClient";
import { ObjectNotReadyError, messageOf } from "../provider/errors";
import type { PropertyChange } from "../provider/lifecycle/changePlan";
import type { Lifecycle } from "../provider/lifecycle/lifecycle";
import { ProviderRuntime, createRuntime } from "../provider/runtime";
import type { EngineConnection } from "../provider/engineConnection";
import { configFailures, configSource } from "./providerConfig";
import { PlainProperties, fromStruct, toStruct, withSecretKeys } from "./propertyValues";
import { CONFIG } from "../provider/schema/configTable";
import { KINDS, RESOURCES, inputNames, secretOutputs, token } from "../provider/schema/resourceTable";
import { pluginKind } from "../provider/schema/typeTokens";
import { packageSchema } from "./schemaDocument";

type Callback<T> = (
    err: grpc.ServiceError | Partial<grpc.StatusObject> | null,
    value?: T | null,
    trailer?: grpc.Metadata,
) => void;
type Call<Req> = { request: Req };
type AnyLifecycle = Lifecycle<any, unknown, unknown, any>;

const PROPERTY_DIFF: Record<PropertyChange, provproto.PropertyDiff.Kind> = {
    add: provproto.PropertyDiff.Kind.ADD,
    "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
    delete: provproto.PropertyDiff.Kind.DELETE,
    "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
    update: provproto.PropertyDiff.Kind.UPDATE,
    "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The config keys the schema declares secret (credentials and the hook token). */
const CONFIG_SECRETS = Object.keys(CONFIG).filter((key) => CONFIG[key].secret);

/** What the service needs from its process: the plugin version and its connection to the engine (log lines). */
export interface ProviderServiceOptions {
    version: string;
    engine: EngineConnection | undefined;
}

/** The resource type of a request: its `type` field, else the type part of its URN. */
function resourceType(type: string, urn: string): string {
    if (type) {
        return type;
    }
    const parts = urn.split("::");
    const qualified = parts[parts.length - 2] ?? "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** An error as the engine takes it: the message only (a stack would bury the instructions). */
function failure(err: unknown): Partial<grpc.StatusObject> {
    return { code: grpc.status.UNKNOWN, details: messageOf(err) };
}

/** gRPC handlers never throw: every failure is answered on the callback. */
function handle<Req, Res>(
    work: (request: Req) => Promise<Res>,
    onError: (err: unknown) => Partial<grpc.StatusObject> & { metadata?: grpc.Metadata } = failure,
) {
    return (call: Call<Req>, callback: Callback<Res>) => {
        work(call.request).then(
            (res) => callback(null, res),
            (err) => {
                const status = onError(err);
                callback(status, null, status.metadata);
            },
        );
    };
}

/** The ResourceProvider service of the `jsms` plugin. */
export class JsmsProviderService {
    private runtime?: ProviderRuntime;
    private cancelled = false;

    constructor(private readonly options: ProviderServiceOptions) {}

    /** Every method of the protocol: the ones served here, and Unimplemented for the rest. */
    implementation(): grpc.UntypedServiceImplementation {
        const unimplemented = (name: string) => (_call: unknown, callback: Callback<never>) =>
            callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the jsms provider` });
        return {
            handshake: unimplemented("Handshake"),
            parameterize: unimplemented("Parameterize"),
            call: unimplemented("Call"),
            construct: unimplemented("Construct"),
            attach: unimplemented("Attach"),
            list: (call: grpc.ServerWritableStream<unknown, unknown>) =>
                call.emit("error", {
                    code: grpc.status.UNIMPLEMENTED,
                    details: "List is not implemented by the jsms provider",
                }),
            getMapping: handle(async () => new provproto.GetMappingResponse()),
            getMappings: handle(async () => new provproto.GetMappingsResponse()),
            getPluginInfo: handle(async () => new plugproto.PluginInfo().setVersion(this.options.version)),
            getSchema: handle(async () =>
                new provproto.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(this.options.version))),
            ),
            cancel: handle(async () => {
                this.cancelled = true;
                return new emptyproto.Empty();
            }),
            checkConfig: handle((req: provproto.CheckRequest) => this.checkConfig(req)),
            diffConfig: handle((req: provproto.DiffRequest) => this.diffConfig(req)),
            configure: handle((req: provproto.ConfigureRequest) => this.configure(req)),
            invoke: handle((req: provproto.InvokeRequest) => this.invoke(req)),
            check: handle((req: provproto.CheckRequest) => this.check(req)),
            diff: handle((req: provproto.DiffRequest) => this.diff(req)),
            create: handle((req: provproto.CreateRequest) => this.create(req), partialFailure),
            read: handle((req: provproto.ReadRequest) => this.read(req)),
            update: handle((req: provproto.UpdateRequest) => this.update(req), partialFailure),
            delete: handle((req: provproto.DeleteRequest) => this.delete(req)),
        };
    }

    /** Closes the runtime's connections. */
    async close(): Promise<void> {
        await this.runtime?.close();
    }

    /**
     * The provider's own inputs: the same settings rules and messages as the dynamic provider, on their keys. They are
     * sent back with the schema's secret keys as secrets, so a credential passed plain is not recorded plain.
     */
    private async checkConfig(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
        const news = fromStruct(req.getNews());
        const resp = new provproto.CheckResponse().setInputs(withSecretKeys(req.getNews(), CONFIG_SECRETS));
        resp.setFailuresList(
            configFailures(news.values).map((f) =>
                new provproto.CheckFailure().setProperty(f.property).setReason(f.reason),
            ),
        );
        return resp;
    }

    /** A change of settings updates the provider in place: objects at JSMS do not depend on how they are reached. */
    private async diffConfig(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
        const olds = fromStruct(req.getOlds()).values;
        const news = fromStruct(req.getNews()).values;
        const changed = Object.keys(CONFIG).filter(
            (key) => JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null),
        );
        const resp = new provproto.DiffResponse();
        resp.setChanges(
            changed.length > 0
                ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        resp.setDiffsList(changed);
        resp.setHasdetaileddiff(true);
        for (const key of changed) {
            resp.getDetaileddiffMap().set(
                key,
                new provproto.PropertyDiff().setKind(provproto.PropertyDiff.Kind.UPDATE).setInputdiff(true),
            );
        }
        return resp;
    }

    /** Builds the runtime from the stack config (default provider) or the provider resource's arguments. */
    private async configure(req: provproto.ConfigureRequest): Promise<provproto.ConfigureResponse> {
        const args = fromStruct(req.getArgs()).values;
        const variables = new Map(req.getVariablesMap().toArray() as [string, string][]);
        const previous = this.runtime;
        const engine = this.options.engine;
        this.runtime = createRuntime(configSource(args, variables), {
            warn: (message, urn) => void engine?.warn(message, urn),
            info: (message, urn) => void engine?.info(message, urn),
            engineSignal: engine?.signal,
        });
        await previous?.close();
        // Secrets in (unwrapped here) and out (the qualification); Create/Update are not called during preview,
        // so a preview never reaches JSMS.
        return new provproto.ConfigureResponse()
            .setAcceptsecrets(true)
            .setSupportspreview(false)
            .setAcceptresources(false);
    }

    private lifecycle(type: string, urn: string): { lifecycle: AnyLifecycle; name: string } {
        const typeToken = resourceType(type, urn);
        const table = pluginKind(typeToken);
        if (!table) {
            throw new Error(`the jsms provider has no resource type ${typeToken}`);
        }
        const runtime = this.requireRuntime();
        return { lifecycle: runtime[table.kind] as AnyLifecycle, name: table.resourceName };
    }

    private requireRuntime(): ProviderRuntime {
        if (!this.runtime) {
            throw new Error("the jsms provider was called before Configure");
        }
        return this.runtime;
    }

    /** Keys sent back as secrets: those that came in secret, and the resource's secret outputs. */
    private secretKeys(name: string, ...inputs: PlainProperties[]): Set<string> {
        return new Set([...secretOutputs(RESOURCES[name]), ...inputs.flatMap((p) => [...p.secretKeys])]);
    }

    private async check(req: provproto.CheckRequest): Promise<provproto.CheckResponse> {
        const { lifecycle, name } = this.lifecycle(req.getType(), req.getUrn());
        const olds = fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        const result = await lifecycle.check(olds.values, news.values, req.getUrn());
        const resp = new provproto.CheckResponse().setInputs(
            toStruct(result.inputs as Record<string, unknown>, this.secretKeys(name, news)),
        );
        resp.setFailuresList(
            result.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
        return resp;
    }

    private async diff(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
        const { lifecycle } = this.lifecycle(req.getType(), req.getUrn());
        const result = await lifecycle.diff(
            req.getId(),
            fromStruct(req.getOlds()).values,
            fromStruct(req.getNews()).values,
            req.getUrn(),
        );
        const resp = new provproto.DiffResponse();
        resp.setChanges(
            result.changes
                ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        resp.setReplacesList(result.replaces);
        resp.setDeletebeforereplace(result.deleteBeforeReplace);
        resp.setDiffsList(Object.keys(result.detailedDiff));
        resp.setHasdetaileddiff(true);
        for (const [key, change] of Object.entries(result.detailedDiff)) {
            resp.getDetaileddiffMap().set(
                key,
                new provproto.PropertyDiff().setKind(PROPERTY_DIFF[change]).setInputdiff(true),
            );
        }
        if (result.changes && result.reason) {
            const replaced = result.replaces.length > 0 ? ` (replaced because of: ${result.replaces.join(", ")})` : "";
            await this.options.engine?.info(`${result.reason}${replaced}`, req.getUrn());
        }
        return resp;
    }

    private async create(req: provproto.CreateRequest): Promise<provproto.CreateResponse> {
        const { lifecycle, name } = this.lifecycle(req.getType(), req.getUrn());
        const inputs = fromStruct(req.getProperties());
        if (req.getPreview()) {
            // Not called while supportsPreview is false; answered without any API call should an engine do it anyway.
            return new provproto.CreateResponse().setProperties(req.getProperties());
        }
        this.refuseWhenCancelled();
        const secrets = this.secretKeys(name, inputs);
        try {
            const { id, outs } = await lifecycle.create(inputs.values, req.getUrn());
            return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs, secrets));
        } catch (err) {
            throw withSecrets(err, secrets);
        }
    }

    private async read(req: provproto.ReadRequest): Promise<provproto.ReadResponse> {
        const { lifecycle, name } = this.lifecycle(req.getType(), req.getUrn());
        const props = fromStruct(req.getProperties());
        const imported = Object.keys(props.values).length === 0;
        const result = await lifecycle.read(req.getId(), props.values, req.getUrn());
        const resp = new provproto.ReadResponse().setId(result.id);
        if (!result.id) {
            return resp;
        }
        const secrets = this.secretKeys(name, props, fromStruct(req.getInputs()));
        // An import: only what a user declares, as `pulumi import` writes the program from these inputs. A refresh:
        // what check records too (the derived fields), or every refresh would show them as a change.
        const fields = RESOURCES[name].fields;
        const derived = imported ? [] : Object.keys(fields).filter((key) => fields[key].derived);
        const recorded = new Set([...inputNames(fields), ...derived]);
        const inputs = Object.fromEntries(Object.entries(result.inputs ?? {}).filter(([key]) => recorded.has(key)));
        resp.setProperties(toStruct(result.props ?? {}, secrets));
        resp.setInputs(toStruct(inputs, secrets));
        if (imported && name === KINDS.signature.resourceName) {
            await this.options.engine?.warn(
                `signature ${req.getId()} was read with its text only: JSMS does not return a signature's images, type, remark or ` +
                    "qualification, so declare just `sign` (as the import shows); declaring images, type, remark or qualification " +
                    "afterwards is a change of what JSMS reviews, which replaces an approved or pending signature",
                req.getUrn(),
            );
        }
        return resp;
    }

    private async update(req: provproto.UpdateRequest): Promise<provproto.UpdateResponse> {
        const { lifecycle, name } = this.lifecycle(req.getType(), req.getUrn());
        const olds = fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        if (req.getPreview()) {
            return new provproto.UpdateResponse().setProperties(req.getNews());
        }
        this.refuseWhenCancelled();
        const secrets = this.secretKeys(name, news);
        try {
            const { outs } = await lifecycle.update(req.getId(), olds.values, news.values, req.getUrn());
            return new provproto.UpdateResponse().setProperties(toStruct(outs, secrets));
        } catch (err) {
            throw withSecrets(err, secrets);
        }
    }

    private async delete(req: provproto.DeleteRequest): Promise<emptyproto.Empty> {
        const { lifecycle } = this.lifecycle(req.getType(), req.getUrn());
        await lifecycle.delete(req.getId(), fromStruct(req.getProperties()).values, req.getUrn());
        return new emptyproto.Empty();
    }

    /** The balance functions, with this provider's clients: the same request budgets as its resources. */
    private async invoke(req: provproto.InvokeRequest): Promise<provproto.InvokeResponse> {
        const runtime = this.requireRuntime();
        const args = fromStruct(req.getArgs()).values;
        let read: Promise<Balance>;
        if (req.getTok() === token("getAppBalance")) {
            read = runtime.clients.forApp(args.app === undefined ? undefined : String(args.app)).getAppBalance();
        } else if (req.getTok() === token("getDevBalance")) {
            read = runtime.clients.forAccount().getDevBalance();
        } else {
            throw new Error(`the jsms provider has no function ${req.getTok()}`);
        }
        // The balance functions' outputs: a count per kind, absent where JSMS allocates no quota (it answers null).
        const balance = await balanceOrNothingAllocated(read);
        const known = Object.fromEntries(Object.entries(balance).filter(([, v]) => v !== null));
        return new provproto.InvokeResponse().setReturn(toStruct(known));
    }

    private refuseWhenCancelled(): void {
        if (this.cancelled) {
            throw new Error("the operation was cancelled; nothing was sent to JSMS");
        }
    }
}

/** A partial failure carries the secret keys its properties are sent back with. */
function withSecrets(err: unknown, secrets: Set<string>): unknown {
    if (err instanceof ObjectNotReadyError) {
        Object.defineProperty(err, "secretKeys", { value: secrets, enumerable: false });
    }
    return err;
}

/**
 * Create and Update failures. An object that exists at JSMS but is not ready (`ObjectNotReadyError`) is answered
 * as Pulumi's ErrorResourceInitFailed, with its id, properties and reasons in the status details, exactly like the
 * dynamic provider's server does: the engine records the object and fails the run with the reasons.
 */
function partialFailure(err: unknown): Partial<grpc.StatusObject> & { metadata?: grpc.Metadata } {
    if (!(err instanceof ObjectNotReadyError)) {
        return failure(err);
    }
    const secrets = (err as unknown as { secretKeys?: Set<string> }).secretKeys ?? new Set<string>();
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(err.id);
    detail.setProperties(toStruct(err.properties, secrets));
    detail.setReasonsList(err.reasons);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status().setCode(grpc.status.UNKNOWN).setMessage(err.message);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return { code: grpc.status.UNKNOWN, details: err.message, metadata };
}
