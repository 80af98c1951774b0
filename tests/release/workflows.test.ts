// The GitHub workflows (the repository's, and the gitops example's that teams copy) and the example's GitLab pipeline
// cannot run here, so their files are checked for what docs/threat-model.md promises: every `run:` step of the
// repository's workflows calls the README's test command (.ci/run, npm test), the release build, sha256sum over its
// checksums, or a publishing tool over the release folder, and the npm scripts they call exist; every action is
// pinned by a full commit; no checkout leaves its token in .git/config; a job that runs a pull request's code (or
// `npm ci`) holds no secret that can write and no write permission; the release publishes, attests and signs in a
// job of its own; the comment and the note are posted by jobs that run only the default branch's code.
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { repoRoot } from "../e2e/support";

interface Step {
    run?: string;
    uses?: string;
    name?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}

interface Job {
    permissions?: Record<string, string> | string;
    env?: Record<string, string>;
    needs?: string | string[];
    if?: string;
    environment?: string;
    steps: Step[];
}

interface Workflow {
    on: Record<string, unknown>;
    permissions?: Record<string, string> | string;
    env?: Record<string, string>;
    jobs: Record<string, Job>;
}

const WORKFLOWS = [".github/workflows", "examples/gitops/.github/workflows"];

function load(rel: string): Workflow {
    return yaml.load(fs.readFileSync(path.join(repoRoot(), rel), "utf8")) as Workflow;
}

function workflow(name: string): Workflow {
    return load(path.join(".github", "workflows", name));
}

/** Every workflow file of the repository and of the example, by its path. */
function allWorkflows(): [string, Workflow][] {
    return WORKFLOWS.flatMap((dir) =>
        fs
            .readdirSync(path.join(repoRoot(), dir))
            .filter((f) => /\.ya?ml$/.test(f))
            .map((f): [string, Workflow] => [`${dir}/${f}`, load(`${dir}/${f}`)]),
    );
}

function runs(w: Workflow): string[] {
    return Object.values(w.jobs).flatMap((job) =>
        job.steps.map((s) => s.run).filter((r): r is string => r !== undefined),
    );
}

/** A job's commands, continued lines (a trailing backslash) joined into one. */
function commands(job: Job): string {
    return job.steps
        .map((s) => s.run ?? "")
        .join("\n")
        .replace(/\\\n\s*/g, " ");
}

/** The permissions a job ends up with: its own, else the workflow's. */
function permissions(w: Workflow, job: Job): Record<string, string> | string | undefined {
    return job.permissions ?? w.permissions;
}

