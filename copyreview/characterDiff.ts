/**
 * Which characters of a message changed between the old and the new copy, by Unicode code point (an emoji or a
 * character outside the BMP is one character, as JSMS counts it), so the renderers can mark them.
 */
import { diffChars } from "diff";

/** The changed characters of both versions, as code-point indexes into each text. */
export interface CharacterChanges {
    /** Indexes (code points) of the old text's characters that are gone in the new one. */
    removed: Set<number>;
    /** Indexes (code points) of the new text's characters that were not in the old one. */
    added: Set<number>;
}

/** The characters removed from `oldText` and added in `newText` (a shortest edit, character by character). */
export function characterChanges(oldText: string, newText: string): CharacterChanges {
    const removed = new Set<number>();
    const added = new Set<number>();
    let oldIndex = 0;
    let newIndex = 0;
    for (const part of diffChars(oldText, newText)) {
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
    return { removed, added };
}
