import { expect } from "chai";
import { call, createSign, form, useSimulator, vendorError } from "./simulatorHarness";

describe("simulator: paths, methods, media types and bodies", () => {
    const simulator = useSimulator();

    it("answers 404/50016 for unknown paths, before looking at credentials", async () => {
        for (const path of [
            "/",
            "/v1",
            "/v2/templates",
            "/v1/template",
            "/v1/templates/1/x",
            "/v1/accounts",
            "/v1/signs/1",
        ]) {
            const response = await call(simulator(), "GET", path, { auth: null });
            expect(response.status, path).to.equal(404);
            expect(response.json).to.deep.equal(vendorError(50016, "api not found"));
        }
    });

    it("answers 405/50018 for a method the path does not take", async () => {
        const wrong: Array<[string, string]> = [
            ["GET", "/v1/templates"],
            ["DELETE", "/v1/templates"],
            ["POST", "/v1/templates/10001"],
            ["PATCH", "/v1/templates/10001"],
            ["GET", "/v1/sign"],
            ["PATCH", "/v1/sign/20001"],
            ["POST", "/v1/accounts/app"],
            ["DELETE", "/v1/accounts/dev"],
        ];
        for (const [method, path] of wrong) {
            const response = await call(simulator(), method, path);
            expect(response.status, `${method} ${path}`).to.equal(405);
            expect(response.json).to.deep.equal(vendorError(50018, "request method not support"));
        }
    });

    it("answers 415/50017 for a template body that is not JSON-ish", async () => {
        const body = JSON.stringify({ template: "通知", type: 2 });
        for (const type of [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/xml",
        ]) {
            const response = await call(simulator(), "POST", "/v1/templates", {
                body,
                headers: { "Content-Type": type },
            });
            expect(response.status, type).to.equal(415);
            expect(response.json).to.deep.equal(vendorError(50017, "media not supported"));
        }
        const formBody = await call(simulator(), "POST", "/v1/templates", {
            body: form({ template: "通知", type: "2" }),
        });
        expect(formBody.status).to.equal(415);
    });

    it("accepts template JSON sent as application/json, text/plain (C#) or without Content-Type (Python)", async () => {
        await createSign(simulator());
        const body = JSON.stringify({ template: "通知", type: 2 });
        for (const type of ["application/json;charset=utf-8", "text/plain; charset=utf-8", undefined]) {
            const headers: Record<string, string> = type ? { "Content-Type": type } : {};
            // A string body makes fetch default to text/plain, so "no Content-Type" needs a Blob without type.
            const response = await call(simulator(), "POST", "/v1/templates", {
                headers,
                body: type ? body : (new Blob([body]) as unknown as string),
            });
            expect(response.status, String(type)).to.equal(200);
            expect(response.json).to.have.all.keys("temp_id");
        }
    });

    it("answers 400/50003 for an empty body", async () => {
        for (const [method, path] of [
            ["POST", "/v1/templates"],
            ["PUT", "/v1/templates/10001"],
        ]) {
            const response = await call(simulator(), method, path, {
                body: "",
                headers: { "Content-Type": "application/json" },
            });
            expect(response.status).to.equal(400);
            expect(response.json).to.deep.equal(vendorError(50003, "missing body"));
        }
    });

    it("answers 403/50007 for malformed JSON, a body that is not an object, or fields of the wrong type", async () => {
        const bodies = ["{", "[1]", '"text"', "42", '{"template": 5, "type": 2}', '{"template": "通知", "type": "2"}'];
        for (const body of bodies) {
            const response = await call(simulator(), "POST", "/v1/templates", {
                body,
                headers: { "Content-Type": "application/json" },
            });
            expect(response.status, body).to.equal(403);
            expect(response.json).to.deep.equal(vendorError(50007, "invalid body"));
        }
    });

    it("ignores the query string when routing", async () => {
        const response = await call(simulator(), "GET", "/v1/accounts/app?x=1");
        expect(response.status).to.equal(200);
    });

    it("answers successes with 200, a JSON Content-Type and no error object", async () => {
        const response = await call(simulator(), "GET", "/v1/accounts/app");
        expect(response.status).to.equal(200);
        expect(response.headers.get("content-type")).to.match(/^application\/json/);
        expect(response.json).not.to.have.property("error");
    });
});
