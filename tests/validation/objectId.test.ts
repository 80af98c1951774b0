/** The one parser of JSMS object ids, used by the core (adoptId, resource ids), the client and the simulator. */
import { expect } from "chai";
import { parseObjectId } from "../../provider/validation/objectId";

describe("parseObjectId", () => {
    it("takes positive whole numbers, as numbers or as their digits", () => {
        expect(
            [1, "1", 10001, "10001", Number.MAX_SAFE_INTEGER, String(Number.MAX_SAFE_INTEGER)].map(parseObjectId),
        ).to.deep.equal([1, 1, 10001, 10001, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    });

    it("refuses anything else, which would build another path", () => {
        const refused = [
            0,
            -1,
            1.5,
            NaN,
            Infinity,
            Number.MAX_SAFE_INTEGER + 1,
            "0",
            "01",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1e3",
            "0x10",
            "",
            "9007199254740993",
            null,
            undefined,
            true,
            {},
            [1],
        ];
        expect(refused.map(parseObjectId)).to.deep.equal(refused.map(() => undefined));
    });
});
