import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { HookJournal } from "../provider/journal/hookJournal";
import { isLoopbackHostname } from "../provider/loopbackHost";
import type { OrphanIntent } from "../provider/journal/intentSchema";
import { HOOK_ENVIRONMENT } from "./hookConfig";

/** The environment variable that names the hook for the provider, read here too so a pipeline sets it once. */
const URL_VARIABLE = "JSMS_REVIEW_HOOK_URL";

/** Lets the token go over plain http to another machine, as it does for the provider. */
const INSECURE_VARIABLE = "JSMS_ALLOW_INSECURE_HTTP";

/** The usage of `jsms-review-hook orphans`. */
export const ORPHANS_USAGE = `usage: jsms-review-hook orphans [--url URL] [--stack STACK] [--json] [--help]
lists the objects JSMS holds for creates that a killed \`pulumi up\` sent and never heard back from (orphans),
with what removes each; exits 0 when there are none, 1 when there are, 2 on a usage error, 3 when the hook
cannot be asked. The hook is --url or ${URL_VARIABLE} (plain http only to this machine unless ${INSECURE_VARIABLE}=true);
its token is ${HOOK_ENVIRONMENT.token} (or ${HOOK_ENVIRONMENT.tokenFile}).`;

/** Where a run's output goes. */
export interface CommandOutput {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
}

/**
 * `jsms-review-hook orphans`: asks a running hook through its journal API (a SQLite database is held by the hook
 * that serves it, so the API is the one way that works with both stores). Resolves to the exit status.
 */
export async function runOrphans(args: string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
    let values;
    try {
        values = parseArgs({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                url: { type: "string" },
                stack: { type: "string" },
                json: { type: "boolean" },
                help: { type: "boolean" },
            },
        }).values;
    } catch (error) {
        output.stderr(`${(error as Error).message}\n${ORPHANS_USAGE}\n`);
        return 2;
    }
    if (values.help) {
        output.stdout(`${ORPHANS_USAGE}\n`);
        return 0;
    }
    const url = values.url ?? (env[URL_VARIABLE] || undefined);
    if (url === undefined) {
        output.stderr(`no hook: give --url or set ${URL_VARIABLE}\n${ORPHANS_USAGE}\n`);
        return 2;
    }
    const problem = urlProblem(url, env[INSECURE_VARIABLE] === "true");
    if (problem !== undefined) {
        output.stderr(`${problem}\n`);
        return 2;
    }
    let token = env[HOOK_ENVIRONMENT.token] || undefined;
    const tokenFile = env[HOOK_ENVIRONMENT.tokenFile] || undefined;
    if (token === undefined && tokenFile !== undefined) {
        try {
            token = fs.readFileSync(tokenFile, "utf8").replace(/\r?\n$/, "");
        } catch (error) {
            output.stderr(
                `${HOOK_ENVIRONMENT.tokenFile}: cannot read ${tokenFile}: ${(error as NodeJS.ErrnoException).code ?? "error"}\n`,
            );
            return 2;
        }
    }
    if (!token) {
        output.stderr(`no token: set ${HOOK_ENVIRONMENT.token} (or ${HOOK_ENVIRONMENT.tokenFile})\n`);
        return 2;
    }
    const journal = new HookJournal({ url, token, timeoutMs: 30_000 });
    let orphans: OrphanIntent[];
    try {
        orphans = await journal.orphans(values.stack);
    } catch (error) {
        output.stderr(`${journal.description}: ${(error as Error).message}\n`);
        return 3;
    }
    if (values.json) {
        output.stdout(
            `${JSON.stringify({ orphans: orphans.map((orphan) => ({ ...orphan, remove: removal(orphan) })) }, null, 2)}\n`,
        );
    } else if (orphans.length === 0) {
        output.stdout(`no orphans${values.stack === undefined ? "" : ` in stack ${values.stack}`}\n`);
    } else {
        for (const orphan of orphans) {
            output.stdout(`${describe(orphan)}\n  ${removal(orphan)}\n`);
        }
        output.stdout(`${orphans.length} orphan${orphans.length === 1 ? "" : "s"}\n`);
    }
    return orphans.length === 0 ? 0 : 1;
}

/** Why the hook's URL cannot be used, or undefined: an http(s) URL, in clear text only to loopback unless allowed. */
function urlProblem(url: string, insecureAllowed: boolean): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return `the hook's URL must be an http(s) URL, not "${url}"`;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        return `the hook's URL must be an http(s) URL, not "${url}"`;
    }
    if (parsed.protocol === "http:" && !insecureAllowed && !isLoopbackHostname(parsed.hostname)) {
        return `the hook's URL ${parsed.origin} would send the token in clear text: use https://, or set ${INSECURE_VARIABLE}=true if the network is trusted`;
    }
    return undefined;
}

/** One line saying what the orphan is and where it came from. */
function describe(orphan: OrphanIntent): string {
    const noun = orphan.kind === "template" ? "template" : "signature";
    return (
        `${noun} ${orphan.objectId} of app ${orphan.appKey}: created for ${orphan.key} in stack ${orphan.stack} ` +
        `by run ${orphan.runId} at ${new Date(orphan.createdAt).toISOString()}, which never recorded it ` +
        `(found ${new Date(orphan.pairedAt).toISOString()})`
    );
}

/** What removes an orphan: the stack created the object again, so it is a duplicate to delete (or to keep instead). */
function removal(orphan: OrphanIntent): string {
    const noun = orphan.kind === "template" ? "template" : "signature";
    const place = orphan.kind === "template" ? "SMS templates" : "SMS signatures";
    return (
        `remove it: in the JSMS console, app ${orphan.appKey}, ${place}, delete ${noun} ${orphan.objectId}; ` +
        `then run jsms-review-hook orphans again, which sees it gone and stops listing it. ` +
        `Or keep it instead of the one the stack holds: set adoptId: "${orphan.objectId}" on that resource and run pulumi up ` +
        `(the resource is replaced by it)`
    );
}
