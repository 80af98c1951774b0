// URLs quoted in messages lose their user-info, whether they parse or not; the rest is quoted as written.
import { expect } from "chai";
import { redactUrl, redactUrlsIn } from "../../provider/urlRedaction";

describe("provider/urlRedaction", () => {
    it("removes the user-info of a URL, and keeps one without an @ as written", () => {
        expect(redactUrl("https://user:s3cret@api.example.com/v1?x=1")).to.equal("https://***@api.example.com/v1?x=1");
        expect(redactUrl("postgres://app:p%40ss@db:5432/hook")).to.equal("postgres://***@db:5432/hook");
        // An @ after the host may end a password that held a /: all up to it goes.
        expect(redactUrl("https://tok@host/a@b")).to.equal("https://***@b");
        expect(redactUrl("https://api.sms.jpush.cn/v1/")).to.equal("https://api.sms.jpush.cn/v1/");
        expect(redactUrl("https://api.sms.jpush.cn")).to.equal("https://api.sms.jpush.cn");
    });

    it("removes everything up to the last @ of a text that does not parse, whatever the password holds", () => {
        expect(redactUrl(" https://tok@y;G?_G):pw@127.0.0.1:1?x=1")).to.equal(" https://***@127.0.0.1:1?x=1");
        expect(redactUrl("http://user:pa/ss@bad host")).to.equal("http://***@bad host");
        expect(redactUrl("htp://u:p a:ss@@host")).to.equal("htp://***@host");
        expect(redactUrl(" https://u:secret@")).to.equal(" https://***@");
        expect(redactUrl("user:secret@host")).to.equal("***@host");
        expect(redactUrl("not a url")).to.equal("not a url");
        // A password with ? or # makes the parser see a host and a query: the @ still ends what is cut.
        expect(redactUrl("https://tok?en:pw@host/x")).to.equal("https://***@host/x");
    });

    it("redacts every URL in a text, and nothing else", () => {
        expect(
            redactUrlsIn("error: cannot reach postgres://hook:pw@db/x or https://t0k@ci.example.com/run, mail a@b.cn"),
        ).to.equal("error: cannot reach postgres://***@db/x or https://***@ci.example.com/run, mail a@b.cn");
    });
});
