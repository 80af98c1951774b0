// The changed characters of two versions: a shortest edit by code point, bounded so that two long unrelated texts
// fall back to a whole-text replace instead of a search that takes seconds.
import { expect } from "chai";
import { MAX_CHARACTER_EDIT, characterChanges } from "../../copyreview/characterDiff";

/** `length` characters drawn from `alphabet` by a fixed step, so the text is the same every run. */
function text(alphabet: string, length: number, step: number): string {
    const chars = [...alphabet];
    return Array.from({ length }, (_, i) => chars[(i * step) % chars.length]).join("");
}

describe("copy review: changed characters", () => {
    it("marks the characters of a small edit, a four-byte character as one", () => {
        const changes = characterChanges("验证码10分钟有效🎉", "验证码5分钟有效😀");
        expect([...changes.removed]).to.deep.equal([3, 4, 9]);
        expect([...changes.added]).to.deep.equal([3, 8]);
        expect(changes.replacedWhole).to.equal(false);
    });

    it("diffs a complete rewrite of a long template character by character", () => {
        const old = text("春夏秋冬东南西北", 400, 3);
        const next = text("春夏秋冬东南西北", 400, 5);
        expect(characterChanges(old, next).replacedWhole).to.equal(false);
    });

    it("replaces two unrelated 5,000-character texts whole, past the bound", () => {
        const old = text("甲乙丙丁戊己庚辛壬癸", 5_000, 7);
        const next = text("子丑寅卯辰巳午未申酉戌亥", 5_000, 5);
        expect(5_000 + 5_000).to.be.greaterThan(MAX_CHARACTER_EDIT);
        const changes = characterChanges(old, next);
        expect(changes.replacedWhole).to.equal(true);
        expect(changes.removed.size).to.equal(5_000);
        expect(changes.added.size).to.equal(5_000);
    });
});
