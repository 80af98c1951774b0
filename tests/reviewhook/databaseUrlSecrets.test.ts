import { expect } from "chai";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { HOOK_APP, TOKEN, spawnHook, temporaryFolder } from "./hookHarness";
import { usePostgres } from "./postgresServer";
import { startReviewHook } from "../../reviewhook";

/** A password that must never be printed; letters and digits, so that no URL parser takes it for a port. */
const SECRET = `Pw${randomBytes(8).toString("hex")}zz`;

/** Database URLs a person may get wrong, each carrying the secret as a password. */
function badUrls(reachablePort: number): Record<string, string> {
    return {
        "a refused connection": `postgres://hook:${SECRET}@127.0.0.1:1/reviews`,
        "a host that does not resolve": `postgres://hook:${SECRET}@db.invalid/reviews`,
        "a port that is not a number": `postgres://hook:${SECRET}@127.0.0.1:five/reviews`,
        "an unclosed IPv6 bracket": `postgres://hook:${SECRET}@[::1/reviews`,
        "a malformed escape": `postgres://hook:${SECRET}%zz@127.0.0.1:1/reviews`,
        "an unescaped slash in the password": `postgres://hook:${SECRET}/x@127.0.0.1:1/reviews`,
        "an unescaped @ in the password": `postgresql://hook:p@${SECRET}@127.0.0.1:1/reviews`,
        "a space in the password": `postgres://hook:${SECRET} x@127.0.0.1:1/reviews`,
        "the password as a query parameter": `postgres://hook@127.0.0.1:1/reviews?password=${SECRET}`,
        "a mistyped scheme": `postgress://hook:${SECRET}@127.0.0.1:1/reviews`,
        "another database's scheme": `mysql://hook:${SECRET}@127.0.0.1:1/reviews`,
        "a wrong password for a real server": `postgres://postgres:${SECRET}@127.0.0.1:${reachablePort}/postgres`,
    };
}

function expectNoSecret(text: string, what: string) {
    expect(text.includes(SECRET), `${what} quotes the password:\n${text}`).to.equal(false);
    // Nor percent-encoded, as a URL serializer would print it.
    expect(text.includes(encodeURIComponent(SECRET).slice(0, 12)), `${what} quotes part of the password`).to.equal(
        false,
    );
}

describe("review hook: a bad or failing database URL never prints its password", function () {
    this.timeout(120_000);
    const postgres = usePostgres();
    let port: number;
    let folder: string;

    before(async () => {
        port = Number(new URL(await postgres().createDatabase()).port);
        folder = temporaryFolder("review-hook-secrets-");
    });
    after(() => {
        fs.rmSync(folder, { recursive: true, force: true });
    });

    it("startReviewHook refuses each, and neither its error nor a log line holds the password", async () => {
        const cwd = process.cwd();
        // A URL taken for a file name would be created relative to here: keep it out of the checkout.
        process.chdir(folder);
        try {
            for (const [what, url] of Object.entries(badUrls(port))) {
                const logs: string[] = [];
                const key = /^postgres(?:ql)?:\/\//i.test(url) ? "databaseUrl" : "databasePath";
                let error: Error | undefined;
                try {
                    const hook = await startReviewHook({
                        [key]: url,
                        apps: [HOOK_APP],
                        token: TOKEN,
                        log: (line) => logs.push(line),
                    });
                    await hook.close();
                } catch (caught) {
                    error = caught as Error;
                }
                expect(error, `${what}: the hook started`).to.be.instanceOf(Error);
                expectNoSecret(
                    [String(error), error!.stack ?? "", JSON.stringify(error), ...logs].join("\n"),
                    `${what}: the error or a log line`,
                );
            }
        } finally {
            process.chdir(cwd);
        }
        expect(fs.readdirSync(folder), "nothing was created from a URL taken for a path").to.deep.equal([]);
    });

    it("jsms-review-hook exits non-zero on each, from --db, the environment or the config file, and prints no password", async () => {
        const configFile = path.join(folder, "hook.yaml");
        for (const [what, url] of Object.entries(badUrls(port))) {
            const ways: [string, string[], Record<string, string>][] = [
                ["--db", ["--db", url], {}],
                ["JSMS_REVIEW_HOOK_DB", [], { JSMS_REVIEW_HOOK_DB: url }],
                ["the config file", ["--config", configFile], {}],
            ];
            fs.writeFileSync(configFile, `databaseUrl: ${JSON.stringify(url)}\n`);
            for (const [how, args, env] of ways) {
                const run = spawnHook(["--port", "0", ...args], env, undefined, folder);
                const url = await run.listening;
                if (url !== undefined) {
                    run.child.kill("SIGKILL");
                }
                const code = await run.exited;
                expect(url, `${what} through ${how}: the hook started`).to.equal(undefined);
                expect(code, `${what} through ${how}: exit status`).to.be.oneOf([1, 2]);
                expectNoSecret([...run.lines, run.stderr()].join("\n"), `${what} through ${how}`);
            }
        }
        expect(fs.readdirSync(folder), "nothing was created from a URL taken for a path").to.deep.equal(["hook.yaml"]);
    });
});
