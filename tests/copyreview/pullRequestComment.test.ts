// examples/gitops/ci/pull-request-comment.js (the trusted job of the GitHub example) against a stand-in for GitHub's
// REST and GraphQL APIs on loopback: one comment is added, then edited; a comment planted by another account (a bot
// too) with the same hidden first line is never taken; a review of a commit that is no longer the head is not posted;
// an artifact that is not a review is refused; a redirect is never followed, so the token never reaches another host.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";

const SCRIPT = path.resolve(__dirname, "../../../examples/gitops/ci/pull-request-comment.js");
const TOKEN = "ghs_test-token";
const ACTIONS_BOT = 41898282;
const HEAD = "a".repeat(40);

interface Comment {
    id: number;
    body: string;
    user: { id: number; type: string };
}

describe("copy review: the GitHub pull-request comment of examples/gitops", function () {
    this.timeout(30_000);
    let folder: string;
    let comments: Comment[] = [];
    let seen: string[] = [];
    let head = HEAD;
    let redirectTo: string | undefined;
    const elsewhere: string[] = [];
    const github = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d: Buffer) => (body += d.toString("utf8")));
        req.on("end", () => {
            const route = (req.url ?? "").replace(/\?.*/, "");
            seen.push(`${req.method} ${route}`);
            const reply = (status: number, value: unknown) => {
                res.writeHead(status, { "content-type": "application/json" });
                res.end(JSON.stringify(value));
            };
            if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: "Bad credentials" });
            if (redirectTo) {
                res.writeHead(301, { location: `${redirectTo}${req.url}` });
                res.end();
                return;
            }
            if (req.method === "POST" && route === "/graphql") {
                return reply(200, { data: { viewer: { databaseId: ACTIONS_BOT, login: "github-actions[bot]" } } });
            }
            if (req.method === "GET" && route === "/repos/acme/sms/pulls/5") {
                return reply(200, { number: 5, head: { sha: head, repo: { full_name: "acme/sms" } } });
            }
            if (req.method === "GET" && route === "/repos/acme/sms/issues/5/comments") return reply(200, comments);
            if (req.method === "POST" && route === "/repos/acme/sms/issues/5/comments") {
                const comment = {
                    id: 700 + comments.length,
                    body: JSON.parse(body).body,
                    user: { id: ACTIONS_BOT, type: "Bot" },
                };
                comments.push(comment);
                return reply(201, comment);
            }
            const match = /^\/repos\/acme\/sms\/issues\/comments\/(\d+)$/.exec(route);
            const comment = match && comments.find((c) => c.id === Number(match[1]));
            if (req.method === "PATCH" && comment) {
                if (comment.user.id !== ACTIONS_BOT) return reply(403, { message: "Resource not accessible" });
                comment.body = JSON.parse(body).body;
                return reply(200, comment);
            }
            reply(404, { message: "Not Found" });
        });
    });
    const other = http.createServer((req, res) => {
        elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
    });

    before(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-pr-comment-"));
        await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
        await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    });

    after(async () => {
        await new Promise((resolve) => github.close(resolve));
        await new Promise((resolve) => other.close(resolve));
        fs.rmSync(folder, { recursive: true, force: true });
    });

    beforeEach(() => {
        seen = [];
        head = HEAD;
        redirectTo = undefined;
    });

    function post(review: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
        const file = path.join(folder, "copy-review.md");
        fs.writeFileSync(file, review);
        const api = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
        const env = {
            PATH: process.env.PATH,
            GITHUB_TOKEN: TOKEN,
            GITHUB_API_URL: api,
            GITHUB_GRAPHQL_URL: `${api}/graphql`,
            GITHUB_REPOSITORY: "acme/sms",
            PULL_REQUEST: "5",
            HEAD_SHA: HEAD,
        };
        return new Promise((resolve) => {
            const child = spawn(process.execPath, [SCRIPT, file], { env, stdio: ["ignore", "pipe", "pipe"] });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
            child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });
    }

    it("adds one comment, leaves comments planted by others alone (bots included), then edits its own", async () => {
        // Another bot (any GitHub App) and a person can both write a comment that starts with the marker.
        comments = [
            { id: 1, body: `${COMMENT_MARKER}\nno findings`, user: { id: 555, type: "Bot" } },
            { id: 2, body: `${COMMENT_MARKER}\napproved`, user: { id: 42, type: "User" } },
        ];
        const first = await post(`${COMMENT_MARKER}\nfirst review`);
        expect(first, first.stderr).to.deep.equal({ code: 0, stdout: "#5: comment 702 added\n", stderr: "" });
        const second = await post(`${COMMENT_MARKER}\nsecond review`);
        expect(second, second.stderr).to.deep.equal({ code: 0, stdout: "#5: comment 702 edited\n", stderr: "" });
        expect(comments.map((c) => [c.id, c.body])).to.deep.equal([
            [1, `${COMMENT_MARKER}\nno findings`],
            [2, `${COMMENT_MARKER}\napproved`],
            [702, `${COMMENT_MARKER}\nsecond review`],
        ]);
        expect(seen.filter((s) => s.startsWith("PATCH") || s.startsWith("POST /repos"))).to.deep.equal([
            "POST /repos/acme/sms/issues/5/comments",
            "PATCH /repos/acme/sms/issues/comments/702",
        ]);
        expect((await post(`${COMMENT_MARKER}\nsecond review`)).stdout).to.equal("#5: comment 702 is up to date\n");
    });

    it("posts nothing for a commit that is no longer the pull request's head", async () => {
        head = "b".repeat(40);
        const result = await post(`${COMMENT_MARKER}\nstale review`);
        expect(result.code).to.equal(0);
        expect(result.stdout).to.match(
            /^#5: the review is of aaaaaaaaaaaa, the head is now another commit: not posted/,
        );
        expect(seen).to.deep.equal(["GET /repos/acme/sms/pulls/5"]);
    });

    it("refuses an artifact that is not a review, before asking GitHub anything", async () => {
        for (const [artifact, why] of [
            ["<!-- jsms-copy-review --> on the first line only", /does not start with the line/],
            [Buffer.from([0xc3, 0x28]), /not UTF-8 text/],
            [`${COMMENT_MARKER}\n${"x".repeat(70_000)}`, /more than 65536/],
        ] as const) {
            const result = await post(artifact);
            expect(result.code).to.equal(1);
            expect(result.stderr).to.match(why);
        }
        expect(seen).to.deep.equal([]);
    });

    it("never follows a redirect: the token stays with the API it was set for", async () => {
        redirectTo = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
        const result = await post(`${COMMENT_MARKER}\nreview`);
        expect(result.code).to.equal(1);
        expect(result.stderr).to.match(
            /^pull-request-comment: GitHub GET \/repos\/acme\/sms\/pulls\/5: no answer \(.*redirects are refused\)/,
        );
        expect(result.stderr).to.not.contain(TOKEN);
        expect(elsewhere).to.deep.equal([]);
    });
});
