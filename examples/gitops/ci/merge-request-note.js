// Posts the copy review as ONE note on the GitLab merge request: edits the note that starts with the review's hidden
// marker when there is one, else adds it. Reads GitLab's predefined CI variables and COPY_REVIEW_TOKEN.
//   node ci/merge-request-note.js review/copy-review.md
const fs = require("fs");

const MARKER = "<!-- jsms-copy-review -->";

async function gitlab(method, path, body) {
    const res = await fetch(`${process.env.CI_API_V4_URL}/projects/${process.env.CI_PROJECT_ID}${path}`, {
        method,
        headers: { "PRIVATE-TOKEN": process.env.COPY_REVIEW_TOKEN, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) {
        throw new Error(`GitLab ${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    return res.json();
}

async function main() {
    for (const name of ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "COPY_REVIEW_TOKEN"]) {
        if (!process.env[name]) throw new Error(`${name} is not set (run this in a merge-request pipeline)`);
    }
    const body = fs.readFileSync(process.argv[2] ?? "review/copy-review.md", "utf8");
    const notes = `/merge_requests/${process.env.CI_MERGE_REQUEST_IID}/notes`;
    let previous;
    for (let page = 1; previous === undefined; page++) {
        const batch = await gitlab("GET", `${notes}?per_page=100&page=${page}&sort=asc`);
        previous = batch.find((note) => typeof note.body === "string" && note.body.startsWith(MARKER));
        if (batch.length < 100) break;
    }
    if (previous) {
        await gitlab("PUT", `${notes}/${previous.id}`, { body });
    } else {
        await gitlab("POST", notes, { body });
    }
}

main().catch((error) => {
    console.error(`merge-request-note: ${error.message}`);
    process.exit(1);
});
