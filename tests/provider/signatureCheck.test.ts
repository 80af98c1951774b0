/**
 * `SmsSignature` check: the text, image and qualification rules fail on their property with a reason that states
 * the rule; the ID number never appears; image digests are computed; placeholders are skipped; no API call is made.
 */
import { expect } from "chai";
import { handlers } from "./providerRuntime";
import {
    INVALID_ID_NUMBER,
    ImageFiles,
    UNKNOWN,
    recordFailures,
    sha256Of,
    useSimulator,
    validQualification,
    writeImageFiles,
} from "./providerFixtures";

type Failure = { property: string; reason: string };

const PROVIDER = { __provider: "serialized provider text" };

describe("provider/signature check", () => {
    const sim = useSimulator();
    let files: ImageFiles;

    before(() => {
        files = writeImageFiles();
    });

    after(() => files.cleanup());

    async function check(news: Record<string, unknown>) {
        return recordFailures(await handlers.signature.check({} as any, { ...PROVIDER, ...news } as any));
    }

    async function failures(news: Record<string, unknown>): Promise<Failure[]> {
        return (await check(news)).failures ?? [];
    }

    async function failuresOn(property: string, news: Record<string, unknown>): Promise<Failure[]> {
        return (await failures(news)).filter((f) => f.property === property);
    }

    function qualification(overrides: Record<string, unknown> = {}) {
        return validQualification(files, overrides);
    }

    it("accepts a plain signature and a complete one without failures", async () => {
        expect(await failures({ sign: "极光推送" })).to.deep.equal([]);
        expect(
            await failures({
                sign: "极光推送",
                type: 1,
                remark: "公司简称",
                images: [files.png, files.jpg],
                qualification: qualification(),
            }),
        ).to.deep.equal([]);
    });

    describe("sign text", () => {
        it("accepts 2 and 8 characters", async () => {
            expect(await failures({ sign: "极光" })).to.deep.equal([]);
            expect(await failures({ sign: "极光推送短信服务" })).to.deep.equal([]);
            expect(await failures({ sign: "JSMS2025" })).to.deep.equal([]);
        });

        it("fails 1 and 9 characters on sign, stating 2 to 8", async () => {
            for (const sign of ["极", "极光推送短信服务商"]) {
                const f = await failuresOn("sign", { sign });
                expect(f, sign).to.have.length(1);
                expect(f[0].reason).to.contain("2 to 8");
            }
        });

        it("fails 【】 on sign, explaining that JSMS adds them", async () => {
            const f = await failuresOn("sign", { sign: "【极光】" });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("【】");
        });

        it("fails other characters and a missing sign on sign", async () => {
            expect(await failuresOn("sign", { sign: "极光-推送" })).to.have.length(1);
            const f = await failuresOn("sign", {});
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("required");
        });
    });

    describe("images", () => {
        it("accepts 4 images and fails 5 on images, naming the limit of 4", async () => {
            expect(
                await failures({ sign: "极光推送", images: [files.png, files.jpg, files.otherPng, files.pngRenamed] }),
            ).to.deep.equal([]);
            const f = await failuresOn("images", {
                sign: "极光推送",
                images: [files.png, files.jpg, files.otherPng, files.pngRenamed, files.png],
            });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("4").and.to.contain("5");
        });

        it("fails a file that is not PNG or JPEG by content on images", async () => {
            const f = await failuresOn("images", { sign: "极光推送", images: [files.fakePng] });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("fake.png").and.to.contain("PNG or JPEG");
        });

        it("fails a name without .png/.jpg/.jpeg on images", async () => {
            const f = await failuresOn("images", { sign: "极光推送", images: [files.pngNamedGif] });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("picture.gif").and.to.contain(".png");
        });

        it("accepts exactly 2 MB and fails one byte more on images, naming the 2 MB limit", async () => {
            expect(await failures({ sign: "极光推送", images: [files.exactly2MB] })).to.deep.equal([]);
            const f = await failuresOn("images", { sign: "极光推送", images: [files.over2MB] });
            expect(f).to.have.length(1);
            expect(f[0].reason)
                .to.contain("2 MB")
                .and.to.contain(String(2 * 1024 * 1024 + 1));
        });

        it("fails a missing file on images, naming the path", async () => {
            const f = await failuresOn("images", { sign: "极光推送", images: [files.missing] });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("does-not-exist.png");
        });

        it("adds the sha256 of each image, in order, as imageDigests (and never the bytes)", async () => {
            const result = await check({ sign: "极光推送", images: [files.png, files.jpg] });
            expect(result.inputs?.imageDigests).to.deep.equal([sha256Of(files.png), sha256Of(files.jpg)]);
            expect(JSON.stringify(result.inputs)).not.to.contain("IHDR");
        });

        it("replaces stale digests coming in with the inputs", async () => {
            const result = await check({ sign: "极光推送", images: [files.png], imageDigests: ["stale"] });
            expect(result.inputs?.imageDigests).to.deep.equal([sha256Of(files.png)]);
        });
    });

    describe("type and remark", () => {
        it("fails a type outside 1, 3, 6, 7 on type", async () => {
            for (const type of [2, 4, 5, 8]) {
                const f = await failuresOn("type", { sign: "极光推送", type });
                expect(f, `type ${type}`).to.have.length(1);
                expect(f[0].reason).to.contain("1").and.to.contain("3").and.to.contain("6").and.to.contain("7");
            }
            for (const type of [1, 3, 6, 7]) {
                expect(await failuresOn("type", { sign: "极光推送", type }), `type ${type}`).to.deep.equal([]);
            }
        });

        it("accepts a remark of 100 characters and fails 101 on remark", async () => {
            expect(await failures({ sign: "极光推送", remark: "备".repeat(100) })).to.deep.equal([]);
            const f = await failuresOn("remark", { sign: "极光推送", remark: "备".repeat(101) });
            expect(f).to.have.length(1);
            expect(f[0].reason).to.contain("100");
        });
    });

    describe("qualification", () => {
        it("fails an invalid ID number as a resource-level failure that never contains the number", async () => {
            const all = await failures({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ legalPersonIdNumber: INVALID_ID_NUMBER }),
            });
            expect(all).to.have.length(1);
            expect(all[0].property).to.equal("");
            expect(all[0].reason).to.contain("legalPersonIdNumber");
            expect(all[0].reason).not.to.contain(INVALID_ID_NUMBER);
            expect(all[0].reason).not.to.contain(INVALID_ID_NUMBER.slice(0, 10));
        });

        it("reports no qualification problem on the qualification property (its value would be printed)", async () => {
            const all = await failures({
                sign: "极光推送",
                type: 1,
                qualification: { legalPersonIdNumber: INVALID_ID_NUMBER, idCardImage: files.fakePng },
            });
            expect(all.length).to.be.greaterThan(2);
            expect(all.filter((f) => f.property === "qualification")).to.deep.equal([]);
            expect(all.every((f) => !f.reason.includes(INVALID_ID_NUMBER))).to.equal(true);
        });

        it("fails the file a type needs when it is missing, and an unreadable file, at resource level", async () => {
            const { businessLicenseImage: _omit, ...noLicence } = qualification();
            const f = await failures({ sign: "极光推送", type: 1, qualification: noLicence });
            expect(f).to.have.length(1);
            expect(f[0].property).to.equal("");
            expect(f[0].reason).to.contain("businessLicenseImage");
            const missing = await failures({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ idCardImage: files.missing }),
            });
            expect(missing.map((x) => x.property)).to.include("");
            expect(missing.map((x) => x.reason).join(" ")).to.contain("idCardImage");
        });

        it("adds qualificationDigests for the qualification files", async () => {
            const result = await check({ sign: "极光推送", type: 1, qualification: qualification() });
            expect(result.inputs?.qualificationDigests).to.deep.equal({
                idCardImage: sha256Of(files.jpg),
                businessLicenseImage: sha256Of(files.png),
            });
        });
    });

    describe("unknown values (preview placeholder)", () => {
        const cases: Record<string, () => Record<string, unknown>> = {
            sign: () => ({ sign: UNKNOWN }),
            type: () => ({ sign: "极光推送", type: UNKNOWN, remark: "x" }),
            remark: () => ({ sign: "极光推送", remark: UNKNOWN }),
            images: () => ({ sign: "极光推送", images: UNKNOWN }),
            "one image": () => ({ sign: "极光推送", images: [files.png, UNKNOWN] }),
            qualification: () => ({ sign: "极光推送", type: 1, qualification: UNKNOWN }),
            "a qualification field": () => ({
                sign: "极光推送",
                type: 1,
                qualification: qualification({ legalPersonIdNumber: UNKNOWN }),
            }),
            app: () => ({ sign: "极光推送", app: UNKNOWN }),
            waitForReview: () => ({ sign: "极光推送", waitForReview: UNKNOWN }),
            adoptId: () => ({ sign: "极光推送", adoptId: UNKNOWN }),
        };
        for (const [field, news] of Object.entries(cases)) {
            it(`skips an unknown ${field}`, async () => {
                expect(await failures(news())).to.deep.equal([]);
            });
        }

        it("marks the digests unknown when the images are, so diff sees a change", async () => {
            const result = await check({ sign: "极光推送", images: UNKNOWN });
            expect(result.inputs?.imageDigests).to.equal(UNKNOWN);
        });
    });

    it("fails an app with no jsms:apps profile on app", async () => {
        const f = await failuresOn("app", { sign: "极光推送", app: "nosuchapp" });
        expect(f).to.have.length(1);
        expect(f[0].reason).to.contain("jsms:apps");
    });

    it("makes no API call, whatever it checks", async () => {
        await sim().clearRequests();
        await failures({ sign: "极光推送", images: [files.png, files.jpg] });
        await failures({ sign: "极", images: [files.over2MB, files.fakePng], app: "nosuchapp", adoptId: 20001 });
        await failures({
            sign: "极光推送",
            type: 1,
            qualification: qualification({ legalPersonIdNumber: INVALID_ID_NUMBER }),
        });
        expect(await sim().requests()).to.deep.equal([]);
        await fetch(`${sim().url}/v1/sign/1`);
        expect((await sim().requests()).map((r) => `${r.method} ${r.path}`)).to.deep.equal(["GET /v1/sign/1"]);
    });
});
