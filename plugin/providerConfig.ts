/**
 * The plugin's configuration as the settings module reads it. The engine hands a provider its configuration two
 * ways: the default provider gets the stack config `jsms:*` (as `args`, and as `variables` keyed
 * `jsms:config:<key>`), an explicit `pulumi:providers:jsms` resource its own arguments (as `args`). Both become
 * the same `ConfigSource` over `jsms:<key>`, so `readSettings` applies one set of rules and messages to both.
 */
import { UNKNOWN, containsUnknown } from "../provider/lifecycle/inputValues";
import { ConfigSource, readSettings } from "../provider/settings";
import { CONFIG } from "../provider/schema/configTable";
import { PACKAGE } from "../provider/schema/resourceTable";

/** One failure of CheckConfig: the provider property (a config key without `jsms:`) and the settings message. */
export interface ConfigFailure {
    property: string;
    reason: string;
}

/**
 * A config source over the provider's inputs (`args`, secrets already unwrapped), falling back to the config
 * `variables`. Values the engine does not know yet (an explicit provider's argument computed from another resource,
 * during preview) read as unset: the resources' check then has nothing wrong to say about them.
 */
export function configSource(
    args: Record<string, unknown>,
    variables: Map<string, string> | Record<string, string> = {},
): ConfigSource {
    const vars = variables instanceof Map ? variables : new Map(Object.entries(variables));
    const values = new Map<string, unknown>();
    for (const key of Object.keys(CONFIG)) {
        const value = args[key] ?? vars.get(`${PACKAGE}:config:${key}`) ?? vars.get(`${PACKAGE}:${key}`);
        if (value !== undefined && value !== UNKNOWN && !containsUnknown(value)) {
            values.set(`${PACKAGE}:${key}`, value);
        }
    }
    return { get: (key: string) => values.get(key) };
}

/** CheckConfig: the settings problems of these inputs, each on its property. */
export function configFailures(news: Record<string, unknown>): ConfigFailure[] {
    return readSettings(configSource(news)).problems.map((p) => ({
        property: p.key.replace(/^jsms:/, ""),
        reason: p.message,
    }));
}
