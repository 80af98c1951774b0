// The HTML review in a real browser (Debian's chromium, headless, driven by playwright-core): each bubble's rendered
// text is the message JSMS sends, nothing is wider than a 360-pixel phone screen, and a screenshot is written.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser } from "playwright-core";
import { renderHtml } from "../../copyreview/htmlRenderer";
import { planCopyReview } from "../../copyreview/reviewPlan";
import { previewOf, templateStep } from "./previewSteps";

/** Debian's package; scripts/install-chromium.sh installs it (scripts/test.sh runs it in CI and as root). */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

const LONG_LINK = `https://example.com/very/long/path/without/any/space/that/would/overflow/a/phone/screen/${"x".repeat(80)}`;

/** The templates drawn, and what JSMS sends for each (signature, copy, opt-out text; a line break as one break). */
const CASES = [
    {
        name: "otp",
        op: "replace",
        old: "您的验证码是{{code}}，10分钟内有效。",
        next: "您的验证码是{{code}}，5分钟内有效，请勿泄露。",
        type: 1,
    },
    { name: "tricky", op: "create", next: `a<b>|c\`d\`&amp; 🎉𠀀\r\n第二行\n第三行 ${LONG_LINK}`, type: 2 },
    {
        name: "sale",
        op: "update",
        old: "春季上新{{n}}件，全场八折。",
        next: `夏季上新{{n}}件，全场七折！详情见 ${LONG_LINK}`,
        type: 3,
    },
    { name: "gone", op: "delete", old: "旧模板，不再使用。", type: 2 },
] as const;

function sent(copy: string, type: number): string {
    return `【极光推送】${copy}${type === 3 ? "回T退订" : ""}`.replace(/\r\n|\r/g, "\n");
}

function chromiumRequired(): boolean {
    const required = (v: string | undefined) => v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
    return required(process.env.CI) || required(process.env.JSMS_REQUIRE_CHROMIUM);
}

describe("copy review: the HTML page in headless chromium at 360 px", function () {
    this.timeout(120_000);
    let browser: Browser;
    let folder: string;

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            const hint = `${CHROMIUM} is missing: run bash scripts/install-chromium.sh (as root)`;
            if (chromiumRequired()) {
                throw new Error(`CI or JSMS_REQUIRE_CHROMIUM is set but ${hint}`);
            }
            process.stderr.write(`skipping: ${hint}\n`);
            this.skip();
        }
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-copy-review-browser-"));
        browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    });

    after(async () => {
        await browser?.close();
        if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it("draws each message as sent, fits 360 px, and writes a screenshot", async () => {
        const steps = CASES.map((c) =>
            templateStep(
                c.op,
                c.name,
                "old" in c
                    ? {
                          template: c.old,
                          type: c.type,
                          variableLengths: { code: 6, n: 3 },
                          status: c.op === "update" ? "rejected" : "approved",
                          rejectReason: c.op === "update" ? "折扣说明不清" : undefined,
                      }
                    : undefined,
                "next" in c ? { template: c.next, type: c.type, variableLengths: { code: 6, n: 3 } } : undefined,
            ),
        );
        const file = path.join(folder, "copy-review.html");
        fs.writeFileSync(file, renderHtml(planCopyReview(previewOf(steps), { pricePerSms: 0.045, currency: "CNY" })));

        const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
        const requests: string[] = [];
        page.on("request", (r) => {
            if (!r.url().startsWith("file:")) requests.push(r.url());
        });
        await page.goto(`file://${file}`);

        // The callbacks run in the page; this project compiles without the DOM library, hence the narrow types.
        type Shown = {
            getAttribute(name: string): string | null;
            querySelector(selector: string): { innerText: string } | null;
        };
        const bubbles = await page.$$eval(".change", (changes) =>
            (changes as unknown as Shown[]).map((c) => ({
                name: c.getAttribute("data-name"),
                // biome-ignore lint/performance/useDomNodeTextContent: the text a phone shows is the rendered one
                old: c.querySelector(".bubble.old")?.innerText,
                // biome-ignore lint/performance/useDomNodeTextContent: the text a phone shows is the rendered one
                new: c.querySelector(".bubble.new")?.innerText,
            })),
        );
        const expected = CASES.map((c) => ({
            name: c.name,
            old: "old" in c ? sent(c.old, c.type) : undefined,
            new: "next" in c ? sent(c.next, c.type) : undefined,
        }));
        expect(bubbles).to.deep.equal(expected);

        const overflowing = await page.$$eval(".bubble, .change, .screen, table, body, html", (elements) =>
            elements
                .filter((e) => e.scrollWidth > e.clientWidth)
                .map((e) => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`),
        );
        expect(overflowing).to.deep.equal([]);
        const page360 = (await page.evaluate(
            "({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })",
        )) as {
            scroll: number;
            client: number;
        };
        expect(page360.scroll).to.be.at.most(page360.client).and.at.most(360);

        // The declared lengths are drawn (CSS), not part of the text.
        const mark = await page.evaluate(
            'getComputedStyle(document.querySelector(".bubble.new .var"), "::after").content',
        );
        expect(mark).to.equal('"≤6"');
        expect(requests, "the page loads nothing").to.deep.equal([]);

        const shot = process.env.JSMS_COPY_REVIEW_SCREENSHOT ?? path.join(folder, "copy-review.png");
        await page.screenshot({ path: shot, fullPage: true });
        const png = fs.readFileSync(shot);
        expect(png.subarray(1, 4).toString("latin1")).to.equal("PNG");
        expect(png.readUInt32BE(16), "screenshot width").to.equal(360);
    });
});
