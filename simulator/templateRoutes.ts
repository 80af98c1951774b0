import { templateViolations } from "pulumi-jsms/validation/templateRules";
import type { ApiCall, ApiRoute } from "./apiRoute";
import { pathId } from "./objectIds";
import { readJsonBody } from "./requestBody";
import type { TemplateRecord } from "./store";
import { throwFirstViolation, VendorError } from "./vendorErrors";

/** `/v1/templates`: create, modify (rejected only), get and delete SMS templates. */
export const templateRoutes: ApiRoute[] = [
    { path: /^\/v1\/templates\/?$/, realm: "app", creates: true, methods: { POST: createTemplate } },
    {
        path: /^\/v1\/templates\/([^/]+)$/,
        realm: "app",
        methods: { GET: getTemplate, PUT: modifyTemplate, DELETE: deleteTemplate },
    },
];

/** POST: validated like the vendor, and only once the app has a signature (50046), in any review state. */
async function createTemplate({ req, key, context }: ApiCall) {
    const fields = validFields(await readJsonBody(req), context.options);
    requireSignature(key, context.store.allSigns());
    // temp_id in a create body is ignored: the Java SDK sends "temp_id": 0 on every create.
    const record = context.store.addTemplate({ app: key, ...fields, status: 0, autoReviewAt: null });
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { temp_id: record.id };
}

/** PUT: the path id is authoritative; only a rejected template may change, and the change resubmits it. */
async function modifyTemplate({ req, params, key, context }: ApiCall) {
    const id = pathId(params[0], 50013);
    const body = await readJsonBody(req);
    const bodyId = body.temp_id;
    if (bodyId !== undefined && bodyId !== null) {
        if (typeof bodyId !== "number") {
            throw new VendorError(50007, "temp_id must be a number");
        }
        if (bodyId !== 0 && bodyId !== id) {
            throw new VendorError(50013, "temp_id in the body differs from the path");
        }
    }
    const record = existing(context.store.template(id, key));
    if (record.status !== 2) {
        throw new VendorError(50047);
    }
    const fields = validFields(body, context.options);
    requireSignature(key, context.store.allSigns());
    Object.assign(record, fields);
    context.reviews.submit(record, Date.now());
    context.store.commit();
    return { temp_id: id };
}

/** GET: the vendor's shape; ttl and remark are left out when unset, as its JSON serializer drops nulls. */
function getTemplate({ params, key, context }: ApiCall) {
    const record = existing(context.store.template(pathId(params[0], 50013), key));
    return {
        temp_id: record.id,
        template: record.template,
        type: record.type,
        ...(record.ttl !== null ? { ttl: record.ttl } : {}),
        ...(record.remark !== null ? { remark: record.remark } : {}),
        status: record.status,
    };
}

/** DELETE: any review state; answers 200 with an empty body. */
function deleteTemplate({ params, key, context }: ApiCall) {
    const record = existing(context.store.template(pathId(params[0], 50013), key));
    context.store.deleteTemplate(record.id);
    context.store.commit();
    return undefined;
}

function existing(record: TemplateRecord | undefined): TemplateRecord {
    if (!record) {
        throw new VendorError(50013, "no such template for this app");
    }
    return record;
}

function requireSignature(app: string, signs: ReadonlyArray<{ app: string }>): void {
    if (!signs.some((sign) => sign.app === app)) {
        throw new VendorError(50046);
    }
}

/** The template fields of a body once every rule holds (else the first broken rule's error). */
function validFields(
    body: Record<string, unknown>,
    { maxTemplateLength, optOutSuffix }: { maxTemplateLength: number; optOutSuffix: string },
) {
    // Only the fields JSMS reads: a body's `signature` or `variableLengths` are Pulumi inputs the vendor ignores.
    const { template, type, ttl, remark } = body;
    throwFirstViolation(templateViolations({ template, type, ttl, remark }, { maxTemplateLength, optOutSuffix }));
    return {
        template: body.template as string,
        type: body.type as number,
        ttl: (body.ttl as number | null | undefined) ?? null,
        remark: (body.remark as string | null | undefined) ?? null,
    };
}
