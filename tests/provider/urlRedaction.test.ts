// URLs quoted in messages lose their user-info, whether they parse or not; the rest is quoted as written.
import { expect } from "chai";
import { redactUrl, redactUrlsIn } from "../../provider/urlRedaction";

/** Each text, and what redactUrl makes of it. */
function expectRedacted(cases: [text: string, redacted: string][]): void {
    for (const [text, redacted] of cases) {
        expect(redactUrl(text), text).to.equal(redacted);
    }
}

describe("provider/urlRedaction", () => {
    it("removes the user-info of a URL, and keeps one without an @ as written", () => {
        expectRedacted([
            ["https://user:s3cret@api.example.com/v1?x=1", "https://***@api.example.com/v1?x=1"],
            ["postgres://app:p%40ss@db:5432/hook", "postgres://***@db:5432/hook"],
            // An @ after the host may end a password that held a /: all up to it goes.
            ["https://tok@host/a@b", "https://***@b"],
            ["https://api.sms.jpush.cn/v1/", "https://api.sms.jpush.cn/v1/"],
            ["https://api.sms.jpush.cn", "https://api.sms.jpush.cn"],
        ]);
    });

    it("removes everything up to the last @ of a text that does not parse, whatever the password holds", () => {
        expectRedacted([
            [" https://tok@y;G?_G):pw@127.0.0.1:1?x=1", " https://***@127.0.0.1:1?x=1"],
            ["http://user:pa/ss@bad host", "http://***@bad host"],
            ["htp://u:p a:ss@@host", "htp://***@host"],
            [" https://u:secret@", " https://***@"],
            ["user:secret@host", "***@host"],
            ["not a url", "not a url"],
            // A password with ? or # makes the parser see a host and a query: the @ still ends what is cut.
            ["https://tok?en:pw@host/x", "https://***@host/x"],
        ]);
    });

    it("redacts every URL in a text, and nothing else", () => {
        expect(
            redactUrlsIn("error: cannot reach postgres://hook:pw@db/x or https://t0k@ci.example.com/run, mail a@b.cn"),
        ).to.equal("error: cannot reach postgres://***@db/x or https://***@ci.example.com/run, mail a@b.cn");
    });
});
