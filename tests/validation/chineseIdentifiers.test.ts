import { expect } from "chai";
import { isValidResidentIdNumber, isValidSocialCreditCode } from "../../provider/validation/chineseIdentifiers";

describe("isValidResidentIdNumber (GB 11643)", () => {
    it("accepts numbers with a correct check character, X in either case", () => {
        for (const id of ["11010519491231002X", "11010519491231002x", "440308199901010012"]) {
            expect(isValidResidentIdNumber(id), id).to.equal(true);
        }
    });
    it("rejects a wrong check character", () => {
        expect(isValidResidentIdNumber("110105194912310021")).to.equal(false);
        expect(isValidResidentIdNumber("440308199901010013")).to.equal(false);
    });
    it("rejects the wrong length or characters", () => {
        for (const id of ["11010519491231002", "11010519491231002XX", "1101051949123100AX", "", "11010519491231002Y"]) {
            expect(isValidResidentIdNumber(id), id).to.equal(false);
        }
    });
    it("rejects impossible or future birth dates even with a matching check character", () => {
        // Check characters computed for these bodies, so only the date can fail.
        const withCheck = (body: string) => {
            const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
            return body + "10X98765432"[sum % 11];
        };
        expect(isValidResidentIdNumber(withCheck("11010519491231002"))).to.equal(true);
        expect(isValidResidentIdNumber(withCheck("11010519491331002"))).to.equal(false);
        expect(isValidResidentIdNumber(withCheck("11010519490230002"))).to.equal(false);
        expect(isValidResidentIdNumber(withCheck("11010518991231002"))).to.equal(false);
        expect(isValidResidentIdNumber(withCheck("11010530000101002"))).to.equal(false);
    });
});

describe("isValidSocialCreditCode (GB 32100)", () => {
    it("accepts codes with a correct check character", () => {
        for (const code of ["91350100M000100Y43", "91110000600037341L"]) {
            expect(isValidSocialCreditCode(code), code).to.equal(true);
        }
    });
    it("rejects a wrong check character, letters outside the alphabet and the wrong length", () => {
        for (const code of [
            "91350100M000100Y44",
            "91350100I000100Y43",
            "91350100M000100Y4",
            "91350100m000100Y43",
            "",
        ]) {
            expect(isValidSocialCreditCode(code), code).to.equal(false);
        }
    });
});
