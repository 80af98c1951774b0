#!/usr/bin/env node
import { type Program, SettingError, runCommand } from "pulumi-jsms/commandline/settingTable";
import { HOOK_COMMAND_SETTINGS, loadHookConfig } from "./hookConfig";
import { startReviewHook } from "./index";
import { JsonLog, stdoutSink } from "./jsonLog";
import { runOrphans } from "./orphansCommand";

const PROGRAM: Program = {
    name: "jsms-review-hook",
    summary: "Receives JSMS's review callbacks and serves the rejection reasons to the provider.",
    notes: [
        "secrets (the token, master secrets) come from the config file or the environment, never the command line",
        "jsms-review-hook orphans [--url URL] [--stack STACK] [--json]: the create journal's orphans (see its --help)",
    ],
};

if (process.argv[2] === "orphans") {
    void runOrphans(process.argv.slice(3), process.env, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
    }).then((status) => {
        process.exitCode = status;
    });
} else {
    void serve();
}

/** `jsms-review-hook [options]`: the hook itself, until SIGINT or SIGTERM. */
function serve(): Promise<void> {
    return runCommand(PROGRAM, HOOK_COMMAND_SETTINGS, async (values) => {
        const log = new JsonLog(stdoutSink);
        let hook;
        try {
            hook = await startReviewHook({ ...loadHookConfig(values), log: stdoutSink });
        } catch (error) {
            // Configuration problems exit 2; anything else (a port in use, an unwritable database) exits 1.
            log.error("cannot start", { error: (error as Error).message });
            return error instanceof SettingError || error instanceof TypeError ? 2 : 1;
        }
        let stopping = false;
        const stop = (signal: string) => {
            if (stopping) {
                return;
            }
            stopping = true;
            log.info("shutting down", { signal });
            hook.close().then(
                () => process.exit(0),
                (error: Error) => {
                    log.error("shutdown failed", { error: error.message });
                    process.exit(1);
                },
            );
        };
        process.on("SIGINT", () => stop("SIGINT"));
        process.on("SIGTERM", () => stop("SIGTERM"));
        return undefined;
    });
}
