/**
 * Plain `http://` leaves the machine only when the stack says so: the JSMS endpoint carries Basic credentials and the
 * review hook URL a bearer token, so either on a host other than this machine is refused with a message naming the
 * setting, unless `jsms:allowInsecureHttp` is true. Loopback (the simulator, a local hook) stays allowed.
 */
import { expect } from "chai";
import { createRuntime } from "../../provider/runtime";
import { readSettings } from "../../provider/settings";

/** Settings from a stack config (`jsms:<key>` → value) and an environment. */
function settingsOf(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
    return readSettings({ get: (key) => config[key] }, env);
}

function problemKeys(config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string[] {
    return settingsOf(config, env).problems.map((p) => p.key);
}

const HOOK = { "jsms:reviewHookToken": "hook-token-4f1e" };

describe("provider/plain http only on loopback", () => {
    it("refuses an http:// endpoint on another host, naming the setting and the way out", () => {
        const [problem, ...others] = settingsOf({ "jsms:endpoint": "http://api.sms.jpush.cn" }).problems;
        expect(others).to.deep.equal([]);
        expect(problem.key).to.equal("jsms:endpoint");
        expect(problem.message)
            .to.contain("jsms:endpoint (or JSMS_ENDPOINT)")
            .and.to.contain("api.sms.jpush.cn")
            .and.to.contain("https://")
            .and.to.contain("the app's Basic credentials would cross the network in clear text")
            .and.to.contain("jsms:allowInsecureHttp");
        expect(problemKeys({}, { JSMS_ENDPOINT: "http://10.0.0.8:8080" })).to.deep.equal(["jsms:endpoint"]);
        // Numeric and IPv6 forms of a host elsewhere are not loopback either.
        expect(problemKeys({ "jsms:endpoint": "http://192.168.1.20" })).to.deep.equal(["jsms:endpoint"]);
        expect(problemKeys({ "jsms:endpoint": "http://[2001:db8::1]:8080" })).to.deep.equal(["jsms:endpoint"]);
        expect(problemKeys({ "jsms:endpoint": "http://localhost.example.com" })).to.deep.equal(["jsms:endpoint"]);
    });

    it("refuses an http:// review hook URL on another host, naming that setting", () => {
        const [problem, ...others] = settingsOf({
            ...HOOK,
            "jsms:reviewHookUrl": "http://hooks.example.com/review",
        }).problems;
        expect(others).to.deep.equal([]);
        expect(problem.key).to.equal("jsms:reviewHookUrl");
        expect(problem.message)
            .to.contain("jsms:reviewHookUrl (or JSMS_REVIEW_HOOK_URL)")
            .and.to.contain("hooks.example.com")
            .and.to.contain("the hook's bearer token would cross the network in clear text")
            .and.to.contain("jsms:allowInsecureHttp");
        expect(problem.message).not.to.contain("hook-token-4f1e");
        expect(settingsOf({ ...HOOK, "jsms:reviewHookUrl": "http://hooks.example.com" }).reviewHook()).to.equal(
            undefined,
        );
    });

    it("allows loopback over http: 127.0.0.0/8, ::1 and localhost", () => {
        for (const url of [
            "http://127.0.0.1:8080",
            "http://127.3.2.1",
            "http://localhost:9000/",
            "http://LOCALHOST",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]:80",
        ]) {
            expect(problemKeys({ "jsms:endpoint": url, "jsms:reviewHookUrl": url, ...HOOK }), url).to.deep.equal([]);
        }
        expect(
            problemKeys({
                "jsms:endpoint": "https://api.sms.jpush.cn",
                "jsms:reviewHookUrl": "https://hooks.example.com",
                ...HOOK,
            }),
        ).to.deep.equal([]);
    });

    it("takes jsms:allowInsecureHttp as true or false in any case, and refuses anything else on its key", () => {
        expect(settingsOf({ "jsms:allowInsecureHttp": "TRUE" }).allowInsecureHttp).to.equal(true);
        expect(settingsOf({ "jsms:allowInsecureHttp": "False" }).allowInsecureHttp).to.equal(false);
        for (const value of ["yes", "1", "untrue", "truely", "false!"]) {
            const settings = settingsOf({ "jsms:allowInsecureHttp": value });
            expect(settings.allowInsecureHttp, value).to.equal(false);
            expect(settings.problems, value).to.deep.equal([
                {
                    key: "jsms:allowInsecureHttp",
                    message: `jsms:allowInsecureHttp (or JSMS_ALLOW_INSECURE_HTTP) must be true or false; got "${value}"`,
                },
            ]);
        }
    });

    it("allows http:// elsewhere with jsms:allowInsecureHttp true (stack config, provider argument or JSMS_ALLOW_INSECURE_HTTP)", () => {
        const insecure = {
            "jsms:endpoint": "http://10.0.0.8:8080",
            "jsms:reviewHookUrl": "http://hooks.internal",
            ...HOOK,
        };
        expect(problemKeys({ ...insecure, "jsms:allowInsecureHttp": "true" })).to.deep.equal([]);
        expect(problemKeys({ ...insecure, "jsms:allowInsecureHttp": true })).to.deep.equal([]);
        expect(problemKeys(insecure, { JSMS_ALLOW_INSECURE_HTTP: "true" })).to.deep.equal([]);
        const settings = settingsOf({ ...insecure, "jsms:allowInsecureHttp": "true" });
        expect(settings.endpoint).to.equal("http://10.0.0.8:8080");
        expect(settings.reviewHook()?.url).to.equal("http://hooks.internal");
        expect(problemKeys({ ...insecure, "jsms:allowInsecureHttp": "false" })).to.deep.equal([
            "jsms:endpoint",
            "jsms:reviewHookUrl",
        ]);
        const [bad] = settingsOf({ "jsms:allowInsecureHttp": "yes" }).problems;
        expect(bad.key).to.equal("jsms:allowInsecureHttp");
        expect(bad.message).to.contain("JSMS_ALLOW_INSECURE_HTTP").and.to.contain('"yes"');
    });

    it("a resource call with such an endpoint fails before sending, saying which setting to change", async () => {
        const runtime = createRuntime({
            get: (key) =>
                ({
                    "jsms:endpoint": "http://jsms.example.invalid",
                    "jsms:appKey": "k",
                    "jsms:masterSecret": "s3cr3t",
                    "jsms:maxRetries": "0",
                })[key],
        });
        try {
            // Without the rule this is a connection attempt (ENOTFOUND) that would have carried the Basic credentials.
            const error = await runtime.template.create({ template: "订单{{no}}已发货", type: 2 } as never).then(
                () => undefined,
                (e: unknown) => e as Error,
            );
            expect(error?.message).to.contain("jsms:endpoint").and.to.contain("jsms:allowInsecureHttp");
            expect(error?.message).not.to.contain("s3cr3t");
        } finally {
            await runtime.close();
        }
    });
});