/** The names of the secrets a piece of workflow text names (`secrets.X`), and whether it names `github.token`. */
function secretsIn(value: unknown): string[] {
    const text = JSON.stringify(value ?? {});
    const names = [...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
    if (/github\.token|secrets\.GITHUB_TOKEN/.test(text)) names.push("GITHUB_TOKEN");
    return names;
}

/** Whether a set of permissions grants any write (or an OIDC token, which can sign and publish). */
function writes(perms: Record<string, string> | string | undefined): string[] {
    if (perms === undefined) return ["(the repository's default token permissions)"];
    if (typeof perms === "string") return perms === "read-all" ? [] : [perms];
    return Object.entries(perms)
        .filter(([, level]) => level !== "read" && level !== "none")
        .map(([scope, level]) => `${scope}: ${level}`);
}

describe("GitHub workflows", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot(), "package.json"), "utf8")).scripts as Record<
        string,
        string
    >;

    it("ci runs the README's test command on pull requests, then the audit of the production dependencies", () => {
        const ci = workflow("ci.yml");
        expect(ci.on).to.have.property("pull_request");
        expect(runs(ci)).to.deep.equal(["bash .ci/run", "npm audit --omit=dev --audit-level=high"]);
        expect(fs.readFileSync(path.join(repoRoot(), ".ci", "run"), "utf8")).to.contain("npm ci\nnpm test\n");
    });

    it("pin every action by a full commit and never leave the checkout's token in .git/config", () => {
        for (const [file, w] of allWorkflows()) {
            for (const [name, job] of Object.entries(w.jobs)) {
                for (const step of job.steps) {
                    if (step.uses === undefined || step.uses.startsWith("./")) continue;
                    expect(step.uses, `${file} ${name}`).to.match(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
                    if (step.uses.startsWith("actions/checkout@")) {
                        expect(step.with?.["persist-credentials"], `${file} ${name}: checkout`).to.equal(false);
                    }
                }
            }
        }
    });

    it("give a job that runs a pull request's code no write permission and no secret that can write", () => {
        // The one secret such a job may hold: the example's Pulumi token limited to preview (docs/threat-model.md).
        const previewOnly = ["PULUMI_PREVIEW_TOKEN"];
        let checked = 0;
        for (const [file, w] of allWorkflows()) {
            expect(w.on, `${file} must not run a pull request's code with the base's secrets`).to.not.have.property(
                "pull_request_target",
            );
            if (!("pull_request" in w.on)) continue;
            for (const [name, job] of Object.entries(w.jobs)) {
                checked++;
                expect(writes(permissions(w, job)), `${file} ${name}: permissions`).to.deep.equal([]);
                expect(secretsIn([w.env, job.env]), `${file} ${name}: job-wide secrets`).to.deep.equal([]);
                for (const step of job.steps) {
                    const held = secretsIn([step.env, step.with]);
                    expect(
                        held.filter((s) => !previewOnly.includes(s)),
                        `${file} ${name} ${step.name ?? step.run}`,
                    ).to.deep.equal([]);
                    // The preview token only in the step that previews, never beside an install.
                    if (held.length > 0)
                        expect(step.run ?? "")
                            .to.contain("jsms-copy-review")
                            .and.not.contain("npm ci");
                }
            }
        }
        expect(checked, "jobs on pull_request").to.equal(2);
    });

    it("release: a read-only job runs npm ci, the tests and the build; a separate job attests and publishes", () => {
        const release = workflow("release.yml");
        expect(release.on).to.deep.equal({ push: { tags: ["v*"] } });
        expect(writes(release.permissions), "workflow-wide permissions").to.deep.equal([]);
        const { build, publish } = release.jobs;
        expect(Object.keys(release.jobs).sort()).to.deep.equal(["build", "publish"]);

        expect(build.permissions).to.deep.equal({ contents: "read" });
        expect(secretsIn(build), "the build job's secrets").to.deep.equal([]);
        const built = commands(build);
        expect(built).to.contain("npm ci").and.to.contain("npm test");
        expect(built).to.contain('npm run release:build -- --plugin-download-url "$PULUMI_JSMS_PLUGIN_DOWNLOAD_URL"');
        expect(built).to.contain("sha256sum --quiet -c checksums.txt");
        expect(build.steps.some((s) => s.uses?.startsWith("actions/upload-artifact@"))).to.equal(true);
        for (const m of built.matchAll(/npm run ([\w:-]+)/g)) {
            expect(scripts, `npm script ${m[1]}`).to.have.property(m[1]);
        }

        expect(publish.needs).to.equal("build");
        const published = commands(publish);
        expect(published, "publish installs and runs nothing of the package").to.not.match(
            /npm (ci|install|test|run)\b/,
        );
        expect(publish.steps.some((s) => s.uses?.startsWith("actions/download-artifact@"))).to.equal(true);
        expect(published).to.contain("sha256sum --quiet --strict -c checksums.txt");
        const attest = publish.steps.find((s) => s.uses?.startsWith("actions/attest-build-provenance@"));
        expect(attest?.with).to.deep.equal({ "subject-checksums": "dist/release/checksums.txt" });
        expect(publish.permissions).to.deep.equal({ contents: "write", "id-token": "write", attestations: "write" });
        // Everything published comes out of dist/release, npm packages with provenance.
        const publishing = published.split("\n").filter((l) => /^\s*(gh release create|npm publish)/.test(l));
        expect(publishing).to.have.length(4);
        // The library, then each service (which depends on it at the same version), then the TypeScript SDK.
        expect(published).to.match(/for service in simulator review-hook copy-review; do/);
        expect(publishing.map((l) => /dist\/release\/(\S+)"/.exec(l)?.[1])).to.deep.equal([
            undefined,
            "pulumi-jsms-${VERSION}.tgz",
            "pulumi-jsms-${service}-${VERSION}.tgz",
            "pulumi-jsms-jsms-${VERSION}.tgz",
        ]);
        for (const line of publishing) {
            expect(line).to.match(/dist\/release\//);
            if (line.includes("npm publish")) expect(line).to.contain("--provenance");
        }
    });

    it("gitops example: the comment is posted by a workflow_run job of the default branch that runs no pull request code", () => {
        const comment = load("examples/gitops/.github/workflows/copy-review-comment.yml");
        expect(comment.on).to.deep.equal({ workflow_run: { workflows: ["SMS copy review"], types: ["completed"] } });
        expect(load("examples/gitops/.github/workflows/copy-review.yml")).to.have.property("name", "SMS copy review");
        expect(comment.permissions).to.deep.equal({});
        const job = comment.jobs.comment;
        expect(job.permissions).to.deep.equal({ actions: "read", contents: "read", "pull-requests": "write" });
        expect(job.if).to.contain("github.event.workflow_run.head_repository.full_name == github.repository");
        const checkout = job.steps.find((s) => s.uses?.startsWith("actions/checkout@"));
        expect(checkout?.with).to.include({
            ref: `$\{{ github.event.repository.default_branch }}`,
            "sparse-checkout": "ci",
        });
        expect(commands(job).trim()).to.equal(
            'node ci/pull-request-comment.js "$RUNNER_TEMP/copy-review/copy-review.md"',
        );
        expect(secretsIn(job)).to.deep.equal(["GITHUB_TOKEN"]);
    });
});

