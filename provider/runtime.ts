/**
 * `pulumi-jsms/runtime`: the code the Pulumi engine runs for the dynamic resources, in its provider process. The
 * serialized providers in state only call `attach` (see resources/providerShim.ts). Not meant for direct use;
 * its shape is kept stable across versions because states written by older versions call it.
 */
import { signatureHandlers } from "./resources/signatureHandlers";
import { ConfigSource, configureFrom } from "./resources/settings";
import { templateHandlers } from "./resources/templateHandlers";

/** The lifecycle handlers of each resource kind. */
export const handlers = {
    template: templateHandlers,
    signature: signatureHandlers,
};

/** Takes the stack config the engine hands to `configure` (synchronously; see settings.ts). */
export function configure(config: ConfigSource): void {
    configureFrom(config);
}

/** Configures the runtime and returns the handlers a serialized provider of this kind installs on itself. */
export function attach(kind: keyof typeof handlers, config: ConfigSource) {
    configure(config);
    return handlers[kind];
}
