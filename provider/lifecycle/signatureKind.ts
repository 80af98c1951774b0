/**
 * `SmsSignature` described for the lifecycle core: its fields, its copy, its files (images and the 2025
 * qualification), its JSMS calls, and the delete guard.
 */
import {
    QUALIFICATION_FILE_FIELDS,
    type QualificationFields,
    type SignatureFields,
    type SignatureInfo,
} from "../client/types";
import { ProviderError } from "../errors";
import { signatureViolations } from "../validation/signatureRules";
import { UNKNOWN, containsUnknown, sameValue, withoutUndefined } from "./inputValues";
import { SIGNATURE_FIELDS, SignatureDerivedInputs } from "./generated/kindFields";
import type { CheckFailure, CommonInputs, ObjectKind, ReviewOutputs } from "./objectKind";
import { LocalFileFacts, inspectFile, readUpload } from "./signatureFiles";

/** The 2025 qualification inputs; file fields hold paths (the resource classes turn FileAssets into paths). */
export type QualificationInputs = Omit<QualificationFields, (typeof QUALIFICATION_FILE_FIELDS)[number]> &
    Partial<Record<(typeof QUALIFICATION_FILE_FIELDS)[number], string>>;

/** The inputs of an `SmsSignature` as the engine passes them (plain values), with the digests `check` adds. */
export interface SignatureInputs extends CommonInputs, SignatureDerivedInputs {
    sign: string;
    images?: string[];
    type?: number;
    remark?: string;
    qualification?: QualificationInputs;
}

/** The outputs of an `SmsSignature`: its inputs plus what JSMS says about it. */
export interface SignatureOutputs extends SignatureInputs, ReviewOutputs {
    signId: number;
    isDefault: boolean;
    inUse: boolean;
}

