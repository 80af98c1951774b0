/**
 * The settings reader on its own: stack config first, then JSMS_* variables, then the defaults; every unusable value
 * a problem naming its key with the exact rule, and credentials reachable only through their accessors.
 */
import { expect } from "chai";
import * as util from "node:util";
import { CLIENT_DEFAULTS, DEFAULT_ENDPOINT } from "../../provider/client/jsmsClient";
import { ProviderError } from "../../provider/errors";
import { DEFAULT_JOURNAL_DIR, envName, readSettings, TUNING_SETTINGS } from "../../provider/settings";

/** A config source over a plain object of `jsms:*` keys. */
const config = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });
/** Settings from stack config only (no environment). */
const fromConfig = (values: Record<string, unknown>) => readSettings(config(values), {});

/** The error `call` throws, which must be a ProviderError. */
function thrown(call: () => unknown): ProviderError {
    try {
        call();
    } catch (error) {
        expect(error).to.be.instanceOf(ProviderError);
        return error as ProviderError;
    }
    return expect.fail("expected a ProviderError");
}

describe("provider/settings", () => {
    describe("where a value comes from", () => {
        it("uses the defaults when nothing is set", () => {
            const settings = fromConfig({});
            expect(settings.toJSON()).to.deep.equal({
                endpoint: DEFAULT_ENDPOINT,
                maxRetries: CLIENT_DEFAULTS.maxRetries,
                requestTimeoutMs: CLIENT_DEFAULTS.requestTimeoutMs,
                maxConcurrency: CLIENT_DEFAULTS.maxConcurrency,
                maxTemplateLength: TUNING_SETTINGS.maxTemplateLength.default,
                rateLimitWaitSeconds: CLIENT_DEFAULTS.rateLimitWaitSeconds,
                maxRequestsPerSecond: 0,
                optOutSuffix: "回T退订",
                allowInsecureHttp: false,
                journal: "on",
                journalDir: DEFAULT_JOURNAL_DIR,
                journalRetentionDays: TUNING_SETTINGS.journalRetentionDays.default,
                problems: [],
            });
            expect(settings.reviewHook()).to.equal(undefined);
        });

        it("reads the stack config before the environment, and the environment when the config is unset or empty", () => {
            const env = {
                JSMS_MAX_RETRIES: "7",
                JSMS_REQUEST_TIMEOUT_MS: "1234",
                JSMS_ENDPOINT: "https://env.example",
                JSMS_OPT_OUT_SUFFIX: "拒收请回复R",
            };
            const settings = readSettings(
                config({ "jsms:maxRetries": "2", "jsms:requestTimeoutMs": "", "jsms:endpoint": null }),
                env,
            );
            expect(settings.maxRetries).to.equal(2);
            expect(settings.requestTimeoutMs).to.equal(1234);
            expect(settings.endpoint).to.equal("https://env.example");
            expect(settings.optOutSuffix).to.equal("拒收请回复R");
        });

        it("takes an explicit provider's numbers as well as the text of stack config", () => {
            const settings = fromConfig({
                "jsms:maxConcurrency": 3,
                "jsms:rateLimitWaitSeconds": "9",
                "jsms:maxTemplateLength": 20,
                "jsms:maxRequestsPerSecond": 2.5,
            });
            expect([
                settings.maxConcurrency,
                settings.rateLimitWaitSeconds,
                settings.maxTemplateLength,
                settings.maxRequestsPerSecond,
            ]).to.deep.equal([3, 9, 20, 2.5]);
        });

        it("names each environment variable after its key", () => {
            expect(envName("maxRetries")).to.equal("JSMS_MAX_RETRIES");
            expect(envName("requestTimeoutMs")).to.equal("JSMS_REQUEST_TIMEOUT_MS");
            expect(envName("appKey")).to.equal("JSMS_APP_KEY");
            expect(envName("endpoint")).to.equal("JSMS_ENDPOINT");
        });
    });

    describe("the endpoint", () => {
        it("accepts http and https URLs in any case and drops trailing slashes", () => {
            expect(fromConfig({ "jsms:endpoint": "https://api.example.com/" }).endpoint).to.equal(
                "https://api.example.com",
            );
            expect(fromConfig({ "jsms:endpoint": "HTTP://127.0.0.1:8080//" }).endpoint).to.equal(
                "HTTP://127.0.0.1:8080",
            );
            const proxied = { "jsms:endpoint": "http://proxy.example/jsms", "jsms:allowInsecureHttp": "true" };
            expect(fromConfig(proxied).endpoint).to.equal("http://proxy.example/jsms");
        });

        it("refuses anything else, keeping the default and saying what to set", () => {
            for (const endpoint of [
                "api.sms.jpush.cn",
                "ftp://api.example.com",
                "http://",
                "http:// space",
                " http://lead.example",
            ]) {
                const settings = fromConfig({ "jsms:endpoint": endpoint });
                expect(settings.endpoint, endpoint).to.equal(DEFAULT_ENDPOINT);
                expect(settings.problems, endpoint).to.deep.equal([
                    {
                        key: "jsms:endpoint",
                        message: `jsms:endpoint (or JSMS_ENDPOINT) must be an http(s) URL such as ${DEFAULT_ENDPOINT}; got "${endpoint}"`,
                    },
                ]);
            }
        });

        it("refuses credentials in the URL without repeating them (they belong in jsms:appKey and jsms:masterSecret)", () => {
            const settings = fromConfig({ "jsms:endpoint": "https://key:s3cr3t-value@api.example.com" });
            expect(settings.endpoint).to.equal(DEFAULT_ENDPOINT);
            expect(settings.problems).to.deep.equal([
                {
                    key: "jsms:endpoint",
                    message:
                        "jsms:endpoint (or JSMS_ENDPOINT) must not contain credentials; set them with jsms:appKey and jsms:masterSecret",
                },
            ]);
            // A user name alone, or a password alone, is a credential too.
            for (const endpoint of ["https://key@api.example.com", "https://:s3cr3t-value@api.example.com"]) {
                const [problem] = fromConfig({ "jsms:endpoint": endpoint }).problems;
                expect(problem?.message, endpoint).to.contain("must not contain credentials");
                expect(problem.message).not.to.contain("s3cr3t");
            }
        });
    });

    describe("whole-number tuning settings", () => {
        it("accepts each minimum and refuses one below it, with the rule in the message", () => {
            for (const [key, setting] of Object.entries(TUNING_SETTINGS)) {
                const lowest = fromConfig({ [`jsms:${key}`]: String(setting.min) });
                expect(lowest.problems, key).to.deep.equal([]);
                expect((lowest as unknown as Record<string, number>)[key], key).to.equal(setting.min);
                const below = fromConfig({ [`jsms:${key}`]: String(setting.min - 1) });
                const rule = setting.min === 0 ? "a whole number" : "a whole number above 0";
                expect(below.problems, key).to.deep.equal([
                    {
                        key: `jsms:${key}`,
                        message: `jsms:${key} (or ${envName(key)}) must be ${rule}; got "${setting.min - 1}"`,
                    },
                ]);
                expect((below as unknown as Record<string, number>)[key], `${key} falls back to its default`).to.equal(
                    setting.default,
                );
            }
        });

        it("refuses fractions and words, and reports every bad key at once", () => {
            const settings = fromConfig({
                "jsms:maxRetries": "1.5",
                "jsms:requestTimeoutMs": "soon",
                "jsms:maxConcurrency": "4",
            });
            expect(settings.problems.map((p) => p.key)).to.deep.equal(["jsms:maxRetries", "jsms:requestTimeoutMs"]);
            expect(settings.problems[0].message).to.equal(
                'jsms:maxRetries (or JSMS_MAX_RETRIES) must be a whole number; got "1.5"',
            );
            expect(settings.maxConcurrency).to.equal(4);
            const error = thrown(() => settings.assertUsable());
            expect(error.message).to.equal(settings.problems.map((p) => p.message).join("; "));
        });

        it("lets usable settings through assertUsable", () => {
            expect(() => fromConfig({ "jsms:maxRetries": "0" }).assertUsable()).not.to.throw();
        });
    });

    describe("the request rate", () => {
        it("takes 0 (no maximum) and any positive number", () => {
            expect(fromConfig({ "jsms:maxRequestsPerSecond": "0" }).maxRequestsPerSecond).to.equal(0);
            expect(fromConfig({ "jsms:maxRequestsPerSecond": "0.5" }).maxRequestsPerSecond).to.equal(0.5);
            expect(fromConfig({ "jsms:maxRequestsPerSecond": "0" }).problems).to.deep.equal([]);
        });

        it("refuses a negative, infinite or non-numeric rate and keeps no maximum", () => {
            for (const rate of ["-1", "Infinity", "fast"]) {
                const settings = fromConfig({ "jsms:maxRequestsPerSecond": rate });
                expect(settings.maxRequestsPerSecond, rate).to.equal(0);
                expect(settings.problems, rate).to.deep.equal([
                    {
                        key: "jsms:maxRequestsPerSecond",
                        message: `jsms:maxRequestsPerSecond (or JSMS_MAX_REQUESTS_PER_SECOND) must be a number of requests per second, 0 for no maximum; got "${rate}"`,
                    },
                ]);
            }
        });
    });

    describe("credentials", () => {
        it("gives the app and account credentials from config or environment", () => {
            const settings = readSettings(config({ "jsms:appKey": "k", "jsms:masterSecret": "s" }), {
                JSMS_DEV_KEY: "dk",
                JSMS_DEV_SECRET: "ds",
            });
            expect(settings.appCredentials()).to.deep.equal({ appKey: "k", masterSecret: "s" });
            expect(settings.devCredentials()).to.deep.equal({ devKey: "dk", devSecret: "ds" });
        });

        it("refuses half a pair, naming both config keys and both variables", () => {
            for (const values of [{}, { "jsms:appKey": "k" }, { "jsms:masterSecret": "s" }]) {
                const error = thrown(() => fromConfig(values).appCredentials());
                expect(error.message).to.equal(
                    "JSMS app credentials are missing: set the stack config jsms:appKey and jsms:masterSecret " +
                        "(pulumi config set jsms:appKey …; pulumi config set --secret jsms:masterSecret …) " +
                        "or the environment variables JSMS_APP_KEY and JSMS_MASTER_SECRET",
                );
            }
            for (const values of [{}, { "jsms:devKey": "d" }, { "jsms:devSecret": "s" }]) {
                const error = thrown(() => fromConfig(values).devCredentials());
                expect(error.message).to.equal(
                    "JSMS account credentials are missing: set the stack config jsms:devKey and jsms:devSecret " +
                        "(pulumi config set jsms:devKey …; pulumi config set --secret jsms:devSecret …) " +
                        "or the environment variables JSMS_DEV_KEY and JSMS_DEV_SECRET",
                );
            }
        });

        it("keeps every credential out of JSON, util.inspect and the enumerable keys, but in the cache key", () => {
            const secrets = {
                "jsms:appKey": "app-k",
                "jsms:masterSecret": "m-s3cret",
                "jsms:devKey": "dev-k",
                "jsms:devSecret": "d-s3cret",
                "jsms:reviewHookUrl": "http://hook",
                "jsms:reviewHookToken": "t0ken",
                "jsms:apps": '{"b":{"appKey":"bk","masterSecret":"b-s3cret"}}',
            };
            const settings = fromConfig(secrets);
            for (const printed of [
                JSON.stringify(settings),
                util.inspect(settings, { depth: 5 }),
                Object.keys(settings).join(","),
            ]) {
                for (const secret of ["m-s3cret", "d-s3cret", "t0ken", "b-s3cret"]) {
                    expect(printed).not.to.contain(secret);
                }
            }
            expect(settings.cacheKey).to.contain("m-s3cret").and.to.contain("b-s3cret");
            expect(settings.cacheKey).to.equal(fromConfig(secrets).cacheKey);
            expect(settings.cacheKey).not.to.equal(fromConfig({ ...secrets, "jsms:masterSecret": "other" }).cacheKey);
            expect(Object.isFrozen(settings)).to.equal(true);
            expect(Object.isFrozen(settings.problems)).to.equal(true);
        });
    });

    describe("app profiles (jsms:apps)", () => {
        it("gives a named profile's credentials, from JSON text or an explicit provider's object", () => {
            const asText = fromConfig({ "jsms:apps": '{"shop": {"appKey": "sk", "masterSecret": "ss"}}' });
            expect(asText.appCredentials("shop")).to.deep.equal({ appKey: "sk", masterSecret: "ss" });
            const asObject = fromConfig({ "jsms:apps": { shop: { appKey: "sk", masterSecret: "ss" } } });
            expect(asObject.appCredentials("shop")).to.deep.equal({ appKey: "sk", masterSecret: "ss" });
        });

        it("reads jsms:apps from the stack config only, never from the environment", () => {
            const settings = readSettings(config({}), {
                JSMS_APPS: '{"shop": {"appKey": "sk", "masterSecret": "ss"}}',
            });
            expect(thrown(() => settings.appCredentials("shop")).message)
                .to.contain('app profile "shop" is not defined')
                .and.to.contain("; jsms:apps is not set");
        });

        it("names the defined profiles when another is asked for", () => {
            const settings = fromConfig({
                "jsms:apps": '{"a": {"appKey": "1", "masterSecret": "2"}, "b": {"appKey": "3", "masterSecret": "4"}}',
            });
            expect(thrown(() => settings.appCredentials("c")).message).to.equal(
                'app profile "c" is not defined: add it to the stack config jsms:apps ' +
                    `(pulumi config set --secret jsms:apps '{"c": {"appKey": "…", "masterSecret": "…"}}'); defined profiles: a, b`,
            );
        });

        it("refuses a profile without both keys, or with keys that are not text", () => {
            for (const profile of [
                '{"p": {"appKey": "k"}}',
                '{"p": {"appKey": "k", "masterSecret": 5}}',
                '{"p": null}',
            ]) {
                expect(
                    thrown(() => fromConfig({ "jsms:apps": profile }).appCredentials("p")).message,
                    profile,
                ).to.equal('app profile "p" in jsms:apps needs both "appKey" and "masterSecret"');
            }
        });

        it("reports malformed jsms:apps without quoting it, only when a profile is used", () => {
            const cases: [string, string][] = [
                [
                    '{"p": {"masterSecret": "s3cret"',
                    'jsms:apps is not valid JSON; it must look like {"<name>": {"appKey": "…", "masterSecret": "…"}}',
                ],
                [
                    '["s3cret"]',
                    'jsms:apps must be a JSON object of named profiles {"<name>": {"appKey": "…", "masterSecret": "…"}}',
                ],
                [
                    "null",
                    'jsms:apps must be a JSON object of named profiles {"<name>": {"appKey": "…", "masterSecret": "…"}}',
                ],
                [
                    '"s3cret"',
                    'jsms:apps must be a JSON object of named profiles {"<name>": {"appKey": "…", "masterSecret": "…"}}',
                ],
            ];
            for (const [apps, message] of cases) {
                const settings = fromConfig({ "jsms:apps": apps, "jsms:appKey": "k", "jsms:masterSecret": "s" });
                expect(settings.problems, apps).to.deep.equal([]);
                expect(settings.appCredentials(), apps).to.deep.equal({ appKey: "k", masterSecret: "s" });
                expect(thrown(() => settings.appCredentials("p")).message, apps).to.equal(message);
            }
        });
    });

    describe("the review hook", () => {
        it("gives its URL without trailing slashes, with its token", () => {
            const settings = fromConfig({
                "jsms:reviewHookUrl": "https://hook.example/jsms//",
                "jsms:reviewHookToken": "t",
            });
            expect(settings.reviewHook()).to.deep.equal({ url: "https://hook.example/jsms", token: "t" });
            expect(settings.problems).to.deep.equal([]);
        });

        it("refuses a URL that is not http(s), and a URL without its token", () => {
            const prefixed = fromConfig({
                "jsms:reviewHookUrl": "see http://hook.example",
                "jsms:reviewHookToken": "t",
            });
            expect(
                prefixed.problems.map((p) => p.key),
                "the URL must start with http(s)://",
            ).to.deep.equal(["jsms:reviewHookUrl"]);
            const bad = fromConfig({ "jsms:reviewHookUrl": "hook.example", "jsms:reviewHookToken": "t" });
            expect(bad.problems).to.deep.equal([
                {
                    key: "jsms:reviewHookUrl",
                    message:
                        'jsms:reviewHookUrl (or JSMS_REVIEW_HOOK_URL) must be the http(s) URL of jsms-review-hook; got "hook.example"',
                },
            ]);
            expect(bad.reviewHook()).to.equal(undefined);
            const tokenless = fromConfig({ "jsms:reviewHookUrl": "https://hook.example" });
            expect(tokenless.problems).to.deep.equal([
                {
                    key: "jsms:reviewHookToken",
                    message:
                        "jsms:reviewHookUrl is set but its token is not: pulumi config set --secret jsms:reviewHookToken … (or JSMS_REVIEW_HOOK_TOKEN)",
                },
            ]);
            expect(tokenless.reviewHook()).to.equal(undefined);
        });

        it("ignores a token without a URL", () => {
            const settings = fromConfig({ "jsms:reviewHookToken": "t" });
            expect(settings.reviewHook()).to.equal(undefined);
            expect(settings.problems).to.deep.equal([]);
        });
    });
});
