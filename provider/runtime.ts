/**
 * `pulumi-jsms/runtime`: the lifecycle core assembled for one provider configuration, as the provider process runs
 * it. The serialized providers in state only call `attach` (see dynamic/providerShim.ts), so its name and shape are
 * kept stable across versions: states written by older versions call it.
 */
import "./compileCache";
import type { ResourceKind, SignatureInfo, TemplateInfo, SignatureFields, TemplateFields } from "./client/types";
import { ClientPool } from "./clientPool";
import { Lifecycle, Notices } from "./lifecycle/lifecycle";
import { SignatureInputs, SignatureOutputs, signatureKind } from "./lifecycle/signatureKind";
import { TemplateInputs, TemplateOutputs, templateKind } from "./lifecycle/templateKind";
import { engineConnection } from "./engineConnection";
import { CreateJournaling } from "./lifecycle/createJournaling";
import { openJournal } from "./journal/openJournal";
import { ConfigSource, Settings, readSettings } from "./settings";

/** The lifecycle of each kind for one settings value, sharing one client per app. */
export interface ProviderRuntime {
    readonly settings: Settings;
    /** The clients of this configuration, one per app (also for the plugin's balance invokes). */
    readonly clients: ClientPool;
    readonly template: Lifecycle<TemplateInputs, TemplateInfo, TemplateFields, TemplateOutputs>;
    readonly signature: Lifecycle<SignatureInputs, SignatureInfo, SignatureFields, SignatureOutputs>;
    /** Closes the clients' connections. */
    close(): Promise<void>;
}

/** The kinds a serialized provider can attach to. */
export type { ResourceKind };

/** Where a runtime reports what a person should see, and what it learns from its process. */
export interface RuntimeOptions {
    /** Where warnings go (each distinct message once), on the resource `urn` when known; default: standard error. */
    warn?: (message: string, urn?: string) => void;
    /** Where progress goes, e.g. waits for the JSMS rate limit or an object adopted from the create journal. */
    info?: (message: string, urn?: string) => void;
    /** The folder a relative `jsms:journalDir` is under; default: the working directory (the Pulumi project folder). */
    cwd?: string;
    /** Aborts once the engine that started this process is gone: no request is sent after it. */
    engineSignal?: AbortSignal;
    /** The environment to read `JSMS_*` from; default `process.env`. */
    env?: NodeJS.ProcessEnv;
}

/** Builds the runtime for one configuration: stack config (or an explicit provider's arguments), then environment. */
export function createRuntime(config: ConfigSource, options: RuntimeOptions = {}): ProviderRuntime {
    const clients = new ClientPool(readSettings(config, options.env ?? process.env), {
        onWait: options.info,
        signal: options.engineSignal,
    });
    const seen = new Set<string>();
    const warn = options.warn ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
    const info = options.info ?? ((message: string) => process.stderr.write(`${message}\n`));
    const notices: Notices = {
        warn(message, urn) {
            if (!seen.has(message)) {
                seen.add(message);
                warn(message, urn);
            }
        },
        info,
    };
    const journal = openJournal(clients.settings, { cwd: options.cwd, onProblem: (message) => notices.warn(message) });
    const journaling = new CreateJournaling(journal, clients.settings, notices);
    return {
        settings: clients.settings,
        clients,
        template: new Lifecycle(templateKind, clients, notices, journaling),
        signature: new Lifecycle(signatureKind, clients, notices, journaling),
        close: () => clients.close(),
    };
}

/** One runtime per distinct configuration in this process, so templates and signatures share their clients. */
const runtimes = new Map<string, ProviderRuntime>();

/**
 * Called by a serialized provider's `configure` (synchronously: the engine caches the provider before awaiting
 * configure, so concurrent first calls must find the methods in place). Returns the dynamic-provider methods of one
 * kind, bound to the runtime of this configuration.
 */
export function attach(kind: ResourceKind, config: ConfigSource) {
    const settings = readSettings(config);
    let runtime = runtimes.get(settings.cacheKey);
    if (!runtime) {
        const engine = engineConnection();
        runtime = createRuntime(config, {
            warn: (message, urn) => void engine?.warn(message, urn),
            info: (message, urn) => void engine?.info(message, urn),
            engineSignal: engine?.signal,
        });
        runtimes.set(settings.cacheKey, runtime);
    }
    return dynamicMethods(runtime[kind] as Lifecycle<any, unknown, unknown, any>);
}

/** The lifecycle as the dynamic-provider interface wants it: own enumerable functions, copied onto the shim. */
export function dynamicMethods<In extends object, Out extends object>(
    lifecycle: Lifecycle<any, unknown, unknown, Out>,
) {
    return {
        check: (olds: unknown, news: In) => lifecycle.check(olds, news),
        diff: (id: string, olds: Out, news: In) => lifecycle.diff(id, olds, news),
        create: (inputs: In) => lifecycle.create(inputs),
        read: (id: string, props?: Out) => lifecycle.read(id, props),
        update: (id: string, olds: Out, news: In) => lifecycle.update(id, olds, news),
        delete: (id: string, props: Out) => lifecycle.delete(id, props),
    };
}
