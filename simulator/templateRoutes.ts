import { JsmsCode } from "pulumi-jsms/client/returnCodes";
import { KINDS } from "pulumi-jsms/schema/resourceTable";
import { ReviewCode } from "pulumi-jsms/schema/reviewStatus";
import { WIRE } from "pulumi-jsms/schema/wireNames";
import { templateViolations } from "pulumi-jsms/validation/templateRules";
import type { ApiCall, ApiRoute } from "./apiRoute";
import { pathId } from "./objectIds";
import { readJsonBody } from "./requestBody";
import type { TemplateRecord } from "./store";
import { throwFirstViolation, VendorError } from "./vendorErrors";

/** The template fields under their wire names. */
const W = WIRE.template;
const PATH = `/v1/${KINDS.template.wirePath}`;

/** `/v1/templates`: create, modify (rejected only), get and delete SMS templates. */
export const templateRoutes: ApiRoute[] = [
    { path: new RegExp(`^${PATH}/?$`), realm: "app", creates: true, methods: { POST: createTemplate } },
    {
        path: new RegExp(`^${PATH}/([^/]+)$`),
        realm: "app",
        methods: { GET: getTemplate, PUT: modifyTemplate, DELETE: deleteTemplate },
    },
];

/** POST: validated like the vendor, and only once the app has a signature, in any review state. */
async function createTemplate({ req, key, context }: ApiCall) {
    const fields = validFields(await readJsonBody(req), context.options);
    requireSignature(key, context.store.allSigns());
    // The id in a create body is ignored: the Java SDK sends "temp_id": 0 on every create.
    const record = context.store.addTemplate({ app: key, ...fields, status: ReviewCode.pending, autoReviewAt: null });
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { [W.tempId]: record.id };
}

/** PUT: the path id is authoritative; only a rejected template may change, and the change resubmits it. */
async function modifyTemplate({ req, params, key, context }: ApiCall) {
    const id = pathId(params[0], JsmsCode.InvalidTempId);
    const body = await readJsonBody(req);
    const bodyId = body[W.tempId];
    if (bodyId !== undefined && bodyId !== null) {
        if (typeof bodyId !== "number") {
            throw new VendorError(JsmsCode.InvalidBody, `${W.tempId} must be a number`);
        }
        if (bodyId !== 0 && bodyId !== id) {
            throw new VendorError(JsmsCode.InvalidTempId, `${W.tempId} in the body differs from the path`);
        }
    }
    const record = existing(context.store.template(id, key));
    if (record.status !== ReviewCode.rejected) {
        throw new VendorError(JsmsCode.ModifyNotAllowed);
    }
    const fields = validFields(body, context.options);
    requireSignature(key, context.store.allSigns());
    Object.assign(record, fields);
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { [W.tempId]: id };
}

/** GET: the vendor's shape; ttl and remark are left out when unset, as its JSON serializer drops nulls. */
function getTemplate({ params, key, context }: ApiCall) {
    const record = existing(context.store.template(pathId(params[0], JsmsCode.InvalidTempId), key));
    return {
        [W.tempId]: record.id,
        [W.template]: record.template,
        [W.type]: record.type,
        ...(record.ttl !== null ? { [W.ttl]: record.ttl } : {}),
        ...(record.remark !== null ? { [W.remark]: record.remark } : {}),
        [W.statusCode]: record.status,
    };
}

/** DELETE: any review state; answers 200 with an empty body. */
function deleteTemplate({ params, key, context }: ApiCall) {
    const record = existing(context.store.template(pathId(params[0], JsmsCode.InvalidTempId), key));
    context.store.deleteTemplate(record.id);
    context.store.commit();
    return undefined;
}

function existing(record: TemplateRecord | undefined): TemplateRecord {
    if (!record) {
        throw new VendorError(JsmsCode.InvalidTempId, "no such template for this app");
    }
    return record;
}

function requireSignature(app: string, signs: ReadonlyArray<{ app: string }>): void {
    if (!signs.some((sign) => sign.app === app)) {
        throw new VendorError(JsmsCode.SignatureNotSet);
    }
}

/** The template fields of a body once every rule holds (else the first broken rule's error). */
function validFields(
    body: Record<string, unknown>,
    { maxTemplateLength, optOutSuffix }: { maxTemplateLength: number; optOutSuffix: string },
) {
    // Only the fields JSMS reads: a body's `signature` or `variableLengths` are Pulumi inputs the vendor ignores.
    const fields = {
        template: body[W.template] as string,
        type: body[W.type] as number,
        ttl: body[W.ttl] as number | null | undefined,
        remark: body[W.remark] as string | null | undefined,
    };
    throwFirstViolation(templateViolations(fields, { maxTemplateLength, optOutSuffix }));
    return { ...fields, ttl: fields.ttl ?? null, remark: fields.remark ?? null };
}
