import * as pulumi from "@pulumi/pulumi";
import { ProviderError } from "../errors";
import { ConfigSource, Settings, readSettings } from "../settings";

/** The settings of an explicit `jsms.Provider`: the same as the `jsms:*` stack config keys, each optional. */
export interface ProviderArgs {
    /** The app key of the default app (else `JSMS_APP_KEY`). */
    appKey?: pulumi.Input<string>;
    /** The app's master secret (else `JSMS_MASTER_SECRET`); stored as a secret. */
    masterSecret?: pulumi.Input<string>;
    /** Named app profiles for the resources' `app` input; stored as a secret. */
    apps?: pulumi.Input<Record<string, pulumi.Input<{ appKey: pulumi.Input<string>; masterSecret: pulumi.Input<string> }>>>;
    /** The account key, for the account balance (else `JSMS_DEV_KEY`). */
    devKey?: pulumi.Input<string>;
    /** The account secret (else `JSMS_DEV_SECRET`); stored as a secret. */
    devSecret?: pulumi.Input<string>;
    /** The API base URL (else `JSMS_ENDPOINT`, else `https://api.sms.jpush.cn`), e.g. a local simulator. */
    endpoint?: pulumi.Input<string>;
    /** Allow an `http://` endpoint or review hook URL on another host than this machine (else `JSMS_ALLOW_INSECURE_HTTP`); default false. */
    allowInsecureHttp?: pulumi.Input<boolean>;
    /** Retries of a failed call after the first attempt. */
    maxRetries?: pulumi.Input<number>;
    /** Limit for one request, in milliseconds. */
    requestTimeoutMs?: pulumi.Input<number>;
    /** Requests in flight at once, per app. */
    maxConcurrency?: pulumi.Input<number>;
    /** The longest template copy accepted, in characters. */
    maxTemplateLength?: pulumi.Input<number>;
    /** The starting and highest request rate per app (req/s); default: no maximum, learned from JSMS's refusals. */
    maxRequestsPerSecond?: pulumi.Input<number>;
    /** How long a call refused for rate keeps being retried at the learned rate, in seconds (default 300). */
    rateLimitWaitSeconds?: pulumi.Input<number>;
    /** The opt-out text JSMS appends to marketing templates, counted in their length (default 回T退订). */
    optOutSuffix?: pulumi.Input<string>;
    /** The URL of jsms-review-hook, to read why JSMS rejected a template or signature. */
    reviewHookUrl?: pulumi.Input<string>;
    /** The review hook's bearer token; stored as a secret. */
    reviewHookToken?: pulumi.Input<string>;
}

const SECRET_ARGS = new Set(["masterSecret", "apps", "devSecret", "reviewHookToken"]);

/** The settings each provider was made with, for the balance functions (kept off the object itself). */
const providerSettings = new WeakMap<Provider, pulumi.Output<Record<string, unknown>>>();

/**
 * A JSMS provider with its own credentials and settings, for stacks that manage several JSMS accounts or apps.
 * Pass it as `{ provider }` to resources and balance functions; resources without one use the stack config
 * `jsms:*`. Its credentials are secrets in state. Changing its settings updates it in place (nothing is replaced).
 *
 * ```ts
 * const marketing = new jsms.Provider("marketing", {
 *     appKey: config.require("marketingAppKey"),
 *     masterSecret: config.requireSecret("marketingMasterSecret"),
 * });
 * new jsms.SmsTemplate("promo", { template: "…", type: jsms.TemplateType.Marketing }, { provider: marketing });
 * ```
 */
export class Provider extends pulumi.ProviderResource {
    /** The type token of explicit providers: they are instances of the dynamic-provider plugin, configured with `jsms:*` keys. */
    static readonly __pulumiType = "pulumi:providers:pulumi-nodejs";

    /** Whether `obj` is a `jsms.Provider` (also across copies of this package). */
    static override isInstance(obj: unknown): obj is Provider {
        return (obj as { __jsmsProvider?: unknown } | null)?.__jsmsProvider === true;
    }

    /** Marks instances for `isInstance`. */
    readonly __jsmsProvider = true;

    constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
        const props: Record<string, pulumi.Input<unknown>> = {};
        for (const [key, value] of Object.entries(args)) {
            if (value !== undefined) {
                // The engine hands these to the provider process's `configure`, where they read like stack config.
                props[`jsms:${key}`] = SECRET_ARGS.has(key) ? pulumi.secret(value) : value;
            }
        }
        super("pulumi-nodejs", name, props, opts);
        providerSettings.set(this, pulumi.output(props) as unknown as pulumi.Output<Record<string, unknown>>);
    }
}

/** The settings of an explicit provider as a config source for the program side. */
function providerConfig(provider: Provider): pulumi.Output<ConfigSource> {
    const settings = providerSettings.get(provider);
    if (!settings) {
        throw new Error("not a jsms.Provider");
    }
    return settings.apply((values) => ({ get: (key: string) => values[key] }));
}

/**
 * The settings as the program sees them: those of an explicit `jsms.Provider`, else the stack config `jsms:*` and
 * `JSMS_*` variables (for the balance functions and the cost warning, which run in the program).
 */
export async function programSettings(provider: pulumi.ProviderResource | undefined): Promise<Settings> {
    let source: ConfigSource;
    if (provider === undefined) {
        source = { get: (key: string) => new pulumi.Config("jsms").get(key.slice("jsms:".length)) };
    } else if (Provider.isInstance(provider)) {
        const config = providerConfig(provider);
        // `isKnown` is not in the Output type, but every Output has it; an unknown value would never resolve below.
        if (!(await (config as unknown as { isKnown: Promise<boolean> }).isKnown)) {
            throw new ProviderError("the provider's settings are not known yet (preview): use the Output form of the balance function");
        }
        source = await new Promise<ConfigSource>((resolve) => config.apply(resolve));
    } else {
        throw new ProviderError("the provider option must be a jsms.Provider");
    }
    const settings = readSettings(source);
    settings.assertUsable();
    return settings;
}

