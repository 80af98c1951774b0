/**
 * What Pulumi stores as `__provider` for each resource: serialized for real with the SDK's own serializer, then
 * loaded back the way the engine's provider process does (require-from-string).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { signatureProvider, templateProvider } from "../../provider/dynamic/providerShim";
import { attach } from "../../provider/runtime";

const requireFromString: (code: string) => any = require("require-from-string");

/** Serializes the way `dynamic.Resource` does: `serializeFunction(() => provider, { allowSecrets: true })`. */
function serializeLikeTheSdk(provider: object) {
    return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

const CONFIG_SECRET = "cfg-secret-5f0c1d9e";
const ENV_SECRET = "env-secret-8a7b6c5d";

describe("serialized providers", () => {
    const saved = { ...process.env };
    let texts: { kind: string; text: string; containsSecrets: boolean }[] = [];

    before(async () => {
        // Credentials present everywhere a careless provider could pick them up from.
        process.env.JSMS_APP_KEY = "env-key";
        process.env.JSMS_MASTER_SECRET = ENV_SECRET;
        // A runtime holding configured credentials in this process, as the provider process has one.
        attach("template", { get: (k: string) => ({ "jsms:appKey": "cfg-key", "jsms:masterSecret": CONFIG_SECRET })[k] });
        texts = [];
        for (const [kind, provider] of [["template", templateProvider], ["signature", signatureProvider]] as const) {
            const s = await serializeLikeTheSdk(provider);
            texts.push({ kind, text: s.text, containsSecrets: s.containsSecrets });
        }
    });

    after(() => {
        process.env = saved;
    });

    it("serializes each provider without error, small and with no secret", () => {
        expect(texts).to.have.length(2);
        for (const { text, containsSecrets } of texts) {
            expect(containsSecrets).to.equal(false);
            expect(text.length, "the provider text in state stays within 1.5 KB").to.be.at.most(1536);
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

    it("is the same text whatever the package version, so an upgrade changes no diff", async () => {
        // The text holds only the forwarding class and the kind; rebuilding it must give the same bytes.
        const again = await serializeLikeTheSdk(templateProvider);
        expect(again.text).to.equal(texts[0].text);
    });

    it("loads back like the engine loads it, and configure installs the installed runtime's handlers", async () => {
        // The engine evals the text with require-from-string; module resolution then starts from the cwd, where
        // node_modules/pulumi-jsms links to this package (scripts/link-self.js).
        const config = { get: () => undefined, require: () => "" };
        const template = requireFromString(texts[0].text).handler();
        expect(template.check, "nothing but configure and create is serialized").to.equal(undefined);
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
        for (const call of [() => template.delete("10001", {}), () => template.read("10001", {}), () => template.check({}, {})]) {
            let error: Error | undefined;
            await call().catch((e: Error) => (error = e));
            expect(error?.message).to.match(/pulumi-jsms cannot be loaded from .*Cannot find module .*nothing was done/s);
        }
    });
});
