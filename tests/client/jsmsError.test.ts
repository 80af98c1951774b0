import { expect } from "chai";
import { JsmsError } from "../../provider/client/jsmsError";

describe("client/jsmsError", () => {
    it("says code, vendor text, operation, subject and meaning in one sentence", () => {
        const error = new JsmsError({
            failure: "response",
            operation: "PUT /v1/templates/10001",
            subject: 'template "otp"',
            httpStatus: 403,
            code: 50047,
            vendorMessage: "modify template not allow",
        });
        expect(error.message).to.equal(
            'JSMS 50047 (modify template not allow) on PUT /v1/templates/10001 for template "otp": ' +
                "JSMS only lets you modify a template or signature that was rejected; change it while it is rejected, or let Pulumi replace it.",
        );
        expect(error).to.include({
            name: "JsmsError",
            httpStatus: 403,
            code: 50047,
            vendorMessage: "modify template not allow",
            retryable: false,
            operation: "PUT /v1/templates/10001",
            subject: 'template "otp"',
            failure: "response",
            attempts: 1,
        });
        expect(error).to.be.instanceOf(Error);
        expect(String(error)).to.equal(`JsmsError: ${error.message}`);
    });

    it("explains an undocumented code with the code and HTTP status", () => {
        const error = new JsmsError({
            failure: "response",
            operation: "GET /v1/sign/5",
            httpStatus: 403,
            code: 50099,
            vendorMessage: "brand new rule",
        });
        expect(error.message).to.match(/^JSMS 50099 \(brand new rule\) on GET \/v1\/sign\/5: /);
        expect(error.message).to.contain("HTTP 403").and.to.contain("not in its documented code table");
        expect(error.retryable).to.equal(false);
    });

    it("explains an answer without a JSMS body by its HTTP status, retryable for 5xx", () => {
        const error = new JsmsError({ failure: "response", operation: "GET /v1/templates/1", httpStatus: 502 });
        expect(error.message).to.match(/^JSMS HTTP 502 on GET \/v1\/templates\/1: /);
        expect(error.code).to.equal(undefined);
        expect(error.retryable).to.equal(true);
    });

    it("describes connection failures and timeouts without an HTTP status", () => {
        const refused = new JsmsError({
            failure: "connect",
            operation: "GET /v1/accounts/app",
            host: "127.0.0.1:9",
            reason: "connect ECONNREFUSED 127.0.0.1:9",
        });
        expect(refused.message).to.contain("could not reach JSMS at 127.0.0.1:9: connect ECONNREFUSED");
        expect(refused.httpStatus).to.equal(undefined);
        expect(refused.retryable).to.equal(true);
        const slow = new JsmsError({
            failure: "timeout",
            operation: "GET /v1/accounts/app",
            host: "127.0.0.1:9",
            timeoutMs: 250,
        });
        expect(slow.message).to.contain("timed out after 250 ms");
        expect(slow.retryable).to.equal(true);
    });

    it("adds the retry history and the duplicate warning in the same sentence", () => {
        const base = new JsmsError({
            failure: "network",
            operation: "POST /v1/templates",
            subject: "a new template",
            host: "h:1",
            reason: "other side closed",
        });
        const final = base.asPossiblyCreated("template").withAttempts(3, 1234);
        expect(final.message).to.contain("(gave up after 3 attempts in 1.2 s)");
        expect(final.message).to.contain("the template may have been created at JSMS").and.to.contain("adoptId");
        expect(final.message.match(/\./g)?.length, "one sentence, one full stop besides the duration").to.equal(2);
        expect(final.retryable).to.equal(false);
        expect(final.attempts).to.equal(3);
        expect(base.retryable).to.equal(true);
    });

    it("serializes to its public fields only", () => {
        const cause = new Error("low-level detail");
        const error = new JsmsError({
            failure: "network",
            operation: "GET /v1/sign/1",
            host: "h:1",
            reason: "reset",
            cause,
        });
        expect((error as { cause?: unknown }).cause).to.equal(cause);
        const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
        expect(Object.keys(json).sort()).to.deep.equal([
            "attempts",
            "failure",
            "message",
            "name",
            "operation",
            "retryable",
        ]);
        expect(Object.keys(error)).not.to.include("details");
    });
});
