import { JsmsCode } from "pulumi-jsms/client/returnCodes";
import { parseObjectId } from "pulumi-jsms/validation/objectId";
import { VendorError } from "./vendorErrors";

/**
 * The numeric id in a path segment, or the given JSMS error (50013 for templates, 50102 for signatures):
 * the vendor has no "not found" code, an id that is malformed, unknown or another app's is simply invalid.
 */
export function pathId(
    segment: string,
    invalidCode: typeof JsmsCode.InvalidTempId | typeof JsmsCode.InvalidSignId,
): number {
    const id = parseObjectId(segment);
    if (id === undefined) {
        throw new VendorError(invalidCode, "not a valid id");
    }
    return id;
}
