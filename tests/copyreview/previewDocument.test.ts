// Reading a saved preview: anything that is not `pulumi preview --json` is refused with one clear line.
import { expect } from "chai";
import { NotAPreviewError, parsePreviewDocument } from "../../copyreview/previewDocument";
import { policyFindingsOf } from "../../copyreview/policyFindings";

describe("copy review: reading the preview", () => {
    it("refuses text that is not JSON, or JSON without steps", () => {
        expect(() => parsePreviewDocument("Previewing update (prod):", "p.txt")).to.throw(
            NotAPreviewError,
            /^p\.txt is not a pulumi preview --json document: not JSON/,
        );
        expect(() => parsePreviewDocument('{"name": "x"}', "package.json")).to.throw(NotAPreviewError, /at steps$/);
        expect(() => parsePreviewDocument('{"steps": [{"op": 1}]}', "f")).to.throw(NotAPreviewError, /steps\.0\.op/);
    });

    it("reads steps, config and error diagnostics", () => {
        const doc = parsePreviewDocument(
            JSON.stringify({
                config: { "jsms:appKey": "k", "jsms:masterSecret": "[secret]" },
                steps: [
                    {
                        op: "delete",
                        urn: "urn:pulumi:s::p::jsms:index:SmsTemplate::t",
                        oldState: { urn: "u", type: "jsms:index:SmsTemplate", inputs: { template: "x" } },
                    },
                ],
                diagnostics: [{ message: "error: preview failed\n", severity: "error" }],
            }),
            "f",
        );
        expect(doc.steps[0].oldState?.inputs).to.deep.equal({ template: "x" });
        expect(doc.errors).to.deep.equal(["preview failed"]);
    });

    it("reads policy findings from the event log, and refuses a policy event it does not understand", () => {
        const log = [
            JSON.stringify({
                sequence: 1,
                policyEvent: {
                    resourceUrn: "urn:x",
                    policyName: "jsms-max-segments",
                    policyPackName: "p",
                    enforcementLevel: "mandatory",
                    message: "too long\n",
                },
            }),
            '{"sequence": 2, "diagnosticEvent": {"message": "x"}}',
            '{"sequence": 3, "policyEv',
        ].join("\n");
        expect(policyFindingsOf(log)).to.deep.equal([
            { urn: "urn:x", policy: "jsms-max-segments", pack: "p", level: "mandatory", message: "too long" },
        ]);
        expect(() =>
            policyFindingsOf(
                JSON.stringify({ policyEvent: { policyName: "x", message: "m", enforcementLevel: "fatal" } }),
            ),
        ).to.throw(/enforcement level "fatal"/);
    });
});
