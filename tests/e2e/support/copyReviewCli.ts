/** jsms-copy-review as the e2e suites run it: the compiled command in a test project, with that project's CLI. */
import { spawn } from "child_process";
import * as path from "path";
import { repoRoot, type PulumiProject } from "./pulumiProject";

/** How one run of the command ended, with what it printed. */
export interface CopyReviewRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs dist/copyreview/cli.js in the project's directory with its environment (its Pulumi CLI, state and home). */
export function runCopyReview(project: PulumiProject, args: string[]): Promise<CopyReviewRun> {
    const cli = path.join(repoRoot(), "dist", "copyreview", "cli.js");
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], {
            cwd: project.dir,
            env: project.env(),
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}
