import { invisibleCharacterViolation } from "./invisibleCharacters";
import type { RuleViolation } from "./ruleViolation";
import { JsmsCode } from "../client/returnCodes";

/** The longest remark JSMS accepts, in characters: the current parameter tables say 100 (older texts said 500). */
export const MAX_REMARK_LENGTH = 100;

/**
 * The remark's rules, shared by templates and signatures: 50045 when it is over 100 characters, counted in code
 * points; 50007 when it holds a character no reviewer can see (invisibleCharacters.ts).
 */
export function remarkViolations(remark: string | undefined): RuleViolation[] {
    const violations: RuleViolation[] = [];
    const length = remark === undefined ? 0 : [...remark].length;
    if (length > MAX_REMARK_LENGTH) {
        violations.push({
            property: "remark",
            code: JsmsCode.RemarkTooLong,
            reason: `remark is ${length} characters, over the limit of ${MAX_REMARK_LENGTH}; shorten it.`,
        });
    }
    const invisible = invisibleCharacterViolation("remark", remark, JsmsCode.InvalidBody);
    if (invisible) {
        violations.push(invisible);
    }
    return violations;
}
