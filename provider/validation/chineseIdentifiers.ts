/** Checksums of the PRC identifiers the 2025 signature qualification asks for. */

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK_CHARACTERS = "10X98765432";

/**
 * Whether a text is a valid 18-character PRC resident identity number (GB 11643-1999): 17 digits with a real
 * birth date at positions 7–14, then the ISO 7064 MOD 11-2 check character (a digit or X; lower-case x accepted).
 */
export function isValidResidentIdNumber(id: string): boolean {
    if (!/^\d{17}[\dXx]$/.test(id) || !isPastDate(id.slice(6, 14))) {
        return false;
    }
    let sum = 0;
    for (let i = 0; i < 17; i++) {
        sum += Number(id[i]) * RESIDENT_ID_WEIGHTS[i];
    }
    return RESIDENT_ID_CHECK_CHARACTERS[sum % 11] === id[17].toUpperCase();
}

/** A YYYYMMDD date that exists, from 1900 on and not in the future. */
function isPastDate(yyyymmdd: string): boolean {
    const year = Number(yyyymmdd.slice(0, 4));
    const month = Number(yyyymmdd.slice(4, 6));
    const day = Number(yyyymmdd.slice(6, 8));
    const date = new Date(Date.UTC(year, month - 1, day));
    return (
        year >= 1900 &&
        date.getUTCFullYear() === year &&
        date.getUTCMonth() === month - 1 &&
        date.getUTCDate() === day &&
        date.getTime() <= Date.now()
    );
}

/** The 31 characters of a unified social credit code: digits and capitals without I, O, Z, S, V. */
const CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Whether a text is a valid 18-character unified social credit code (GB 32100-2015): characters from the
 * code's alphabet, the last one the MOD 31 check character of the first 17.
 */
export function isValidSocialCreditCode(code: string): boolean {
    if (code.length !== 18) {
        return false;
    }
    const values = [...code].map((character) => CREDIT_CODE_CHARACTERS.indexOf(character));
    if (values.includes(-1)) {
        return false;
    }
    let sum = 0;
    for (let i = 0; i < 17; i++) {
        sum += values[i] * CREDIT_CODE_WEIGHTS[i];
    }
    return values[17] === (31 - (sum % 31)) % 31;
}
