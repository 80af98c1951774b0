/**
 * The provider object Pulumi serializes into every resource's state. It holds no code of ours beyond two tiny
 * methods and no settings, so the state stays small, holds no secret and no version-specific path, and upgrading the
 * package changes no diff while `destroy` and `refresh` run the installed code.
 *
 * How it works: the engine's provider process deserializes this object and calls `configure` on it before any other
 * method (once per process; Pulumi ≥ 3.139). `configure` loads the installed package's runtime by its public name
 * and installs the real `check`/`diff`/`create`/`read`/`update`/`delete` onto the object. Forwarding each method
 * instead would cost ~250 bytes of serializer wrapping per method, in every resource's state, twice.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ResourceKind } from "../client/types";

/** The serialized provider of one resource kind: a plain object, as a class would add its constructor to state. */
export interface ProviderShim extends dynamic.ResourceProvider {
    readonly kind: ResourceKind;
}

/** Makes the provider object that Pulumi serializes for one resource kind. */
export function providerShim(kind: ResourceKind): ProviderShim {
    return {
        kind,
        /**
         * Installs the handlers synchronously (the engine caches the provider before awaiting this, so concurrent
         * first calls must find them in place). `require` runs here, in the provider process, where it resolves
         * from the project directory like any of the user's dependencies. When the package cannot be loaded, every
         * method fails saying why: the engine keeps this object even when configure fails, and without methods a
         * delete would "succeed" without deleting anything. (No comments inside: function text goes into state.)
         */
        async configure(req: dynamic.ConfigureRequest): Promise<void> {
            let handlers: Record<string, unknown>;
            try {
                handlers = require("pulumi-jsms/runtime").attach(this.kind, req.config);
            } catch (err) {
                const fail = async () => {
                    throw new Error(`pulumi-jsms cannot be loaded from ${process.cwd()} (${err}); nothing was done: install it (npm install)`);
                };
                handlers = { check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };
            }
            Object.assign(this, handlers);
        },
        /** Only reached when the engine skipped `configure`, which Pulumi CLIs before 3.139 do. */
        async create(): Promise<dynamic.CreateResult> {
            throw new Error("pulumi-jsms needs Pulumi 3.139 or later");
        },
    };
}

/** The one shared instance per resource class: Pulumi serializes each provider object once per process. */
export const templateProvider = providerShim("template");
/** The one shared instance for signatures. */
export const signatureProvider = providerShim("signature");
