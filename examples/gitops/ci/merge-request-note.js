// Posts the copy reviews of open merge requests, one note per merge request, from the trusted job of .gitlab-ci.yml
// (a pipeline of the protected default branch: this file is the default branch's, never a merge request's).
//   node ci/merge-request-note.js
// For each open merge request (the 50 updated last), it takes the newest merge-request pipeline, and when that
// pipeline's `copy-review` job has finished, that job's artifact review/copy-review.md: data made by the branch's
// code, checked (review-artifact.js) before it is posted. The note is found by its author, the token's own user
// (GET /user), AND the review's hidden first line, so a note planted by anyone else is never edited; it is added
// when there is none and edited only when its text changed. Reads CI_API_V4_URL, CI_PROJECT_ID and
// COPY_REVIEW_TOKEN (a project access token, role Reporter, scope api: docs/threat-model.md); REVIEW_JOB names the
// review job when it is not `copy-review`. Exit 1 when any merge request could not be handled, after trying all.
const { MARKER, list, positiveId, request, required, reviewText } = require("./review-artifact.js");

const ARTIFACT = "review/copy-review.md";
const MERGE_REQUEST_REF = /^refs\/merge-requests\/(\d+)\/(head|merge|train)$/;
const FINISHED = new Set(["success", "failed"]);

/** Requests to GitLab's API with the token: `gitlab.user` for the token's own user, `gitlab` for the project. */
function gitlabClient() {
    const hint = "run this in the pipeline of the protected default branch";
    const api = required("CI_API_V4_URL", hint).replace(/\/+$/, "");
    const project = `/projects/${encodeURIComponent(required("CI_PROJECT_ID", hint))}`;
    const headers = { "PRIVATE-TOKEN": required("COPY_REVIEW_TOKEN", `a protected variable: ${hint}`) };
    const call = (method, path, options) =>
        request(`${api}${path}`, { method, headers, ...options, what: `GitLab ${method} ${options.shown}` });
    const gitlab = (method, path, options = {}) =>
        call(method, `${project}${path}`, { ...options, shown: path.replace(/\?.*/, "") });
    gitlab.user = () => call("GET", "/user", { shown: "/user" });
    return gitlab;
}

/** The note to update: written by `me` and starting with the marker; never one by someone else. */
async function ownNote(gitlab, iid, me) {
    for (let page = 1; page <= 50; page++) {
        const batch = list(
            await gitlab("GET", `/merge_requests/${iid}/notes?per_page=100&page=${page}&sort=asc&order_by=created_at`),
            "the notes",
        );
        const found = batch.find(
            (note) =>
                note?.author?.id === me &&
                note.system !== true &&
                typeof note.body === "string" &&
                note.body.startsWith(MARKER),
        );
        if (found) {
            return { id: positiveId(found.id, "a note's id"), body: found.body };
        }
        if (batch.length < 100) {
            return undefined;
        }
    }
    return undefined;
}

/** The finished review of a merge request's newest merge-request pipeline, or a reason there is none yet. */
async function latestReview(gitlab, iid, reviewJob) {
    const pipelines = list(await gitlab("GET", `/merge_requests/${iid}/pipelines?per_page=100`), "the pipelines")
        .filter((p) => typeof p?.ref === "string" && MERGE_REQUEST_REF.exec(p.ref)?.[1] === String(iid))
        .map((p) => positiveId(p.id, "a pipeline's id"));
    if (pipelines.length === 0) {
        return { skip: "no merge-request pipeline yet" };
    }
    const pipeline = Math.max(...pipelines);
    const jobs = list(await gitlab("GET", `/pipelines/${pipeline}/jobs?per_page=100`), "the jobs");
    const job = jobs.find((j) => j?.name === reviewJob);
    if (!job) {
        return { skip: `pipeline ${pipeline} has no ${reviewJob} job` };
    }
    if (!FINISHED.has(job.status)) {
        return { skip: `${reviewJob} of pipeline ${pipeline} is ${String(job.status).slice(0, 40)}` };
    }
    if (!Array.isArray(job.artifacts) || !job.artifacts.some((a) => a?.file_type === "archive")) {
        return { skip: `${reviewJob} of pipeline ${pipeline} kept no artifact (the review could not be made)` };
    }
    const id = positiveId(job.id, "the review job's id");
    // GitLab may answer a download with a redirect to its object storage: followed without the token.
    const bytes = await gitlab("GET", `/jobs/${id}/artifacts/${ARTIFACT}`, {
        raw: true,
        limit: 4 * 65536,
        redirectWithoutToken: true,
    });
    try {
        return { pipeline, text: reviewText(bytes) };
    } catch (error) {
        throw new Error(`${ARTIFACT} of job ${id} is refused: ${error.message}`);
    }
}

async function main() {
    const gitlab = gitlabClient();
    const reviewJob = process.env.REVIEW_JOB || "copy-review";
    const me = positiveId((await gitlab.user())?.id, "the token's user id (GET /user)");
    const open = list(
        await gitlab("GET", "/merge_requests?state=opened&order_by=updated_at&sort=desc&per_page=50"),
        "the open merge requests",
    );
    let failed = 0;
    for (const mr of open) {
        let iid;
        try {
            iid = positiveId(mr?.iid, "a merge request's iid");
            const review = await latestReview(gitlab, iid, reviewJob);
            if (review.skip) {
                console.log(`!${iid}: ${review.skip}`);
                continue;
            }
            const note = await ownNote(gitlab, iid, me);
            if (note?.body === review.text) {
                console.log(`!${iid}: note ${note.id} is up to date (pipeline ${review.pipeline})`);
            } else if (note) {
                await gitlab("PUT", `/merge_requests/${iid}/notes/${note.id}`, { body: { body: review.text } });
                console.log(`!${iid}: note ${note.id} edited (pipeline ${review.pipeline})`);
            } else {
                const added = await gitlab("POST", `/merge_requests/${iid}/notes`, { body: { body: review.text } });
                console.log(
                    `!${iid}: note ${positiveId(added?.id, "the new note's id")} added (pipeline ${review.pipeline})`,
                );
            }
        } catch (error) {
            failed++;
            console.error(`merge-request-note: ${iid === undefined ? "" : `!${iid}: `}${error.message}`);
        }
    }
    if (failed > 0) {
        process.exitCode = 1;
    }
}

main().catch((error) => {
    console.error(`merge-request-note: ${error.message}`);
    process.exit(1);
});
