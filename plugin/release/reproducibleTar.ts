/**
 * A .tar.gz whose bytes depend only on the files it holds: entries sorted by name, every timestamp the release's
 * fixed date, owner and group 0/0 with no names, fixed modes, and a gzip header without a time or a build OS. Two
 * builds of one commit therefore give the same checksums (docs/release.md).
 */
import * as fs from "fs";
import * as zlib from "zlib";

/** The date every archive of a release records: SOURCE_DATE_EPOCH when set, else 2000-01-01T00:00:00Z. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number {
    const value = env.SOURCE_DATE_EPOCH;
    if (value === undefined || value === "") {
        return 946684800;
    }
    if (!/^\d{1,11}$/.test(value)) {
        throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(value)}`);
    }
    return Number(value);
}

/** One file of an archive. */
export interface TarEntry {
    /** The path inside the archive, with `/`. */
    name: string;
    data: Buffer;
    /** Unix permission bits, e.g. 0o755 for an executable. */
    mode: number;
}

const BLOCK = 512;

/** A ustar header: the fields POSIX defines, numbers in octal, the checksum over the header with its field blank. */
function header(entry: TarEntry, mtime: number): Buffer {
    const name = Buffer.from(entry.name, "utf8");
    if (name.length > 100 || entry.name.startsWith("/") || entry.name.split("/").includes("..")) {
        throw new Error(`cannot archive ${JSON.stringify(entry.name)}: a relative path of at most 100 bytes is needed`);
    }
    const h = Buffer.alloc(BLOCK);
    const octal = (offset: number, width: number, value: number) =>
        h.write(`${value.toString(8).padStart(width - 1, "0")}\0`, offset, width, "ascii");
    name.copy(h, 0);
    octal(100, 8, entry.mode & 0o7777);
    octal(108, 8, 0); // uid
    octal(116, 8, 0); // gid
    octal(124, 12, entry.data.length);
    octal(136, 12, mtime);
    h.write("        ", 148, 8, "ascii"); // the checksum field counts as spaces while summing
    h.write("0", 156, 1, "ascii"); // a regular file
    h.write("ustar\u000000", 257, 8, "ascii");
    let sum = 0;
    for (const byte of h) {
        sum += byte;
    }
    h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
    return h;
}

/** The gzipped tar of `entries` (sorted by name here), every entry dated `mtime` (seconds). */
export function reproducibleTarGz(entries: readonly TarEntry[], mtime = sourceDateEpoch()): Buffer {
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const parts: Buffer[] = [];
    for (const entry of sorted) {
        parts.push(header(entry, mtime), entry.data, Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK));
    }
    parts.push(Buffer.alloc(2 * BLOCK));
    const gz = zlib.gzipSync(Buffer.concat(parts), { level: 9 });
    // zlib writes a zero time; its OS byte is the build machine's, so it is fixed to Unix (3).
    gz[9] = 3;
    return gz;
}

/** Writes reproducibleTarGz(entries) to `file`. */
export function writeReproducibleTarGz(file: string, entries: readonly TarEntry[]): void {
    fs.writeFileSync(file, reproducibleTarGz(entries));
}
