import * as pulumi from "@pulumi/pulumi";
import { QUALIFICATION_FILE_FIELDS } from "../schema/resourceTable";
import {
    SmsSignatureArgs,
    SmsSignatureProperties,
    SmsSignatureState,
    smsSignatureProps,
} from "./generated/resourceTypes";

export type { SmsSignatureArgs, SmsSignatureState };

/**
 * A JSMS SMS signature. It is never deleted while JSMS reports it as the default or in use: the delete fails with
 * what to do, and the signature stays in the stack (use `retainOnDelete` to let it go).
 *
 * ```ts
 * const brand = new jsms.SmsSignature("brand", {
 *     sign: "极光推送",
 *     images: ["./docs/licence.png"],
 * });
 * export const signId = brand.signId;
 * ```
 */
export class SmsSignature extends SmsSignatureProperties {
    /**
     * Looks up an existing signature by its JSMS id, read-only: its text, live review status and usage, with no
     * write. Pass `{ app }` as state for a signature of a `jsms:apps` profile.
     */
    static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        state?: SmsSignatureState,
        opts?: pulumi.CustomResourceOptions,
    ): SmsSignature {
        return new SmsSignature(name, (state ?? {}) as SmsSignatureArgs, { ...opts, id });
    }

    /** Whether `obj` is an `SmsSignature` (also across copies of this package). */
    static override isInstance(obj: unknown): obj is SmsSignature {
        return (obj as { __pulumiType?: unknown } | null)?.__pulumiType === SmsSignature.__pulumiType;
    }

    constructor(name: string, args: SmsSignatureArgs, opts?: pulumi.CustomResourceOptions) {
        // Generated from the field table; files become paths here, and the qualification a secret.
        const props = {
            ...smsSignatureProps(args),
            images:
                args.images === undefined
                    ? undefined
                    : pulumi.output(args.images).apply((list) => Promise.all(list.map(filePath))),
            qualification:
                args.qualification === undefined
                    ? undefined
                    : pulumi.secret(pulumi.output(args.qualification).apply(qualificationPaths)),
        };
        const secretOutputs = ["qualification", ...(opts?.additionalSecretOutputs ?? [])];
        super("signature", name, props, { ...opts, additionalSecretOutputs: secretOutputs }, SmsSignature.__pulumiType);
    }
}

/** Files reach the provider as paths: it reads them itself, so no bytes travel through the engine or into state. */
async function filePath(file: unknown): Promise<string> {
    if (typeof file === "string") {
        return file;
    }
    if (file !== null && typeof file === "object" && "path" in file) {
        return String(await (file as { path: unknown }).path);
    }
    throw new Error("SmsSignature files must be paths or pulumi.asset.FileAsset (other assets cannot be uploaded)");
}

async function qualificationPaths(q: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...q };
    for (const field of QUALIFICATION_FILE_FIELDS) {
        if (q[field] !== undefined) {
            out[field] = await filePath(q[field]);
        }
    }
    return out;
}