describe("GitLab pipeline of the gitops example", () => {
    type GitLabJob = {
        script?: string[];
        before_script?: string[];
        rules?: { if: string; when?: string }[];
        variables?: Record<string, string>;
        inherit?: { variables: boolean };
        trigger?: { project: string; branch: string };
        needs?: string[];
    };
    const pipeline = yaml.load(
        fs.readFileSync(path.join(repoRoot(), "examples", "gitops", ".gitlab-ci.yml"), "utf8"),
    ) as Record<string, GitLabJob>;

    it("the job that runs the branch's code never names the note token, and installs without the Pulumi token", () => {
        const review = pipeline["copy-review"];
        expect(review.rules).to.deep.equal([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
        expect(JSON.stringify(pipeline)).to.not.match(/COPY_REVIEW_TOKEN/);
        expect(review.before_script).to.include("env -u PULUMI_ACCESS_TOKEN sh -c 'npm ci && npm ci --prefix policy'");
    });

    it("the merge-request pipeline passes nothing to the default branch's pipeline", () => {
        const bridge = pipeline["copy-review-note"];
        expect(bridge.trigger).to.deep.equal({ project: "$CI_PROJECT_PATH", branch: "$CI_DEFAULT_BRANCH" });
        expect(bridge.inherit).to.deep.equal({ variables: false });
        expect(bridge).to.not.have.property("variables");
        expect(Object.keys(pipeline).filter((k) => k === "variables")).to.deep.equal([]);
    });

    it("the note is posted only by a job of the protected default branch running its own script", () => {
        const notes = pipeline["copy-review-notes"];
        expect(notes.rules).to.have.length(1);
        const rule = notes.rules![0].if;
        expect(rule).to.contain("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
        expect(rule).to.contain('$CI_COMMIT_REF_PROTECTED == "true"');
        expect(rule).to.not.contain("merge_request_event");
        expect(notes.script).to.deep.equal(["node ci/merge-request-note.js"]);
        expect(notes).to.not.have.property("before_script");
    });
});
