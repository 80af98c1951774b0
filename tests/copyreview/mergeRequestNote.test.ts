// examples/gitops/ci/merge-request-note.js against a stand-in for GitLab's notes API on loopback: the first run adds
// the review as a note, the next ones edit that note (found by the review's hidden first line), and other notes stay.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { COMMENT_MARKER } from "../../copyreview/markdownRenderer";

const SCRIPT = path.resolve(__dirname, "../../../examples/gitops/ci/merge-request-note.js");

interface Note {
    id: number;
    body: string;
}

describe("copy review: the GitLab merge-request note of examples/gitops", function () {
    this.timeout(30_000);
    let server: http.Server;
    let url: string;
    let folder: string;
    const notes: Note[] = [{ id: 1, body: "looks good to me" }];
    const seen: string[] = [];

    before(async () => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-mr-note-"));
        server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d: Buffer) => (body += d.toString("utf8")));
            req.on("end", () => {
                seen.push(`${req.method} ${req.url?.replace(/\?.*/, "")} ${req.headers["private-token"]}`);
                const reply = (status: number, value: unknown) => {
                    res.writeHead(status, { "content-type": "application/json" });
                    res.end(JSON.stringify(value));
                };
                const base = "/api/v4/projects/7/merge_requests/3/notes";
                if (req.method === "GET" && req.url?.startsWith(`${base}?`)) return reply(200, notes);
                if (req.method === "POST" && req.url === base) {
                    const note = { id: notes.length + 1, body: JSON.parse(body).body as string };
                    notes.push(note);
                    return reply(201, note);
                }
                const match = new RegExp(`^${base}/(\\d+)$`).exec(req.url ?? "");
                const note = match && notes.find((n) => n.id === Number(match[1]));
                if (req.method === "PUT" && note) {
                    note.body = JSON.parse(body).body;
                    return reply(200, note);
                }
                reply(404, { message: "404 Not found" });
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
    });

    after(async () => {
        await new Promise((resolve) => server.close(resolve));
        fs.rmSync(folder, { recursive: true, force: true });
    });

    function post(review: string): Promise<{ code: number; stderr: string }> {
        const file = path.join(folder, "copy-review.md");
        fs.writeFileSync(file, review);
        const env = {
            ...process.env,
            CI_API_V4_URL: url,
            CI_PROJECT_ID: "7",
            CI_MERGE_REQUEST_IID: "3",
            COPY_REVIEW_TOKEN: "glpat-test",
        };
        return new Promise((resolve) => {
            const child = spawn(process.execPath, [SCRIPT, file], { env, stdio: ["ignore", "ignore", "pipe"] });
            let stderr = "";
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
            child.on("close", (code) => resolve({ code: code ?? -1, stderr }));
        });
    }

    it("adds one note, then keeps editing it", async () => {
        expect(await post(`${COMMENT_MARKER}\nfirst review`)).to.deep.equal({ code: 0, stderr: "" });
        expect(await post(`${COMMENT_MARKER}\nsecond review`)).to.deep.equal({ code: 0, stderr: "" });
        expect(notes).to.deep.equal([
            { id: 1, body: "looks good to me" },
            { id: 2, body: `${COMMENT_MARKER}\nsecond review` },
        ]);
        expect(seen.filter((s) => !s.startsWith("GET"))).to.deep.equal([
            "POST /api/v4/projects/7/merge_requests/3/notes glpat-test",
            "PUT /api/v4/projects/7/merge_requests/3/notes/2 glpat-test",
        ]);
    });

    it("fails with one line when GitLab refuses", async () => {
        server.removeAllListeners("request");
        server.on("request", (_req, res) => {
            res.writeHead(401, { "content-type": "application/json" });
            res.end('{"message":"401 Unauthorized"}');
        });
        const run = await post(`${COMMENT_MARKER}\nthird`);
        expect(run.code).to.equal(1);
        expect(run.stderr.trim()).to.match(
            /^merge-request-note: GitLab GET \/merge_requests\/3\/notes\?per_page=100&page=1&sort=asc answered 401/,
        );
    });
});
