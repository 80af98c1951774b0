/**
 * Tiny but real image files for the signature tests of every suite, built byte by byte so no binary fixture is
 * needed: grey PNGs (different greys or widths give different bytes) and an 8×8 grey baseline JPEG.
 */
import * as zlib from "zlib";

/** One PNG chunk: length, type, data, CRC-32 over type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typeAndData) >>> 0);
    return Buffer.concat([length, typeAndData, crc]);
}

/** A valid 8-bit grayscale PNG of `width`×1 pixels of value `grey`. */
export function greyPng(grey = 0x80, width = 1): Buffer {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(1, 4);
    ihdr[8] = 8; // bit depth; colour type 0 (grey), compression, filter and interlace methods 0
    const scanline = Buffer.from([0x00, ...new Array<number>(width).fill(grey & 0xff)]); // filter "none"
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        pngChunk("IHDR", ihdr),
        pngChunk("IDAT", zlib.deflateSync(scanline)),
        pngChunk("IEND", Buffer.alloc(0)),
    ]);
}

/** A JPEG marker segment: FF, marker, 16-bit length (including itself), payload. */
function jpegSegment(marker: number, payload: number[]): Buffer {
    const length = payload.length + 2;
    return Buffer.from([0xff, marker, length >> 8, length & 0xff, ...payload]);
}

/**
 * A valid baseline JPEG: one 8×8 grey block (every coefficient 0 after the level shift), with one-symbol Huffman
 * tables so the entropy-coded data is just the bits "0" (DC category 0) and "0" (AC end-of-block), padded with 1s.
 */
export function greyJpeg(): Buffer {
    const oneCodeTable = (tableClassAndId: number): number[] => [
        tableClassAndId,
        1,
        ...new Array<number>(15).fill(0),
        0x00,
    ];
    return Buffer.concat([
        Buffer.from([0xff, 0xd8]), // SOI
        jpegSegment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), // APP0 JFIF
        jpegSegment(0xdb, [0x00, ...new Array<number>(64).fill(1)]), // DQT: table 0, all ones
        jpegSegment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]), // SOF0: 8-bit, 1×1, one component
        jpegSegment(0xc4, [...oneCodeTable(0x00), ...oneCodeTable(0x10)]), // DHT: DC table 0 and AC table 0
        jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS: component 1 uses DC 0 / AC 0, full spectrum
        Buffer.from([0x3f]), // "0" + "0" + six padding 1-bits
        Buffer.from([0xff, 0xd9]), // EOI
    ]);
}
