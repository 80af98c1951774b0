/**
 * No secret in any message, fuzzed: generated malformed endpoints and review-hook URLs with credentials in their
 * user-info, and `jsms:apps` profiles (well-formed or broken JSON) holding master secrets, go through readSettings
 * and the provider's check and create. No secret may appear in a settings problem, the settings as printed or
 * serialized, a check failure, an error, a warning or progress line, or a created object's outputs (its state).
 * The inputs come from a seeded generator: the same cases every run, a bounded number of them.
 */
import { expect } from "chai";
import * as util from "util";
import { createRuntime, dynamicMethods } from "../../provider/runtime";
import { readSettings } from "../../provider/settings";
import { seededRandom } from "../../simulator/faults";
import { recordSeen, startSim, type Sim } from "./providerFixtures";

/** The generator's seed and the number of cases: fixed, so a failure reproduces. */
const SEED = 0x5ec2e7;
const CASES = 240;

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Characters a password may hold, those a URL parser stumbles on included. */
const SECRET_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789/:?#[]%@ .~!$&'()*+,;=-_\\";

/** A secret no message could contain by chance: a fixed prefix and random characters. */
function secret(): string {
    const length = 8 + Math.floor(random() * 12);
    let text = `Zq${Math.floor(random() * 1e9).toString(36)}`;
    for (let i = 0; i < length; i++) text += pick([...SECRET_CHARS]);
    return text;
}

/** An endpoint-like text with `password` (and sometimes a user name that is a token) in its user-info. */
function urlWithCredentials(password: string): { url: string; secrets: string[] } {
    const token = `tok${secret()}`;
    const userInfo = pick([
        `user:${password}@`,
        `${token}:${password}@`,
        `:${password}@`,
        `${password}@`,
        `user:${password}@@`,
    ]);
    const scheme = pick(["https://", "http://", "HTTPS://", " https://", "htp://", "https:/", "https:", "", "ftp://"]);
    const host = pick([
        "api.example.com",
        "127.0.0.1:1",
        "",
        "bad host",
        "[::1",
        "host:99999",
        "exa%zzmple",
        "h\u0000",
    ]);
    const rest = pick(["", "/v1", "/v1/", "?x=1", "#f", "\\x", " trailing", "\n"]);
    const secrets = [password, ...(userInfo.startsWith(token) ? [token] : [])];
    return { url: `${scheme}${userInfo}${host}${rest}`, secrets };
}

