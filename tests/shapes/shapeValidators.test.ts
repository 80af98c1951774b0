/**
 * The validators compiled from the checked shapes (provider/shapes/): committed as the build generates them, needing
 * no package at run time, and deciding every value as the zod schema they come from decides it.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CHECKED_SHAPES } from "../../provider/shapes/checkedShapes";
import { checkShape, type ShapeName } from "../../provider/shapes/shapeCheck";
import { VALIDATORS_HEADER, VALIDATORS_PATH, shapeValidatorsFile } from "../../provider/shapes/validatorsCodegen";
import { packageRoot } from "../../plugin/schemaDocument";

const root = packageRoot().endsWith("dist") ? path.dirname(packageRoot()) : packageRoot();

const INTENT = {
    intentId: "0b7d6c1e-3f4a-4b5c-8d9e-0a1b2c3d4e5f",
    stack: "org/project/dev",
    key: "urn:pulumi:dev::project::jsms:index:SmsTemplate::login",
    appKey: "app-key-1",
    kind: "template",
    digest: "a".repeat(64),
    contentDigest: "b".repeat(64),
    runId: "run-1",
    createdAt: 1_700_000_000_000,
    state: "answered",
    objectId: 10001,
};

/** One value of each shape that JSMS, the hook or the journal really writes. */
const VALID: Record<ShapeName, unknown> = {
    jsmsError: { error: { code: 50004, message: "template not exists" } },
    jsmsDeleted: {},
    jsmsTemplateId: { temp_id: 10001 },
    jsmsTemplate: { temp_id: 10001, template: "验证码：{{code}}", type: 1, ttl: 60, remark: "登录", status: 1 },
    jsmsSignId: { sign_id: 7 },
    jsmsSignature: { sign_id: 7, sign: "极光", status: 0, is_default: 1, use_status: 0 },
    jsmsAppBalance: { app_balance: 100, app_voice: null, app_industry: 3, app_market: 0 },
    jsmsDevBalance: { dev_balance: null },
    journalLine: { op: "begin", intent: { ...INTENT, state: "open", objectId: undefined } },
    hookReview: { latest: { status: "rejected", rejectReason: "签名不符", reviewedAt: "2026-12-07T10:00:00.000Z" } },
    hookError: { error: { message: "no route" } },
    hookBegun: { result: "stored" },
    hookAnswered: { result: "duplicate" },
    hookFailed: { result: "failed" },
    hookIntents: { intents: [INTENT] },
    hookOrphans: { orphans: [{ ...INTENT, state: "open", pairedAt: 1_700_000_000_500 }] },
    hookMarked: { marked: 3 },
    hookPruned: { pruned: 0 },
};

/** Ways a value goes wrong: every field removed, set to each of these, and one unknown field added. */
const REPLACEMENTS: unknown[] = [
    null,
    "",
    "x",
    0,
    -1,
    1.5,
    10001,
    true,
    [],
    {},
    [1],
    "0B7D6C1E-3F4A-4B5C-8D9E-0A1B2C3D4E5F",
    "a".repeat(401),
];

/** The value, and for each path inside it: the value without that field, and with it replaced by each of the above. */
function variants(value: unknown): unknown[] {
    const out: unknown[] = [value, ...REPLACEMENTS];
    if (Array.isArray(value)) {
        value.forEach((item, i) => {
            for (const v of variants(item)) out.push(value.map((x, j) => (j === i ? v : x)));
        });
        out.push([...value, value[0]]);
    } else if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) {
            const { [key]: _removed, ...rest } = record;
            out.push(rest);
            for (const v of variants(record[key])) out.push({ ...record, [key]: v });
        }
        out.push({ ...record, unexpected: 1 });
    }
    return out;
}

describe("checked shapes (provider/shapes/)", () => {
    it(`${VALIDATORS_PATH} is what the build compiles from checkedShapes.ts, and committed`, () => {
        const generated = shapeValidatorsFile();
        expect(generated.text.split("\n")[0]).to.equal(VALIDATORS_HEADER);
        expect(fs.readFileSync(path.join(root, VALIDATORS_PATH), "utf8")).to.equal(generated.text);
        const status = execFileSync("git", ["status", "--porcelain", "--", VALIDATORS_PATH], {
            cwd: root,
            encoding: "utf8",
        });
        expect(status, "the compiled validators differ from the commit (commit them after npm run build)").to.equal("");
    });

    it("the compiled module loads no package", () => {
        const text = fs.readFileSync(path.join(root, VALIDATORS_PATH), "utf8");
        expect(text).not.to.match(/\brequire\(|^\s*import\b/m);
    });

    it("has a sample for every shape", () => {
        expect(Object.keys(VALID).sort()).to.deep.equal(Object.keys(CHECKED_SHAPES).sort());
    });

    for (const name of Object.keys(CHECKED_SHAPES) as ShapeName[]) {
        it(`${name}: accepts and refuses exactly what its zod schema does`, () => {
            const schema = CHECKED_SHAPES[name];
            const cases = variants(VALID[name]);
            // JSON has no undefined: the sample's undefined fields are absent ones.
            const json = cases.map((value) => (value === undefined ? value : JSON.parse(JSON.stringify(value))));
            let accepted = 0;
            for (const value of json) {
                const expected = schema.safeParse(value).success;
                const checked = checkShape(name, value);
                expect(checked.ok, `${name}: ${JSON.stringify(value)}`).to.equal(expected);
                if (checked.ok) accepted++;
                else expect(checked.issues).to.be.a("string").and.not.equal("");
            }
            expect(schema.safeParse(json[0]).success, `the sample of ${name} is valid`).to.equal(true);
            expect(accepted, `${name}: some variants are refused`).to.be.lessThan(json.length);
        });
    }

    it("names the field that is wrong, never its value", () => {
        const checked = checkShape("jsmsTemplate", { ...(VALID.jsmsTemplate as object), temp_id: "secret-ish" });
        expect(checked.ok).to.equal(false);
        if (!checked.ok) {
            expect(checked.issues).to.contain('field "temp_id"');
            expect(checked.issues).not.to.contain("secret-ish");
        }
    });
});
