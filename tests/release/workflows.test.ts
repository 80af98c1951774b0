// The GitHub workflows cannot run here, so they must do nothing the tests do not: every `run:` step calls the
// README's test command (.ci/run, npm test), the release build, sha256sum over its checksums, or a publishing tool
// over the release folder; and the npm scripts they call exist.
import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { repoRoot } from "../e2e/support";

interface Workflow {
    on: unknown;
    jobs: Record<string, { steps: { run?: string; uses?: string; name?: string }[] }>;
}

function workflow(name: string): Workflow {
    return yaml.load(fs.readFileSync(path.join(repoRoot(), ".github", "workflows", name), "utf8")) as Workflow;
}

function runs(w: Workflow): string[] {
    return Object.values(w.jobs).flatMap((job) =>
        job.steps.map((s) => s.run).filter((r): r is string => r !== undefined),
    );
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

    it("release runs on a version tag: the tests, the release build and its checksums, then only publishing", () => {
        const release = workflow("release.yml");
        expect(release.on).to.deep.equal({ push: { tags: ["v*"] } });
        // Continued lines (a trailing backslash) are one command.
        const commands = runs(release)
            .join("\n")
            .replace(/\\\n\s*/g, " ");
        expect(commands).to.contain("npm ci").and.to.contain("npm test");
        expect(commands).to.contain(
            'npm run release:build -- --plugin-download-url "$PULUMI_JSMS_PLUGIN_DOWNLOAD_URL"',
        );
        expect(commands).to.contain("sha256sum --quiet -c checksums.txt");
        for (const m of commands.matchAll(/npm run ([\w:-]+)/g)) {
            expect(scripts, `npm script ${m[1]}`).to.have.property(m[1]);
        }
        // Everything published comes out of dist/release.
        for (const line of commands.split("\n").filter((l) => /^\s*(gh release create|npm publish)/.test(l))) {
            expect(line).to.match(/dist\/release\//);
        }
    });
});
