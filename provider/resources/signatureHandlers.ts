/**
 * What the engine runs for each `SmsSignature`: check, diff, create, read, update and delete against JSMS.
 * Loaded in the provider process through `pulumi-jsms/runtime`, never serialized into state.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { JsmsClient } from "../client/jsmsClient";
import type { QualificationFields, SignatureFields, SignatureInfo } from "../client/types";
import { signatureViolations } from "../validation/signatureRules";
import { afterWrite } from "./afterWrite";
import { planChange } from "./changePlan";
import { clientFor } from "./clients";
import { checkCommonInputs, sameValue } from "./commonInputs";
import { deleteSignatureGuarded } from "./deleteGuard";
import { withoutUndefined } from "./plainOutputs";
import { ReviewStatus, reviewStatus, waitOptions } from "./reviewStatus";
import { LocalFileFacts, QUALIFICATION_FILE_FIELDS, inspectFile, uploadOf } from "./signatureFiles";
import { UNKNOWN, containsUnknown, unknownProperties } from "./unknowns";
import { SIGNATURE_GONE, jsmsCode, unlessGone } from "./vendorAnswers";

/** The 2025 qualification inputs; file fields hold paths (the resource class turns FileAssets into paths). */
export type QualificationInputs = Omit<QualificationFields, (typeof QUALIFICATION_FILE_FIELDS)[number]> &
    Partial<Record<(typeof QUALIFICATION_FILE_FIELDS)[number], string>>;

/** The inputs of an `SmsSignature` as the engine passes them (plain values), with the digests `check` adds. */
export interface SignatureInputs {
    sign: string;
    images?: string[];
    type?: number;
    remark?: string;
    qualification?: QualificationInputs;
    app?: string;
    waitForReview?: boolean | { timeoutSeconds?: number; pollIntervalSeconds?: number };
    adoptId?: number;
    /** sha256 of each image, in order; computed by `check` so content changes show in diffs. */
    imageDigests?: string[];
    /** sha256 of each qualification file, by field. */
    qualificationDigests?: Record<string, string>;
}

/** The outputs of an `SmsSignature`: its inputs plus what JSMS says about it. */
export interface SignatureOutputs extends SignatureInputs {
    signId: number;
    status: ReviewStatus;
    statusCode: number;
    isDefault: boolean;
    inUse: boolean;
}

/** The inputs that make up what JSMS reviews; changing them modifies or replaces the signature. */
const COPY_FIELDS = ["sign", "type", "remark", "imageDigests", "qualificationDigests"] as const;

/** The signature lifecycle as the dynamic-provider interface wants it. */
export const signatureHandlers: Required<Omit<dynamic.ResourceProvider<SignatureInputs, SignatureOutputs>, "configure">> = {
    async check(_olds, news) {
        const unknown = unknownProperties(news as unknown as Record<string, unknown>);
        const failures: dynamic.CheckFailure[] = [];
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
                images = inspectAll(news.images, (reason) => failures.push({ property: "images", reason }));
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
        failures.push(...checkCommonInputs(news as unknown as Record<string, unknown>, unknown));
        if (typeof inputs.adoptId === "string") {
            inputs.adoptId = Number(inputs.adoptId);
        }
        return { inputs, failures: failures.map(({ property, reason }) => ({ property, reason })) };
    },

    async diff(id, olds, news) {
        const copyChanged: string[] = COPY_FIELDS.filter((key) => !sameCopyField(key, olds[key], news[key]));
        if (!sameCopy(qualificationText(olds.qualification), qualificationText(news.qualification))) {
            copyChanged.push("qualification");
        }
        return planChange({
            label: `signature ${id}`,
            id,
            olds,
            news,
            copyChanged,
            otherChanged:
                !sameValue(olds.waitForReview, news.waitForReview) ||
                !sameValue(olds.images, news.images) ||
                !sameValue(olds.qualification, news.qualification),
            deleteFirstWhenPending: true,
        });
    },

    async create(inputs) {
        const client = clientFor(inputs.app);
        const id = inputs.adoptId !== undefined ? await adopt(client, inputs.adoptId, inputs) : await client.createSignature(signatureFields(inputs));
        const outs = await settle(client, id, inputs, 0);
        return { id: String(id), outs };
    },

    async read(id, props) {
        const olds = (props ?? {}) as SignatureOutputs;
        const live = await unlessGone(clientFor(olds.app).getSignature(Number(id)), SIGNATURE_GONE);
        if (!live) {
            return { id: "" };
        }
        // JSMS returns only the text of a signature: images, type and remark keep their recorded values.
        const inputs = userInputs({ ...olds, sign: live.sign });
        return { id, props: outputsOf(inputs, live.signId, live.status, live), inputs: inputs as SignatureOutputs };
    },

    async update(id, olds, news) {
        const client = clientFor(news.app);
        const copyChanged =
            COPY_FIELDS.some((key) => !sameCopyField(key, olds[key], news[key])) ||
            !sameCopy(qualificationText(olds.qualification), qualificationText(news.qualification));
        if (copyChanged) {
            try {
                await client.updateSignature(Number(id), signatureFields(news));
            } catch (err) {
                const code = jsmsCode(err);
                if (code === 50047) {
                    throw new Error(
                        `signature ${id} can no longer be modified: JSMS modifies only rejected signatures and this one ` +
                            "is now pending or approved; run pulumi refresh, then pulumi up, which will replace it instead",
                    );
                }
                throw err;
            }
        }
        // Also reached with no change of copy, to re-check a signature left not ready by an earlier run.
        const outs = await settle(client, Number(id), news, copyChanged ? 0 : olds.statusCode ?? 0);
        return { outs };
    },

    async delete(id, props) {
        await deleteSignatureGuarded(clientFor(props.app), Number(id));
    },
};

