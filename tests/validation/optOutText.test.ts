import { expect } from "chai";
import { handWrittenOptOut } from "../../provider/validation/optOutText";

describe("handWrittenOptOut", () => {
    const found: Array<[string, string]> = [
        ["新品上架，回T退订", "回T退订"],
        ["新品上架，退订回TD", "退订"],
        ["新品上架，拒收请回复R", "拒收"],
        ["新品上架 回复T", "回复T"],
        ["新品上架，回td", "回td"],
        ["新品上架，回Ｔ退订", "回T退订"],
    ];
    for (const [template, text] of found) {
        it(`finds "${text}" in ${template}`, () => {
            expect(handWrittenOptOut(template)).to.equal(text);
        });
    }

    for (const template of [
        "新品上架，详见{{url}}",
        "回复Y确认参加",
        "回复TV查看节目单",
        "Try our TDS meter",
        "回{{code}}",
    ]) {
        it(`finds nothing in ${template}`, () => {
            expect(handWrittenOptOut(template)).to.equal(undefined);
        });
    }

    it("looks for the configured suffix, and ignores an empty one", () => {
        expect(handWrittenOptOut("新品上架，STOP to end", "STOP to end")).to.equal("STOP to end");
        expect(handWrittenOptOut("新品上架", "")).to.equal(undefined);
    });
});
