/**
 * Characters a reader cannot see but a phone acts on: zero-width spaces and joiners, bidirectional controls that
 * reorder the text after them, the byte-order mark and every other Unicode format character (category Cf), control
 * characters other than tab and line breaks, and the line and paragraph separators. Copy, remarks or signs holding
 * one would be approved by someone who never saw it, so `check` (and the simulator) refuse them, and the copy
 * review draws any that reached a stack before this rule as `⟨U+202E⟩`.
 */
import type { RuleViolation } from "./ruleViolation";

/** One invisible character found in a text. */
export interface InvisibleCharacter {
    /** Its code point, e.g. 0x202e. */
    codePoint: number;
    /** Where it is, counted in characters (code points) from 1, as the length rules count. */
    position: number;
}

/** Format characters, controls other than tab, LF and CR, and the line and paragraph separators. */
const INVISIBLE = /^(?:\p{Cf}|[^\P{Cc}\t\n\r]|\p{Zl}|\p{Zp})$/u;

/** Pictographs (emoji), which a zero-width joiner may join into one visible emoji such as 👩‍💻. */
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

/** Emoji presentation selector and skin-tone modifiers, which sit between a pictograph and a joiner. */
const EMOJI_MODIFIER = /^(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])$/u;

const ZERO_WIDTH_JOINER = 0x200d;

/** The most characters one reason lists; the rest are counted. */
const LISTED = 5;

/** Names of the characters people meet in pasted copy; others are named by their code point only. */
const NAMES: ReadonlyMap<number, string> = new Map([
    [0x00ad, "SOFT HYPHEN"],
    [0x061c, "ARABIC LETTER MARK"],
    [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
    [0x200b, "ZERO WIDTH SPACE"],
    [0x200c, "ZERO WIDTH NON-JOINER"],
    [0x200d, "ZERO WIDTH JOINER"],
    [0x200e, "LEFT-TO-RIGHT MARK"],
    [0x200f, "RIGHT-TO-LEFT MARK"],
    [0x2028, "LINE SEPARATOR"],
    [0x2029, "PARAGRAPH SEPARATOR"],
    [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
    [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
    [0x202c, "POP DIRECTIONAL FORMATTING"],
    [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
    [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
    [0x2060, "WORD JOINER"],
    [0x2061, "FUNCTION APPLICATION"],
    [0x2062, "INVISIBLE TIMES"],
    [0x2063, "INVISIBLE SEPARATOR"],
    [0x2064, "INVISIBLE PLUS"],
    [0x2066, "LEFT-TO-RIGHT ISOLATE"],
    [0x2067, "RIGHT-TO-LEFT ISOLATE"],
    [0x2068, "FIRST STRONG ISOLATE"],
    [0x2069, "POP DIRECTIONAL ISOLATE"],
    [0xfeff, "ZERO WIDTH NO-BREAK SPACE (byte-order mark)"],
]);

/** `U+202E`: a code point as Unicode writes it. */
export function codePointLabel(codePoint: number): string {
    return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The invisible characters of `text`, in order. A zero-width joiner between two pictographs is part of one visible
 * emoji (👩‍💻) and is not reported.
 */
export function invisibleCharacters(text: string): InvisibleCharacter[] {
    const chars = [...text];
    const found: InvisibleCharacter[] = [];
    chars.forEach((ch, index) => {
        if (!INVISIBLE.test(ch)) {
            return;
        }
        const codePoint = ch.codePointAt(0)!;
        if (codePoint === ZERO_WIDTH_JOINER && joinsEmoji(chars, index)) {
            return;
        }
        found.push({ codePoint, position: index + 1 });
    });
    return found;
}

function joinsEmoji(chars: string[], index: number): boolean {
    let before = index - 1;
    while (before >= 0 && EMOJI_MODIFIER.test(chars[before])) {
        before--;
    }
    return before >= 0 && PICTOGRAPH.test(chars[before]) && PICTOGRAPH.test(chars[index + 1] ?? "");
}

/** The text with each invisible character drawn as `⟨U+202E⟩`, so a reader sees it where it is. */
export function showInvisible(text: string): string {
    const found = invisibleCharacters(text);
    if (found.length === 0) {
        return text;
    }
    const at = new Set(found.map((c) => c.position - 1));
    return [...text].map((ch, index) => (at.has(index) ? `⟨${codePointLabel(ch.codePointAt(0)!)}⟩` : ch)).join("");
}

/**
 * The violation of a text holding invisible characters, on `property` with the vendor `code` the caller's field
 * uses, naming each character's code point and position; undefined when there is none.
 */
export function invisibleCharacterViolation(
    property: string,
    text: string | undefined,
    code: number,
): RuleViolation | undefined {
    const found = text === undefined ? [] : invisibleCharacters(text);
    if (found.length === 0) {
        return undefined;
    }
    const listed = found.slice(0, LISTED).map((c) => {
        const name = NAMES.get(c.codePoint);
        return `${codePointLabel(c.codePoint)}${name ? ` ${name}` : ""} at character ${c.position}`;
    });
    const more = found.length > LISTED ? ` and ${found.length - LISTED} more` : "";
    const them = found.length === 1 ? "it" : "them";
    return {
        property,
        code,
        reason:
            `${property} holds ${found.length === 1 ? "a character" : `${found.length} characters`} no reviewer can see ` +
            `but a phone acts on: ${listed.join(", ")}${more}; remove ${them} (retype the text if it was pasted).`,
    };
}
