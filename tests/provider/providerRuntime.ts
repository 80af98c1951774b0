/**
 * The provider runtime the provider suites call, the way the dynamic provider process holds it: `configure` builds
 * one from a config (as the engine hands it over), and `handlers` are the dynamic-provider methods of each kind on
 * the current one. Test code only; production builds a runtime per configuration in provider/runtime.ts.
 */
import { ConfigSource } from "../../provider/settings";
import { ProviderRuntime, createRuntime, dynamicMethods } from "../../provider/runtime";

let current: ProviderRuntime = createRuntime({ get: () => undefined });

/** Replaces the current runtime with one for `config` (closing the old one's clients). */
export function configure(config: ConfigSource): void {
    void current.close();
    current = createRuntime(config);
}

/** Closes the current runtime's clients, so a suite's simulator can shut down. */
export async function closeClients(): Promise<void> {
    await current.close();
}

/** Back to a runtime with no configuration. */
export function resetConfiguredSettings(): void {
    configure({ get: () => undefined });
}

/** The dynamic-provider methods of each kind, on the current runtime. */
export const handlers = {
    get template() {
        return dynamicMethods<any, any>(current.template as never);
    },
    get signature() {
        return dynamicMethods<any, any>(current.signature as never);
    },
};

/** The client the current runtime uses for an app (tests that interpose on one call). */
export function clientFor(app: string | undefined) {
    return current.clients.forApp(app);
}