/** Takes over an existing signature: JSMS shows only its text, so that is what must match (or be modifiable). */
async function adopt(client: JsmsClient, adoptId: number, inputs: SignatureInputs): Promise<number> {
    const live = await unlessGone(client.getSignature(adoptId), SIGNATURE_GONE);
    if (!live) {
        throw new Error(`adoptId ${adoptId}: this app has no signature with that id (JSMS 50102); check the id in the JSMS console and the app credentials`);
    }
    if (live.sign === inputs.sign) {
        return adoptId;
    }
    if (live.status === 2) {
        await client.updateSignature(adoptId, signatureFields(inputs));
        return adoptId;
    }
    throw new Error(
        `cannot adopt signature ${adoptId}: its live text is "${live.sign}", not "${inputs.sign}", and JSMS modifies only ` +
            `rejected signatures (this one is ${reviewStatus(live.status)}); declare sign: "${live.sign}", or remove ` +
            "adoptId to create a new signature",
    );
}

/** Reads the review status after a write, waiting when asked; failures still record the signature. */
function settle(client: JsmsClient, id: number, inputs: SignatureInputs, fallbackStatus: number): Promise<SignatureOutputs> {
    return afterWrite<SignatureInfo, SignatureOutputs>({
        id,
        label: `signature ${id} "${inputs.sign}"`,
        read: () => client.getSignature(id),
        statusOf: (live) => live.status,
        outputs: (status, live) => outputsOf(userInputs(inputs), id, status, live),
        wait: waitOptions(inputs.waitForReview),
        fallbackStatus,
        serializedProvider: (inputs as { __provider?: unknown }).__provider,
        fixHint: "fix it and run pulumi up again: a rejected signature is modified in place and resubmitted",
    });
}

function signatureFields(inputs: SignatureInputs): SignatureFields {
    let qualification: QualificationFields | undefined;
    if (inputs.qualification) {
        const q: Record<string, unknown> = { ...inputs.qualification };
        for (const field of QUALIFICATION_FILE_FIELDS) {
            const declared = inputs.qualification[field];
            q[field] = declared === undefined ? undefined : uploadOf(declared);
        }
        qualification = withoutUndefined(q) as QualificationFields;
    }
    return withoutUndefined({
        sign: inputs.sign,
        type: inputs.type,
        remark: inputs.remark,
        images: inputs.images?.map(uploadOf),
        qualification,
    });
}

function outputsOf(inputs: SignatureInputs, signId: number, statusCode: number, live: SignatureInfo | undefined): SignatureOutputs {
    return withoutUndefined({
        ...inputs,
        imageDigests: inputs.imageDigests ?? [],
        signId,
        status: reviewStatus(statusCode),
        statusCode,
        isDefault: live?.isDefault ?? false,
        inUse: live?.inUse ?? false,
    });
}

/** Only what the user declared plus the digests `check` computed. */
function userInputs(inputs: SignatureInputs): SignatureInputs {
    const { sign, images, type, remark, qualification, app, waitForReview, adoptId, imageDigests, qualificationDigests } = inputs;
    return withoutUndefined({ sign, images, type, remark, qualification, app, waitForReview, adoptId, imageDigests, qualificationDigests });
}

/** The qualification without its file paths: renaming a file is not a change of what JSMS reviews. */
function qualificationText(q: QualificationInputs | undefined): Record<string, unknown> | undefined {
    if (q === undefined || containsUnknown(q)) {
        return q as Record<string, unknown> | undefined;
    }
    const text: Record<string, unknown> = { ...q };
    for (const field of QUALIFICATION_FILE_FIELDS) {
        delete text[field];
    }
    return text;
}

/**
 * A copy field of the old outputs against the new inputs. `outputsOf` always records `imageDigests` (`[]` without
 * images) while `check` adds it only when images are declared, so "no images" must compare equal both ways;
 * otherwise every signature without images showed a change of imageDigests on each preview, and an approved or
 * pending one was replaced on every `pulumi up`.
 */
function sameCopyField(key: (typeof COPY_FIELDS)[number], a: unknown, b: unknown): boolean {
    if (key === "imageDigests") {
        return sameCopy(a ?? [], b ?? []);
    }
    return sameCopy(a, b);
}

function sameCopy(a: unknown, b: unknown): boolean {
    return !containsUnknown(a) && !containsUnknown(b) && sameValue(a ?? undefined, b ?? undefined);
}

function inspectAll(paths: string[], fail: (reason: string) => void): LocalFileFacts[] {
    const facts: LocalFileFacts[] = [];
    for (const p of paths) {
        const f = inspectFile(p);
        if (typeof f === "string") {
            fail(f);
        } else {
            facts.push(f);
        }
    }
    return facts;
}
