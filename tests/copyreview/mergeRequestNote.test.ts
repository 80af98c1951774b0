// examples/gitops/ci/merge-request-note.js (the trusted job of the GitLab example) against a stand-in for GitLab's API
// on loopback: it takes each open merge request's newest review artifact, adds one note, then edits that note; a note
// planted by another user with the same hidden first line is never taken; an artifact that is not a review is refused;
// a redirect is never followed with the token, so it never reaches another host (GitLab's redirect of an artifact to
// its storage is followed without it).
import { expect } from "chai";
import { spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";

const SCRIPT = path.resolve(__dirname, "../../../examples/gitops/ci/merge-request-note.js");
const TOKEN = "glpat-test-token";
const BOT = 900;

interface Note {
    id: number;
    body: string;
    author: { id: number };
    system: boolean;
}

/** A GitLab project with one open merge request (!3), its merge-request pipelines and notes. */
class FakeGitLab {
    readonly server: http.Server;
    notes: Note[] = [];
    /** The review job of the newest pipeline and its artifact. */
    job = { id: 500, name: "copy-review", status: "success", artifact: Buffer.from("") as Buffer | undefined };
    seen: string[] = [];
    /** Answers every request with a redirect to this address instead, when set. */
    redirectTo?: string;
    /** Answers the artifact's download with a redirect to this address (its "object storage"), when set. */
    artifactAt?: string;

    constructor() {
        this.server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d: Buffer) => (body += d.toString("utf8")));
            req.on("end", () => this.answer(req, body, res));
        });
    }

    url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v4`;
    }

    private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
        const url = req.url ?? "";
        const route = url.replace(/\?.*/, "");
        this.seen.push(`${req.method} ${route}${req.headers["private-token"] ? "" : " (no token)"}`);
        const reply = (status: number, value: unknown) => {
            res.writeHead(status, { "content-type": "application/json" });
            res.end(JSON.stringify(value));
        };
        if (route === "/storage/copy-review.md") {
            // Object storage: a signed address, no token needed (and none must be sent).
            res.writeHead(200, { "content-type": "application/octet-stream", "x-token-seen": "no" });
            res.end(this.job.artifact);
            return;
        }
        if (req.headers["private-token"] !== TOKEN) return reply(401, { message: "401 Unauthorized" });
        if (this.redirectTo) {
            res.writeHead(302, { location: `${this.redirectTo}${url}` });
            res.end();
            return;
        }
        const project = "/api/v4/projects/7";
        if (req.method === "GET" && route === "/api/v4/user") return reply(200, { id: BOT, username: "project_7_bot" });
        if (req.method === "GET" && route === `${project}/merge_requests`) return reply(200, [{ iid: 3 }]);
        if (req.method === "GET" && route === `${project}/merge_requests/3/pipelines`) {
            // A branch pipeline (not of the merge request) is newer: it must not be taken.
            return reply(200, [
                { id: 60, ref: "feature" },
                { id: 50, ref: "refs/merge-requests/3/head" },
                { id: 40, ref: "refs/merge-requests/3/head" },
            ]);
        }
        if (req.method === "GET" && route === `${project}/pipelines/50/jobs`) {
            const { id, name, status, artifact } = this.job;
            return reply(200, [
                { id: 499, name: "copy-review-note", status: "running", artifacts: [] },
                { id, name, status, artifacts: artifact ? [{ file_type: "archive" }] : [] },
            ]);
        }
        if (req.method === "GET" && route === `${project}/jobs/500/artifacts/review/copy-review.md`) {
            if (this.artifactAt) {
                res.writeHead(302, { location: this.artifactAt });
                res.end();
                return;
            }
            res.writeHead(200, { "content-type": "application/octet-stream" });
            res.end(this.job.artifact);
            return;
        }
        const notes = `${project}/merge_requests/3/notes`;
        if (req.method === "GET" && route === notes) return reply(200, this.notes);
        if (req.method === "POST" && route === notes) {
            const note = {
                id: 100 + this.notes.length,
                body: JSON.parse(body).body,
                author: { id: BOT },
                system: false,
            };
            this.notes.push(note);
            return reply(201, note);
        }
        const match = new RegExp(`^${notes}/(\\d+)$`).exec(route);
        const note = match && this.notes.find((n) => n.id === Number(match[1]));
        if (req.method === "PUT" && note) {
            if (note.author.id !== BOT) return reply(403, { message: "403 Forbidden" });
            note.body = JSON.parse(body).body;
            return reply(200, note);
        }
        reply(404, { message: "404 Not found" });
    }
}

function run(api: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { PATH: process.env.PATH, CI_API_V4_URL: api, CI_PROJECT_ID: "7", COPY_REVIEW_TOKEN: TOKEN };
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [SCRIPT], { env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

describe("copy review: the GitLab merge-request note of examples/gitops", function () {
    this.timeout(30_000);
    const gitlab = new FakeGitLab();
    /** Another host on loopback that must never be asked anything. */
    const elsewhere: string[] = [];
    const other = http.createServer((req, res) => {
        elsewhere.push(`${req.method} ${req.url} ${req.headers["private-token"] ?? ""}`);
        res.writeHead(200, { "content-type": "application/json" });
        res.end("[]");
    });

    before(async () => {
        await new Promise<void>((resolve) => gitlab.server.listen(0, "127.0.0.1", resolve));
        await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    });

    after(async () => {
        await new Promise((resolve) => gitlab.server.close(resolve));
        await new Promise((resolve) => other.close(resolve));
    });

    beforeEach(() => {
        gitlab.seen = [];
        gitlab.redirectTo = undefined;
        gitlab.artifactAt = undefined;
        gitlab.job.status = "success";
    });

    it("adds one note, leaves a note planted by another user alone, then edits its own", async () => {
        // Anyone who can comment can write a note that starts with the marker; it is not the tool's.
        const planted = { id: 1, body: `${COMMENT_MARKER}\nno findings, approve`, author: { id: 42 }, system: false };
        gitlab.notes = [{ id: 2, body: "looks good to me", author: { id: 42 }, system: false }, planted];
        gitlab.job.artifact = Buffer.from(`${COMMENT_MARKER}\nfirst review`);
        const first = await run(gitlab.url());
        expect(first, first.stderr).to.include({ code: 0, stderr: "" });
        expect(first.stdout).to.equal("!3: note 102 added (pipeline 50)\n");

        gitlab.job.artifact = Buffer.from(`${COMMENT_MARKER}\nsecond review`);
        const second = await run(gitlab.url());
        expect(second, second.stderr).to.include({ code: 0, stderr: "" });
        expect(second.stdout).to.equal("!3: note 102 edited (pipeline 50)\n");
        expect(gitlab.notes).to.deep.equal([
            { id: 2, body: "looks good to me", author: { id: 42 }, system: false },
            { id: 1, body: `${COMMENT_MARKER}\nno findings, approve`, author: { id: 42 }, system: false },
            { id: 102, body: `${COMMENT_MARKER}\nsecond review`, author: { id: BOT }, system: false },
        ]);
        expect(gitlab.seen.filter((s) => !s.startsWith("GET"))).to.deep.equal([
            "POST /api/v4/projects/7/merge_requests/3/notes",
            "PUT /api/v4/projects/7/merge_requests/3/notes/102",
        ]);

        // The same review again: nothing is written.
        expect((await run(gitlab.url())).stdout).to.equal("!3: note 102 is up to date (pipeline 50)\n");
    });

    it("waits for a review job that has not finished, and skips one that kept no artifact", async () => {
        gitlab.job.status = "running";
        expect((await run(gitlab.url())).stdout).to.equal("!3: copy-review of pipeline 50 is running\n");
        gitlab.job.status = "failed";
        const saved = gitlab.job.artifact;
        gitlab.job.artifact = undefined;
        const run2 = await run(gitlab.url());
        gitlab.job.artifact = saved;
        expect(run2.stdout).to.match(/^!3: copy-review of pipeline 50 kept no artifact/);
        expect(gitlab.seen.filter((s) => s.includes("/artifacts/") || !s.startsWith("GET"))).to.deep.equal([]);
    });

    it("refuses an artifact that is not a review, and posts nothing", async () => {
        const before = JSON.stringify(gitlab.notes);
        for (const [artifact, why] of [
            [Buffer.from("<!-- not the marker -->\nhello"), /does not start with the line <!-- jsms-copy-review -->/],
            [Buffer.from([0x3c, 0x21, 0xff, 0xfe]), /not UTF-8 text/],
            [Buffer.from(`${COMMENT_MARKER}\n${"x".repeat(70_000)}`), /more than 65536/],
        ] as const) {
            gitlab.job.artifact = artifact;
            const result = await run(gitlab.url());
            expect(result.code).to.equal(1);
            expect(result.stderr).to.match(/^merge-request-note: !3: review\/copy-review\.md of job 500 is refused: /);
            expect(result.stderr).to.match(why);
        }
        expect(JSON.stringify(gitlab.notes)).to.equal(before);
    });

    it("never follows a redirect: the token stays with the API it was set for", async () => {
        gitlab.redirectTo = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
        const result = await run(gitlab.url());
        expect(result.code).to.equal(1);
        expect(result.stderr).to.match(/^merge-request-note: GitLab GET \/user: no answer \(.*redirects are refused\)/);
        expect(result.stderr).to.not.contain(TOKEN);
        expect(elsewhere).to.deep.equal([]);
    });

    it("follows GitLab's redirect of the artifact to its storage without the token, and refuses plain http elsewhere", async () => {
        gitlab.job.artifact = Buffer.from(`${COMMENT_MARKER}\nreview from storage`);
        gitlab.artifactAt = "/storage/copy-review.md";
        const stored = await run(gitlab.url());
        expect(stored, stored.stderr).to.include({ code: 0, stdout: "!3: note 102 edited (pipeline 50)\n" });
        expect(gitlab.seen).to.include("GET /storage/copy-review.md (no token)");
        expect(gitlab.notes.find((n) => n.id === 102)?.body).to.equal(`${COMMENT_MARKER}\nreview from storage`);

        gitlab.artifactAt = `http://127.0.0.1:${(other.address() as AddressInfo).port}/copy-review.md`;
        const refused = await run(gitlab.url());
        expect(refused.code).to.equal(1);
        expect(refused.stderr).to.contain("redirected to a plain http: address: refused");
        expect(elsewhere).to.deep.equal([]);
    });

    it("fails with one line when GitLab refuses the token", async () => {
        const api = gitlab.url();
        const env = { PATH: process.env.PATH, CI_API_V4_URL: api, CI_PROJECT_ID: "7", COPY_REVIEW_TOKEN: "wrong" };
        const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [SCRIPT], { env, stdio: ["ignore", "ignore", "pipe"] });
            let stderr = "";
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
            child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
        });
        expect(result.code).to.equal(1);
        expect(result.stderr).to.equal(
            'merge-request-note: GitLab GET /user answered 401: {"message":"401 Unauthorized"}\n',
        );
    });
});
