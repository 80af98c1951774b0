// Helpers of the signature, secrets and examples end-to-end suites: an in-process JSMS simulator with a typed client
// for its control API, real image files with chosen bytes, running a project's own shell script (examples/pipeline/
// ci.sh) the way a pipeline does, and scanning what a person could see for values that must never appear.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { runCommand, type CommandResult } from "./pulumiCli";

export type { SimSign, SimState, SimTemplate } from "./simulatorState";

/** sha256 of bytes, lower-case hex (what `imageDigests` holds). */
export function sha256Hex(bytes: Buffer | string): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/**
 * A valid PNG of `width`×1 grey pixels of value `grey`: different arguments give different bytes, so a test can
 * change an image's content while its path stays the same.
 */
export { greyPng } from "../../support/imageBytes";

/** Writes bytes to a path relative to a project directory (folders are created). */
export function writeBytes(projectDir: string, rel: string, bytes: Buffer): void {
    const file = path.join(projectDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
}

/** Runs a script of a project (e.g. `bash ci.sh up`) and collects its output like a pulumi command. */
export function runScript(
    command: string,
    args: string[],
    opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
    return runCommand(command, args, opts);
}

/** Renders a script run for an assertion message. */
export function describeScript(r: CommandResult): string {
    return `${r.args.join(" ")} exited ${r.code} after ${r.durationMs} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Everything a person saw of some commands: stdout and stderr of each, labelled. */
export function seenText(results: CommandResult[]): string {
    return results.map((r) => `$ ${r.args.join(" ")}\n${r.stdout}\n${r.stderr}`).join("\n");
}

/** The secrets (by label) found in a text; empty when none leaked. */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
    return Object.entries(secrets)
        .filter(([, value]) => value !== "" && text.includes(value))
        .map(([label]) => label);
}

/** Lines that look like a JavaScript stack frame (`    at f (file:1:2)`). */
export function stackFrameLines(text: string): string[] {
    return text.split("\n").filter((line) => /^\s+at\s/.test(line));
}

/** The Basic authorization value a client sends for key:secret (it must never show up either). */
export function basicAuthValue(key: string, secret: string): string {
    return Buffer.from(`${key}:${secret}`).toString("base64");
}
