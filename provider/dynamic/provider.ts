import * as pulumi from "@pulumi/pulumi";
import { ProviderError } from "../errors";
import { ConfigSource, Settings, readSettings } from "../settings";
import { PROVIDER_SECRET_ARGS, ProviderArgs } from "./generated/providerArgs";

export type { ProviderArgs };

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
                props[`jsms:${key}`] = PROVIDER_SECRET_ARGS.includes(key) ? pulumi.secret(value) : value;
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
            throw new ProviderError(
                "the provider's settings are not known yet (preview): use the Output form of the balance function",
            );
        }
        source = await new Promise<ConfigSource>((resolve) => config.apply(resolve));
    } else {
        throw new ProviderError("the provider option must be a jsms.Provider");
    }
    const settings = readSettings(source);
    settings.assertUsable();
    return settings;
}