/** The signature kind. */
export const signatureKind: ObjectKind<SignatureInputs, SignatureInfo, SignatureFields> = {
    noun: "signature",
    reviewKind: "sign",
    idOutput: "signId",
    goneCode: 50102,
    // From the field table: images and qualification files count by content (their digests) as copy.
    ...SIGNATURE_FIELDS,
    deleteFirstWhenPending: true,
    fixHint: "fix it and run pulumi up again: a rejected signature is modified in place and resubmitted",

    check(news, unknown) {
        const failures: CheckFailure[] = [];
        const inputs: SignatureInputs = { ...news };
        delete inputs.imageDigests;
        delete inputs.qualificationDigests;

        let images: LocalFileFacts[] | undefined;
        if (unknown.has("images")) {
            inputs.imageDigests = UNKNOWN as unknown as string[];
        } else if (news.images !== undefined) {
            if (!Array.isArray(news.images) || news.images.some((p) => typeof p !== "string")) {
                failures.push({ property: "images", reason: "images must be a list of file paths or FileAssets" });
            } else {
                images = [];
                for (const declared of news.images) {
                    const facts = inspectFile(declared);
                    if (typeof facts === "string") {
                        failures.push({ property: "images", reason: facts });
                    } else {
                        images.push(facts);
                    }
                }
                inputs.imageDigests = images.map((f) => f.sha256);
            }
        }

        let qualification: Record<string, unknown> | undefined;
        if (unknown.has("qualification")) {
            inputs.qualificationDigests = UNKNOWN as unknown as Record<string, string>;
        } else if (news.qualification !== undefined) {
            qualification = { ...news.qualification };
            const digests: Record<string, string> = {};
            for (const field of QUALIFICATION_FILE_FIELDS) {
                const declared = news.qualification[field];
                if (declared === undefined) {
                    continue;
                }
                const facts = inspectFile(String(declared));
                if (typeof facts === "string") {
                    // Resource-level failure: a property-level one would print the whole (secret) qualification.
                    failures.push({ property: "", reason: `qualification.${field}: ${facts}` });
                    delete qualification[field];
                } else {
                    qualification[field] = facts;
                    digests[field] = facts.sha256;
                }
            }
            inputs.qualificationDigests = digests;
        }

        for (const v of signatureViolations(
            { sign: news.sign, type: news.type, remark: news.remark, images, qualification: qualification as never },
            { skip: unknown },
        )) {
            failures.push(v.property === "qualification" ? { property: "", reason: `qualification: ${v.reason}` } : v);
        }
        return { inputs, failures };
    },

    sameCopy(key, recorded, declared) {
        if (key === "qualification") {
            return sameValue(qualificationText(recorded), qualificationText(declared));
        }
        // Outputs always record imageDigests ([] without images); inputs have it only with images.
        if (key === "imageDigests") {
            return sameValue(recorded ?? [], declared ?? []);
        }
        return sameValue(recorded ?? undefined, declared ?? undefined);
    },

    prepare(inputs) {
        const images = inputs.images?.map(readUpload);
        let qualification: QualificationFields | undefined;
        let qualificationDigests: Record<string, string> | undefined;
        if (inputs.qualification) {
            const q: Record<string, unknown> = { ...inputs.qualification };
            qualificationDigests = {};
            for (const field of QUALIFICATION_FILE_FIELDS) {
                const declared = inputs.qualification[field];
                if (declared !== undefined) {
                    const read = readUpload(declared);
                    q[field] = read.upload;
                    qualificationDigests[field] = read.sha256;
                }
            }
            qualification = withoutUndefined(q) as QualificationFields;
        }
        const fields = withoutUndefined({
            sign: inputs.sign,
            type: inputs.type,
            remark: inputs.remark,
            images: images?.map((i) => i.upload),
            qualification,
        });
        return {
            fields,
            inputs: withoutUndefined({ ...inputs, imageDigests: images?.map((i) => i.sha256), qualificationDigests }),
        };
    },

    create: (client, fields, hooks) => client.createSignature(fields, hooks),
    modify: (client, id, fields) => client.updateSignature(id, fields),
    read: (client, id) => client.getSignature(id),
    remove: (client, id) => client.deleteSignature(id),
    statusOf: (live) => live.status,

    // JSMS returns only the text of a signature: images, type and remark keep their recorded values.
    liveInputs: (recorded, live) => ({ ...recorded, sign: live.sign }),

    extraOutputs: (inputs, live) => ({
        imageDigests: inputs.imageDigests ?? [],
        isDefault: live?.isDefault ?? false,
        inUse: live?.inUse ?? false,
    }),

    // JSMS shows only the text of a signature, so that is what must match.
    adoptDifferences: (live, inputs) =>
        live.sign === inputs.sign
            ? []
            : [`sign: live ${JSON.stringify(live.sign)}, declared ${JSON.stringify(inputs.sign)}`],

    // JSMS's read shows only the text of a signature.
    readableContent: ({ sign }) => ({ kind: "sign", sign }),
    liveContent: ({ sign }) => ({ kind: "sign", sign }),

    describe: (id, inputs) => (inputs.sign === undefined ? `signature ${id}` : `signature ${id} "${inputs.sign}"`),

    refuseDelete(id, live, refusalCode) {
        const why =
            refusalCode === 50105
                ? "JSMS answered 50105 (default signature cannot be deleted)"
                : refusalCode === undefined
                  ? [
                        live.isDefault ? "it is the app's default signature" : "",
                        live.inUse ? "it is in use for sending" : "",
                    ]
                        .filter(Boolean)
                        .join(" and ")
                  : "";
        if (!why) {
            return undefined;
        }
        return new ProviderError(
            `refusing to delete signature ${id} "${live.sign}": ${why}. It stays in JSMS and in the stack. Stop using it ` +
                "(make another signature the default in the JSMS console and send with another sign_id), then run the " +
                "command again. To keep it at JSMS instead: before pulumi destroy, set the resource option " +
                "retainOnDelete: true and run pulumi up; the old signature of a replacement keeps the options it was " +
                "created with, so there declare retainOnDelete before changing the signature, or drop the old one from " +
                "the stack with pulumi state delete",
            { outcome: "nothing was deleted" },
        );
    },
};

/** The qualification without its file paths: renaming a file is not a change of what JSMS reviews. */
function qualificationText(q: unknown): unknown {
    if (q === undefined || q === null || containsUnknown(q) || typeof q !== "object") {
        return q ?? undefined;
    }
    const text: Record<string, unknown> = { ...(q as Record<string, unknown>) };
    for (const field of QUALIFICATION_FILE_FIELDS) {
        delete text[field];
    }
    return text;
}
