import * as pulumi from "@pulumi/pulumi";
import { QUALIFICATION_FILE_FIELDS } from "../client/types";
import type { ReviewStatus, WaitForReviewArgs } from "../lifecycle/review";
import { DynamicResource } from "./dynamicResource";
import { SignatureType } from "./enums";

/** A local file: a path relative to the Pulumi project directory, or a `pulumi.asset.FileAsset`. */
export type LocalFile = string | pulumi.asset.FileAsset;

/** The qualification fields JSMS added in 2025; all optional here, checked per signature type. */
export interface SignatureQualificationArgs {
    /** The legal representative's name; JSMS verifies it. */
    legalPersonName?: pulumi.Input<string>;
    /** The legal representative's 18-digit PRC ID number; kept secret in state and never echoed in errors. */
    legalPersonIdNumber?: pulumi.Input<string>;
    /** The 18-character unified social credit code. */
    socialCreditCode?: pulumi.Input<string>;
    /** The company granting a third-party authorization, when there is one. */
    thirdPartyCompanyName?: pulumi.Input<string>;
    /** The legal representative's ID card image (required with a qualification). */
    idCardImage?: pulumi.Input<LocalFile>;
    /** The business licence; required for type 1 (company name). */
    businessLicenseImage?: pulumi.Input<LocalFile>;
    /** A screenshot of the app's ICP filing; required for type 3 (app name). */
    icpAppScreenshot?: pulumi.Input<LocalFile>;
    /** The trademark registration certificate; required for type 6 (brand name). */
    trademarkImage?: pulumi.Input<LocalFile>;
    /** A third-party power of attorney; required for type 7 (other). */
    thirdPartyAuthImage?: pulumi.Input<LocalFile>;
    /** Any other supporting image. */
    otherImage?: pulumi.Input<LocalFile>;
}

/** The inputs of an `SmsSignature`. */
export interface SmsSignatureArgs {
    /** The signature text: 2–8 Han characters, letters or digits, without 【】 (JSMS adds them). */
    sign: pulumi.Input<string>;
    /** Up to four supporting images (PNG or JPEG, ≤ 2 MB each), sent as image0..image3; only their sha256 goes into state. */
    images?: pulumi.Input<pulumi.Input<LocalFile>[]>;
    /** What the signature names under the 2025 rules: `SignatureType.Company` (1), `App` (3), `Brand` (6) or `Other` (7). */
    type?: pulumi.Input<SignatureType>;
    /** A note for the reviewers (≤ 100 characters). */
    remark?: pulumi.Input<string>;
    /** The 2025 qualification fields and files; the whole object is a secret in state. */
    qualification?: pulumi.Input<SignatureQualificationArgs>;
    /** A credential profile of the stack config `jsms:apps`; the default app when omitted. Changing it replaces the signature. */
    app?: pulumi.Input<string>;
    /** Wait for the review to end on create and update: `true` or `{ timeoutSeconds, pollIntervalSeconds }`. Off by default. */
    waitForReview?: pulumi.Input<boolean | WaitForReviewArgs>;
    /** Take over the existing signature with this id instead of creating one. */
    adoptId?: pulumi.Input<number | string>;
}

/** What a looked-up `SmsSignature` is known by (`SmsSignature.get`): usually only `app`, when it is not the default app. */
export interface SmsSignatureState {
    /** The credential profile of `jsms:apps` the signature belongs to; the default app when omitted. */
    app?: pulumi.Input<string>;
    /** The signature text. */
    sign?: pulumi.Input<string>;
    /** The JSMS signature id. */
    signId?: pulumi.Input<number>;
    /** The review status. */
    status?: pulumi.Input<ReviewStatus>;
    /** The vendor's status code. */
    statusCode?: pulumi.Input<number>;
    /** Whether it is the app's default signature. */
    isDefault?: pulumi.Input<boolean>;
    /** Whether it is in use for sending. */
    inUse?: pulumi.Input<boolean>;
}

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
export class SmsSignature extends DynamicResource {
    /** The type token of every `SmsSignature`, which policy packs match on. */
    static readonly __pulumiType = "pulumi-nodejs:dynamic/jsms:SmsSignature";

    /**
     * Looks up an existing signature by its JSMS id, read-only: its text, live review status and usage, with no
     * write. Pass `{ app }` as state for a signature of a `jsms:apps` profile.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, state?: SmsSignatureState, opts?: pulumi.CustomResourceOptions): SmsSignature {
        return new SmsSignature(name, (state ?? {}) as SmsSignatureArgs, { ...opts, id });
    }

    /** Whether `obj` is an `SmsSignature` (also across copies of this package). */
    static override isInstance(obj: unknown): obj is SmsSignature {
        return (obj as { __pulumiType?: unknown } | null)?.__pulumiType === SmsSignature.__pulumiType;
    }

    /** The signature text. */
    declare readonly sign: pulumi.Output<string>;
    /** The declared image paths. */
    declare readonly images: pulumi.Output<string[] | undefined>;
    /** The signature type, when declared. */
    declare readonly type: pulumi.Output<SignatureType | undefined>;
    /** The remark, when declared. */
    declare readonly remark: pulumi.Output<string | undefined>;
    /** The credential profile, when declared. */
    declare readonly app: pulumi.Output<string | undefined>;
    /** The JSMS signature id (`sign_id`). */
    declare readonly signId: pulumi.Output<number>;
    /** The review status: "pending", "approved" or "rejected"; refreshed by `pulumi refresh`. */
    declare readonly status: pulumi.Output<ReviewStatus>;
    /** The vendor's status code: 1 approved, 2 rejected, anything else pending. */
    declare readonly statusCode: pulumi.Output<number>;
    /** With `jsms:reviewHookUrl`: why JSMS rejected it, from its review callback ("" unless rejected); else absent. */
    declare readonly rejectReason: pulumi.Output<string | undefined>;
    /** With `jsms:reviewHookUrl`: when JSMS reported the review's result (ISO 8601), "" before that; else absent. */
    declare readonly reviewedAt: pulumi.Output<string | undefined>;
    /** Whether JSMS uses it as the app's default signature. */
    declare readonly isDefault: pulumi.Output<boolean>;
    /** Whether JSMS reports it in use for sending. */
    declare readonly inUse: pulumi.Output<boolean>;
    /** sha256 (hex) of each image, in order: image content changes show in diffs without storing bytes. */
    declare readonly imageDigests: pulumi.Output<string[]>;

    constructor(name: string, args: SmsSignatureArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            sign: args.sign,
            images: args.images === undefined ? undefined : pulumi.output(args.images).apply((list) => Promise.all(list.map(filePath))),
            type: args.type,
            remark: args.remark,
            qualification: args.qualification === undefined ? undefined : pulumi.secret(pulumi.output(args.qualification).apply(qualificationPaths)),
            app: args.app,
            waitForReview: args.waitForReview,
            adoptId: args.adoptId,
            signId: undefined,
            status: undefined,
            statusCode: undefined,
            rejectReason: undefined,
            reviewedAt: undefined,
            isDefault: undefined,
            inUse: undefined,
            imageDigests: undefined,
        };
        const secretOutputs = ["qualification", ...(opts?.additionalSecretOutputs ?? [])];
        super("signature", name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "SmsSignature");
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
