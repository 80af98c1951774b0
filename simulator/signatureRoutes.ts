import { JsmsCode } from "pulumi-jsms/client/returnCodes";
import { KINDS } from "pulumi-jsms/schema/resourceTable";
import { ReviewCode } from "pulumi-jsms/schema/reviewStatus";
import { WIRE } from "pulumi-jsms/schema/wireNames";
import { signatureViolations } from "pulumi-jsms/validation/signatureRules";
import type { ApiCall, ApiRoute } from "./apiRoute";
import type { SimulatorContext } from "./context";
import { readMultipartForm } from "./multipartForm";
import { pathId } from "./objectIds";
import { signatureSubmission, type SignatureSubmission } from "./signatureForm";
import type { SignRecord } from "./store";
import { throwFirstViolation, VendorError } from "./vendorErrors";

/** The signature fields under their wire names. */
const W = WIRE.signature;
const PATH = `/v1/${KINDS.signature.wirePath}`;

/**
 * `/v1/sign`: create, modify (rejected only), get and delete SMS signatures. Create is also accepted with a
 * trailing slash (PHP's base URI) and modify with PUT as well as POST (the English docs still say PUT).
 */
export const signatureRoutes: ApiRoute[] = [
    { path: new RegExp(`^${PATH}/?$`), realm: "app", creates: true, methods: { POST: createSign } },
    {
        path: new RegExp(`^${PATH}/([^/]+)$`),
        realm: "app",
        methods: { GET: getSign, POST: modifySign, PUT: modifySign, DELETE: deleteSign },
    },
];

/** POST: validated, then refused while another signature of the app is pending review (50103). */
async function createSign({ req, key, context }: ApiCall) {
    const submission = await readSubmission(req);
    throwFirstViolation(signatureViolations(submission.rules));
    requireNoOtherPending(context, key, undefined);
    const record = context.store.addSign({
        app: key,
        ...signFields(submission),
        status: ReviewCode.pending,
        isDefault: false,
        inUse: false,
        autoReviewAt: null,
    });
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { [W.signId]: record.id };
}

/**
 * POST or PUT: only a rejected signature may change (the vendor documents no code for the others, so it is
 * configurable); the change replaces every field, files included, and resubmits it for review.
 */
async function modifySign({ req, params, key, context }: ApiCall) {
    const id = pathId(params[0], JsmsCode.InvalidSignId);
    const submission = await readSubmission(req);
    const record = existing(context.store.sign(id, key));
    if (record.status !== ReviewCode.rejected) {
        // JSMS words its 50047 for what was asked; the template text would mislead a signature's owner.
        const code = context.options.signatureModifyErrorCode;
        throw new VendorError(
            code,
            "only a rejected signature can be modified",
            code === JsmsCode.ModifyNotAllowed ? { message: "modify signature not allow" } : {},
        );
    }
    throwFirstViolation(signatureViolations(submission.rules));
    requireNoOtherPending(context, key, id);
    Object.assign(record, signFields(submission));
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { [W.signId]: id };
}

/** GET: `{sign_id, sign, status, is_default, use_status}` with 0/1 flags; status 0 while pending. */
function getSign({ params, key, context }: ApiCall) {
    const record = existing(context.store.sign(pathId(params[0], JsmsCode.InvalidSignId), key));
    return {
        [W.signId]: record.id,
        [W.sign]: record.sign,
        [W.statusCode]: record.status,
        [W.isDefault]: record.isDefault ? 1 : 0,
        [W.inUse]: record.inUse ? 1 : 0,
    };
}

/** DELETE: refused for the default signature and for one in use (50105); 200 with an empty body otherwise. */
function deleteSign({ params, key, context }: ApiCall) {
    const record = existing(context.store.sign(pathId(params[0], JsmsCode.InvalidSignId), key));
    if (record.isDefault || record.inUse) {
        throw new VendorError(
            JsmsCode.DefaultSignatureNotDeletable,
            record.isDefault ? "it is the default signature" : "it is in use",
        );
    }
    context.store.deleteSign(record.id);
    context.store.commit();
    return undefined;
}

async function readSubmission(req: ApiCall["req"]): Promise<SignatureSubmission> {
    return signatureSubmission(await readMultipartForm(req));
}

function existing(record: SignRecord | undefined): SignRecord {
    if (!record) {
        throw new VendorError(JsmsCode.InvalidSignId, "no such signature for this app");
    }
    return record;
}

/** At most one signature per app may be pending review at a time (docs/jsms-api.md). */
function requireNoOtherPending(context: SimulatorContext, app: string, except: number | undefined): void {
    if (
        context.store
            .allSigns()
            .some((sign) => sign.app === app && sign.id !== except && sign.status === ReviewCode.pending)
    ) {
        throw new VendorError(JsmsCode.OtherSignatureInAudit);
    }
}

function signFields(submission: SignatureSubmission) {
    return {
        sign: submission.rules.sign as string,
        type: (submission.rules.type as number | undefined) ?? null,
        remark: (submission.rules.remark as string | undefined) ?? null,
        images: submission.files,
        qualification: submission.qualification,
    };
}
