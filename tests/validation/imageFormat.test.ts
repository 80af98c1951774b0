import { expect } from "chai";
import { imageFormatFromName, sniffImageFormat } from "../../provider/validation/imageFormat";

describe("sniffImageFormat", () => {
    it("recognises PNG and JPEG by their first bytes", () => {
        expect(sniffImageFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).to.equal("png");
        expect(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).to.equal("jpeg");
    });
    it("recognises nothing else, nor a truncated signature", () => {
        expect(sniffImageFormat(Buffer.from("GIF89a"))).to.equal(undefined);
        expect(sniffImageFormat(Buffer.from("%PDF-1.7"))).to.equal(undefined);
        expect(sniffImageFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).to.equal(undefined);
        expect(sniffImageFormat(Buffer.from([0xff, 0xd8]))).to.equal(undefined);
        expect(sniffImageFormat(Buffer.alloc(0))).to.equal(undefined);
    });
});

describe("imageFormatFromName", () => {
    it("reads .png, .jpg and .jpeg in any case", () => {
        expect(imageFormatFromName("licence.png")).to.equal("png");
        expect(imageFormatFromName("LICENCE.PNG")).to.equal("png");
        expect(imageFormatFromName("a.b.jpg")).to.equal("jpeg");
        expect(imageFormatFromName("scan.Jpeg")).to.equal("jpeg");
    });
    it("rejects other or missing extensions", () => {
        for (const name of ["scan.gif", "png", "image0", "scan.png.exe", "", ".png/x"]) {
            expect(imageFormatFromName(name), name).to.equal(undefined);
        }
    });
});
