/**
 * Which characters of a message changed between the old and the new copy, by Unicode code point (an emoji or a
 * character outside the BMP is one character, as JSMS counts it), so the renderers can mark them.
 */
import { diffChars } from "diff";

/**
 * The longest edit (characters removed plus added) worked out character by character. The search costs about the
 * texts' length times the edit's, so two unrelated long texts would take seconds; past this bound the whole old
 * text counts as removed and the whole new one as added. A JSMS message is at most a few hundred characters, so
 * rewriting one completely stays within it.
 */
export const MAX_CHARACTER_EDIT = 1_000;

/** The changed characters of both versions, as code-point indexes into each text. */
export interface CharacterChanges {
    /** Indexes (code points) of the old text's characters that are gone in the new one. */
    removed: Set<number>;
    /** Indexes (code points) of the new text's characters that were not in the old one. */
    added: Set<number>;
    /** True when the edit was longer than {@link MAX_CHARACTER_EDIT}: every character counts as replaced. */
    replacedWhole: boolean;
}

/**
 * The characters removed from `oldText` and added in `newText` (a shortest edit, character by character), or the
 * whole texts when that edit is longer than {@link MAX_CHARACTER_EDIT}.
 */
export function characterChanges(oldText: string, newText: string): CharacterChanges {
    const parts = diffChars(oldText, newText, { maxEditLength: MAX_CHARACTER_EDIT });
    if (parts === undefined) {
        const all = (text: string) => new Set([...text].map((_, index) => index));
        return { removed: all(oldText), added: all(newText), replacedWhole: true };
    }
    const removed = new Set<number>();
    const added = new Set<number>();
    let oldIndex = 0;
    let newIndex = 0;
    for (const part of parts) {
        const length = [...part.value].length;
        for (let i = 0; i < length; i++) {
            if (part.removed) {
                removed.add(oldIndex++);
            } else if (part.added) {
                added.add(newIndex++);
            } else {
                oldIndex++;
                newIndex++;
            }
        }
    }
    return { removed, added, replacedWhole: false };
}
