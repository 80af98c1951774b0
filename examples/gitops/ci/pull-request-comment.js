// Posts the copy review as ONE comment on the pull request, from the trusted job of
// .github/workflows/copy-review-comment.yml (a workflow_run of the default branch: this file is the default branch's,
// never the pull request's).
//   node ci/pull-request-comment.js <folder of the downloaded artifact>/copy-review.md
// The review is data made by the pull request's code, checked (review-artifact.js) before it is posted. The pull
// request and its head commit come from the workflow_run event, never from the artifact; a review of a commit that is
// no longer the pull request's head is not posted (the newer run posts its own). The comment is found by its author,
// the token's own identity (GraphQL `viewer`, which an Actions token answers with github-actions[bot]), AND the
// review's hidden first line, so a comment planted by anyone else is never edited. Reads GITHUB_TOKEN,
// GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_GRAPHQL_URL, PULL_REQUEST and HEAD_SHA.
const fs = require("fs");
const { MARKER, list, positiveId, request, required, reviewText } = require("./review-artifact.js");

function githubClient() {
    const hint = "set by the workflow_run job of copy-review-comment.yml";
    const api = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
    const graphql = process.env.GITHUB_GRAPHQL_URL || `${api}/graphql`;
    const headers = {
        authorization: `Bearer ${required("GITHUB_TOKEN", hint)}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
        "user-agent": "jsms-copy-review",
    };
    const rest = (method, path, options = {}) =>
        request(`${api}${path}`, { method, headers, ...options, what: `GitHub ${method} ${path.replace(/\?.*/, "")}` });
    const viewer = async () => {
        const answer = await request(graphql, {
            method: "POST",
            headers,
            body: { query: "query { viewer { databaseId login } }" },
            what: "GitHub GraphQL viewer",
        });
        return positiveId(answer?.data?.viewer?.databaseId, "the token's user id (GraphQL viewer)");
    };
    return { rest, viewer };
}

async function main() {
    const file = process.argv[2];
    if (!file) {
        throw new Error("usage: node ci/pull-request-comment.js <copy-review.md>");
    }
    const hint = "set by the workflow_run job of copy-review-comment.yml";
    const repository = required("GITHUB_REPOSITORY", hint);
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
        throw new Error(`GITHUB_REPOSITORY is not <owner>/<name>: ${JSON.stringify(repository).slice(0, 80)}`);
    }
    const number = required(
        "PULL_REQUEST",
        `${hint}; empty when the run belongs to no pull request of this repository`,
    );
    if (!/^[1-9]\d{0,9}$/.test(number)) {
        throw new Error(`PULL_REQUEST is not a pull request number: ${JSON.stringify(number).slice(0, 40)}`);
    }
    const headSha = required("HEAD_SHA", hint);
    if (!/^[0-9a-f]{40}$/.test(headSha)) {
        throw new Error("HEAD_SHA is not a commit id");
    }
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > 4 * 65536) {
        throw new Error(`${file} is not a regular file of at most ${4 * 65536} bytes`);
    }
    const body = reviewText(fs.readFileSync(file));

    const { rest, viewer } = githubClient();
    const pull = await rest("GET", `/repos/${repository}/pulls/${number}`);
    if (pull?.head?.repo?.full_name !== repository) {
        throw new Error(`pull request #${number} does not come from a branch of ${repository}`);
    }
    if (pull.head.sha !== headSha) {
        console.log(`#${number}: the review is of ${headSha.slice(0, 12)}, the head is now another commit: not posted`);
        return;
    }
    const me = await viewer();
    let previous;
    for (let page = 1; page <= 50 && previous === undefined; page++) {
        const batch = list(
            await rest("GET", `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`),
            "the comments",
        );
        previous = batch.find((c) => c?.user?.id === me && typeof c.body === "string" && c.body.startsWith(MARKER));
        if (batch.length < 100) {
            break;
        }
    }
    if (previous?.body === body) {
        console.log(`#${number}: comment ${previous.id} is up to date`);
    } else if (previous) {
        const id = positiveId(previous.id, "the comment's id");
        await rest("PATCH", `/repos/${repository}/issues/comments/${id}`, { body: { body } });
        console.log(`#${number}: comment ${id} edited`);
    } else {
        const added = await rest("POST", `/repos/${repository}/issues/${number}/comments`, { body: { body } });
        console.log(`#${number}: comment ${positiveId(added?.id, "the new comment's id")} added`);
    }
}

main().catch((error) => {
    console.error(`pull-request-comment: ${error.message}`);
    process.exit(1);
});
