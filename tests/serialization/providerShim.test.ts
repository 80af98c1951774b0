/**
 * What Pulumi stores as `__provider` for each resource (provider/dynamic/providerShim.ts), loaded back the way the
 * engine's provider process does (require-from-string, then `handler()`), and the SDK-serialized form that states
 * written by 0.1.0 hold, which must keep working after an upgrade.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { ResourceKind } from "../../provider/schema/resourceTable";
import { providerText } from "../../provider/dynamic/providerShim";
import { attach } from "../../provider/runtime";

const requireFromString: (code: string) => any = require("require-from-string");

/** The `__provider` of a template in a state written by pulumi-jsms 0.1.0 (the SDK serialized it from an object). */
const PROVIDER_OF_0_1_0 =
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the serialized text holds template literals of its own
    'exports.handler = __f0;\n\nvar __provider = {kind: "template", configure: __f1, create: __f2};\n\nfunction __f1(__0) {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn async function /*configure*/(req) {\n            let handlers;\n            try {\n                handlers = require("pulumi-jsms/runtime").attach(this.kind, req.config);\n            }\n            catch (err) {\n                const fail = async () => {\n                    throw new Error(`pulumi-jsms cannot be loaded from ${process.cwd()} (${err}); nothing was done: install it (npm install)`);\n                };\n                handlers = { check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };\n            }\n            Object.assign(this, handlers);\n        };\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n\nfunction __f2() {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\nreturn async function /*create*/() {\n            throw new Error("pulumi-jsms needs Pulumi 3.139 or later");\n        };\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n\nfunction __f0() {\n  return (function() {\n    with({ provider: __provider, this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n';

const CONFIG_SECRET = "cfg-secret-5f0c1d9e";
const ENV_SECRET = "env-secret-8a7b6c5d";

describe("serialized providers", () => {
    const saved = { ...process.env };
    let texts: { kind: ResourceKind; text: string }[] = [];

    before(() => {
        // Credentials present everywhere a careless provider could pick them up from.
        process.env.JSMS_APP_KEY = "env-key";
        process.env.JSMS_MASTER_SECRET = ENV_SECRET;
        // A runtime holding configured credentials in this process, as the provider process has one.
        attach("template", {
            get: (k: string) => ({ "jsms:appKey": "cfg-key", "jsms:masterSecret": CONFIG_SECRET })[k],
        });
        texts = (["template", "signature"] as const).map((kind) => ({ kind, text: providerText(kind) }));
    });

    after(() => {
        process.env = saved;
    });

    it("writes each provider small and with no secret", () => {
        expect(texts).to.have.length(2);
        for (const { text } of texts) {
            // state carries it twice per resource (inputs and outputs)
            expect(text.length, "the provider text in state stays within 768 bytes").to.be.at.most(768);
            expect(text).not.to.include(CONFIG_SECRET);
            expect(text).not.to.include(ENV_SECRET);
            expect(text).not.to.include("cfg-key");
            expect(text).not.to.include("env-key");
        }
    });

    it("requires only the package's stable runtime entry, never an internal path", () => {
        for (const { text } of texts) {
            const required = [...text.matchAll(/require\(["'`]([^"'`]+)["'`]\)/g)].map((m) => m[1]);
            expect(required.length).to.be.greaterThan(0);
            expect(new Set(required)).to.deep.equal(new Set(["pulumi-jsms/runtime"]));
            expect(text).not.to.match(/node_modules|\/dist\/|\.js["'`]/);
        }
    });

    it("is the same text whatever the package version or checkout, so an upgrade changes no diff", () => {
        // The text holds only the forwarding methods and the kind: nothing of this version or this machine.
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));
        for (const { kind, text } of texts) {
            expect(text).to.equal(providerText(kind));
            expect(text).not.to.include(manifest.version);
            expect(text).not.to.include(process.cwd());
        }
        expect(texts[0].text.replace(/"template"/, '"signature"')).to.equal(texts[1].text);
    });

    it("loads back like the engine loads it, and configure installs the installed runtime's handlers", async () => {
        // The engine evals the text with require-from-string; module resolution then starts from the cwd, where
        // node_modules/pulumi-jsms links to this package (scripts/link-self.js).
        const config = { get: () => undefined, require: () => "" };
        const template = requireFromString(texts[0].text).handler();
        expect(template.check, "nothing but configure and create is in state").to.equal(undefined);
        await template.configure({ config });
        const result = await template.check({}, { template: "您好，您的验证码是{{code}}", type: 1 });
        expect(result.failures.map((f: { property: string }) => f.property)).to.deep.equal(["ttl"]);

        const signature = requireFromString(texts[1].text).handler();
        await signature.configure({ config });
        const checked = await signature.check({}, { sign: "极" });
        expect(checked.failures.map((f: { property: string }) => f.property)).to.include("sign");
    });

    it("fails every call, delete included, when the package cannot be loaded where the program runs", async () => {
        const cwd = process.cwd();
        // A directory with no node_modules/pulumi-jsms above it, like a project whose package was uninstalled; the
        // engine loads the text with module paths from its working directory.
        process.chdir(require("os").tmpdir());
        let template: any;
        try {
            template = requireFromString(texts[0].text).handler();
            await template.configure({ config: { get: () => undefined, require: () => "" } });
        } finally {
            process.chdir(cwd);
        }
        for (const call of [
            () => template.delete("10001", {}),
            () => template.read("10001", {}),
            () => template.check({}, {}),
        ]) {
            let error: Error | undefined;
            await call().catch((e: Error) => (error = e));
            expect(error?.message).to.match(
                /pulumi-jsms cannot be loaded from .*Cannot find module .*nothing was done/s,
            );
        }
    });

    it("loads a provider written by 0.1.0 (serialized by the SDK): it attaches to the installed runtime", async () => {
        const config = { get: () => undefined, require: () => "" };
        const template = requireFromString(PROVIDER_OF_0_1_0).handler();
        await template.configure({ config });
        const result = await template.check({}, { template: "您好，您的验证码是{{code}}", type: 1 });
        expect(result.failures.map((f: { property: string }) => f.property)).to.deep.equal(["ttl"]);
    });
});