/** A `jsms:apps` value holding `masterSecret`: valid JSON or one of the ways people break it. */
function appsWithSecret(appKey: string, masterSecret: string): string {
    const good = JSON.stringify({ fuzz: { appKey, masterSecret } });
    return pick([
        good,
        good.slice(0, Math.floor(random() * good.length)),
        good.replace(/"/g, "'"),
        `${good.slice(0, -1)},}`,
        JSON.stringify([{ appKey, masterSecret }]),
        JSON.stringify({ fuzz: `${appKey}:${masterSecret}` }),
        JSON.stringify({ fuzz: { appKey: 1, masterSecret } }),
        JSON.stringify({ appKey, masterSecret }),
        JSON.stringify({ fuzz: { appKey, masterSecret: [masterSecret] } }),
    ]);
}

/** Everything a person or a file could see of a value: its message, string form, inspection, JSON. */
function shown(value: unknown): string[] {
    const e = value as { message?: unknown; stack?: unknown };
    const texts = [String(value), util.inspect(value, { depth: 8 })];
    if (typeof e?.message === "string") texts.push(e.message);
    if (typeof e?.stack === "string") texts.push(e.stack);
    try {
        texts.push(JSON.stringify(value) ?? "");
    } catch {
        // Not serializable: inspected above.
    }
    return texts;
}

describe("provider: no secret in any message (fuzzed endpoints, hook URLs and app profiles)", function () {
    this.timeout(120_000);
    let sim: Sim;
    const FUZZ_APP_KEY = "fuzzappkey5d0e7a91c3";
    const FUZZ_SECRET = `fuzzsecret-${secret()}`;

    before(async () => {
        // The simulator knows the fuzz app, so well-formed cases reach a real create and leave outputs to read.
        sim = await startSim({ apps: [{ appKey: FUZZ_APP_KEY, masterSecret: FUZZ_SECRET }] });
    });

    after(async () => {
        await sim?.close();
    });

    it(`${CASES} generated configurations: no secret in problems, settings, failures, errors, logs or state`, async () => {
        const leaks: string[] = [];
        let created = 0;
        let refused = 0;
        for (let i = 0; i < CASES; i++) {
            const endpoint = urlWithCredentials(secret());
            const hook = urlWithCredentials(secret());
            const hookToken = secret();
            // One case in four points at the simulator, so the profile is read: one in eight with the fuzz app's
            // real secret in well-formed JSON, so create succeeds and leaves outputs; the others with a profile
            // people could write, broken or with a wrong secret, so the profile's own errors are seen.
            const reachable = i % 4 === 0;
            const succeeds = i % 8 === 0;
            const masterSecret = succeeds ? FUZZ_SECRET : secret();
            const apps = succeeds
                ? JSON.stringify({ fuzz: { appKey: FUZZ_APP_KEY, masterSecret } })
                : appsWithSecret(FUZZ_APP_KEY, masterSecret);
            const defaultSecret = secret();
            const config: Record<string, string | undefined> = {
                "jsms:endpoint": reachable ? sim.url : endpoint.url,
                "jsms:reviewHookUrl": reachable ? undefined : hook.url,
                "jsms:reviewHookToken": hookToken,
                "jsms:apps": apps,
                "jsms:appKey": "fuzzdefaultkey",
                "jsms:masterSecret": defaultSecret,
                "jsms:maxRetries": "0",
            };
            const secrets = [
                ...(reachable ? [] : [...endpoint.secrets, ...hook.secrets]),
                hookToken,
                masterSecret,
                defaultSecret,
            ];
            const texts: Array<[string, string]> = [];
            const see = (where: string, value: unknown) => {
                for (const text of shown(value)) texts.push([where, text]);
            };

            const settings = readSettings({ get: (key) => config[key] }, {});
            see("settings", settings);
            settings.problems.forEach((p) => see(`problem ${p.key}`, p.message));
            const logs: string[] = [];
            const runtime = createRuntime(
                { get: (key) => config[key] },
                { env: {}, warn: (m) => logs.push(m), info: (m) => logs.push(m) },
            );
            const template = dynamicMethods<any, any>(runtime.template as never);
            const signature = dynamicMethods<any, any>(runtime.signature as never);
            const checked = await template.check({}, { __provider: "p", template: "您好", type: 2, app: "fuzz" });
            see("check", checked);
            for (const [where, call] of [
                ["create signature", () => signature.create({ __provider: "p", sign: `模糊${i}`, app: "fuzz" })],
                ["create template", () => template.create({ __provider: "p", template: "您好", type: 2 })],
            ] as const) {
                try {
                    const result = await call();
                    created++;
                    // Approved, so the app's next signature is not refused as a second one under review.
                    if (where === "create signature") await sim.review("signs", result.id, "approved");
                    see(`${where} outputs (state)`, result);
                } catch (error) {
                    refused++;
                    see(`${where} error`, error);
                }
            }
            await runtime.close();
            logs.forEach((line) => see("log line", line));

            for (const [where, text] of texts) {
                recordSeen(`fuzz case ${i}: ${where}`, text);
                const found = secrets.find(
                    (s) => text.includes(s) || text.includes(encodeURIComponent(s)) || text.includes(JSON.stringify(s)),
                );
                if (found !== undefined) {
                    leaks.push(`case ${i} ${where}: ${JSON.stringify(config)} → ${text.slice(0, 300)}`);
                }
            }
        }
        expect(leaks, leaks.slice(0, 3).join("\n")).to.deep.equal([]);
        // Both paths were taken: refusals (bad settings) and real creates whose outputs are the state.
        expect(created).to.be.at.least(CASES / 8);
        expect(refused).to.be.greaterThan(CASES);
    });
});
