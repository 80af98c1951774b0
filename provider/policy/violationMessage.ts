import { KINDS } from "../schema/resourceTable";
import type { JsmsResource } from "./resourceProps";

/**
 * One violation as a reviewer reads it in the preview of a pull request: the resource, the rule, what is wrong and
 * how to fix it, e.g. `SmsTemplate "promo" breaks jsms-max-segments: … Fix: …`.
 */
export function violationMessage(
    resource: Pick<JsmsResource, "kind" | "name">,
    rule: string,
    problem: string,
    fix: string,
): string {
    return `${KINDS[resource.kind].resourceName} "${resource.name}" breaks ${rule}: ${problem} Fix: ${fix}`;
}
