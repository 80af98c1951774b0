/**
 * checksums.txt of a release: one `<sha256>  <path>` line per file, in the format `sha256sum -c` verifies.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { walk } from "./sdkPackages";

/** The name of the checksum file in the release folder. */
export const CHECKSUMS = "checksums.txt";

/** The sha256 of a file, hex. */
export function sha256(file: string): string {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Writes checksums.txt over every other file of `dir` (paths relative to it, with /) and returns its path. */
export function writeChecksums(dir: string): string {
    const lines = walk(dir)
        .map((file) => path.relative(dir, file).split(path.sep).join("/"))
        .filter((name) => name !== CHECKSUMS)
        .sort()
        .map((name) => `${sha256(path.join(dir, name))}  ${name}\n`);
    const file = path.join(dir, CHECKSUMS);
    fs.writeFileSync(file, lines.join(""));
    return file;
}

/** Parses checksums.txt into path → sha256, refusing any line that is not `<64 hex>  <path>`. */
export function readChecksums(file: string): Map<string, string> {
    const sums = new Map<string, string>();
    for (const [i, line] of fs.readFileSync(file, "utf8").split("\n").entries()) {
        if (line === "") {
            continue;
        }
        const m = /^([0-9a-f]{64}) {2}(\S.*)$/.exec(line);
        if (!m) {
            throw new Error(`${file}:${i + 1}: not "<sha256>  <path>": ${JSON.stringify(line)}`);
        }
        sums.set(m[2], m[1]);
    }
    return sums;
}
