import type { RuleViolation } from "./ruleViolation";
import { JsmsCode } from "../client/returnCodes";

/** The longest remark JSMS accepts, in characters: the current parameter tables say 100 (older texts said 500). */
export const MAX_REMARK_LENGTH = 100;

/** 50045 when the remark of a template or signature is over 100 characters, counted in code points. */
export function remarkViolation(remark: string | undefined): RuleViolation | undefined {
    const length = remark === undefined ? 0 : [...remark].length;
    if (length <= MAX_REMARK_LENGTH) {
        return undefined;
    }
    return {
        property: "remark",
        code: JsmsCode.RemarkTooLong,
        reason: `remark is ${length} characters, over the limit of ${MAX_REMARK_LENGTH}; shorten it.`,
    };
}
