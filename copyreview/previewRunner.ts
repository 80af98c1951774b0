/**
 * Runs the stack's preview with the Pulumi CLI, the way the pipeline would: `pulumi preview --json --show-sames`,
 * with the policy pack when one is given, and the engine's event log beside it for the pack's findings (the JSON
 * document leaves them out). Works alike for TypeScript, YAML and any other program, dynamic or plugin resources.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { redactUrlsIn } from "pulumi-jsms/urlRedaction";
import { policyFindingsOf, type PolicyFinding } from "./policyFindings";
import { NotAPreviewError, parsePreviewDocument, type PreviewDocument } from "./previewDocument";
import { CopyReviewError } from "./reviewErrors";

/** What {@link runPreview} needs. */
export interface PreviewRunOptions {
    /** The Pulumi project's directory; the current one when absent. */
    cwd?: string;
    /** The stack; the selected one when absent. */
    stack?: string;
    /** A policy pack directory, passed as `--policy-pack`. */
    policyPack?: string;
    /** The pack's config file, passed as `--policy-pack-config`. */
    policyPackConfig?: string;
    /** The CLI to run; `pulumi` from PATH when absent. */
    pulumi?: string;
    /** The environment of the CLI; this process's when absent. */
    env?: NodeJS.ProcessEnv;
}

/** A preview's document and its policy findings. */
export interface PreviewRun {
    document: PreviewDocument;
    /** The pack's findings; undefined when no pack was given. */
    findings?: PolicyFinding[];
}

/**
 * Runs the preview. A preview that fails only because a mandatory policy was violated still yields its document:
 * that is what the review is for. Any other failure is a {@link CopyReviewError} quoting the CLI's error line.
 */
export async function runPreview(options: PreviewRunOptions): Promise<PreviewRun> {
    const cwd = options.cwd ?? process.cwd();
    if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) {
        throw new CopyReviewError(`--cwd ${cwd}: no such directory`);
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-copy-review-"));
    const eventLog = path.join(folder, "events.jsonl");
    try {
        const args = ["preview", "--json", "--show-sames", "--non-interactive", "--event-log", eventLog];
        if (options.stack !== undefined) args.push("--stack", options.stack);
        if (options.policyPack !== undefined) args.push("--policy-pack", path.resolve(options.policyPack));
        if (options.policyPackConfig !== undefined)
            args.push("--policy-pack-config", path.resolve(options.policyPackConfig));
        // --event-log is one of the CLI's debug flags; the Automation API turns them on the same way.
        const env = {
            ...(options.env ?? process.env),
            PULUMI_DEBUG_COMMANDS: "true",
            PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        const result = await run(options.pulumi ?? "pulumi", args, cwd, env);
        const findings = fs.existsSync(eventLog) ? policyFindingsOf(fs.readFileSync(eventLog, "utf8")) : [];
        let document: PreviewDocument | undefined;
        try {
            document = parsePreviewDocument(result.stdout, "the output of pulumi preview --json");
        } catch (error) {
            if (!(error instanceof NotAPreviewError) || result.code === 0) {
                throw error;
            }
        }
        const blockedByPolicy = findings.some((f) => f.level === "mandatory");
        if (result.code !== 0 && (!document || !blockedByPolicy)) {
            throw new CopyReviewError(`pulumi preview failed: ${errorLine(result.stderr, document)}`);
        }
        return { document: document!, findings: options.policyPack !== undefined ? findings : undefined };
    } finally {
        fs.rmSync(folder, { recursive: true, force: true });
    }
}

/** The most telling line of a failed preview: the first error of stderr or of the document, on one line. */
function errorLine(stderr: string, document: PreviewDocument | undefined): string {
    const lines = stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "");
    const error =
        lines.find((l) => /^error:/i.test(l)) ??
        document?.errors.find((e) => e !== "preview failed") ??
        lines[lines.length - 1];
    // The CLI may name its backend by a URL with credentials (a self-managed state store): never quoted.
    return redactUrlsIn((error ?? "no output").replace(/^error:\s*/i, "")).slice(0, 500);
}

function run(
    command: string,
    args: string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.on("error", (error: NodeJS.ErrnoException) =>
            reject(
                new CopyReviewError(
                    error.code === "ENOENT"
                        ? `${command} is not on PATH: install the Pulumi CLI`
                        : `cannot run ${command}: ${error.message}`,
                ),
            ),
        );
        child.on("close", (code) =>
            resolve({
                code: code ?? 1,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
            }),
        );
    });
}
