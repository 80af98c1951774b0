/**
 * Hand-written opt-out text in a marketing template. JSMS appends its own opt-out text to every marketing SMS, so a
 * template that writes one pays for it twice and is refused in JSMS's review.
 */
import { DEFAULT_OPT_OUT_SUFFIX } from "./smsCounting";

/**
 * The usual ways Chinese marketing SMS say "reply to unsubscribe": 退订 (unsubscribe), 拒收 (refuse), and 回 or
 * 回复 followed by T or TD (the initials of 退订) on their own; other reply keywords (回复Y确认) are left alone.
 */
const OPT_OUT_PATTERNS = [/退订/, /拒收/, /回复?\s*TD?(?![A-Za-z])/i];

/**
 * The opt-out text a template writes itself, as found, or undefined. Full-width letters are folded first (回Ｔ退订
 * is 回T退订), and `suffix` (the text JSMS appends) is looked for as well, in case the vendor's wording changes.
 */
export function handWrittenOptOut(template: string, suffix: string = DEFAULT_OPT_OUT_SUFFIX): string | undefined {
    const text = template.normalize("NFKC");
    const ownSuffix = suffix.normalize("NFKC");
    if (ownSuffix !== "" && text.includes(ownSuffix)) {
        return ownSuffix;
    }
    for (const pattern of OPT_OUT_PATTERNS) {
        const match = pattern.exec(text);
        if (match) {
            return match[0];
        }
    }
    return undefined;
}
