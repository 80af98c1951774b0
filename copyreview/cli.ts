#!/usr/bin/env node
/** `jsms-copy-review`: writes copy-review.md and copy-review.html for a stack's preview (see README "Reviewing copy"). */
import { parseArgs } from "node:util";
import { runCopyReview, type CopyReviewOptions, type FailOn } from "./copyReview";
import { CopyReviewError } from "./reviewErrors";

const USAGE = `usage: jsms-copy-review [--cwd DIR] [--stack NAME]... [--preview-json FILE]... [--out DIR]
                        [--price-per-sms N] [--currency LABEL] [--html-location TEXT]
                        [--policy-pack DIR] [--policy-pack-config FILE] [--fail-on mandatory|advisory|never]
Runs \`pulumi preview --json\` of the stack (or of each --stack; or reads saved ones) and writes copy-review.md (a
pull-request comment) and copy-review.html (each SMS as a phone shows it). Exit 0, 1 when a policy finding at --fail-on
(default mandatory) is reported, 2 on any error.`;

const FAIL_ON = ["mandatory", "advisory", "never"];

/** A command line that cannot be run. */
class UsageError extends Error {}

function optionsFromArgs(args: string[]): CopyReviewOptions | "help" | "version" {
    let values;
    try {
        values = parseArgs({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                cwd: { type: "string" },
                stack: { type: "string", multiple: true },
                "preview-json": { type: "string", multiple: true },
                out: { type: "string" },
                "price-per-sms": { type: "string" },
                currency: { type: "string" },
                "html-location": { type: "string" },
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
                "fail-on": { type: "string" },
                help: { type: "boolean", short: "h" },
                version: { type: "boolean" },
            },
        }).values;
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (values.help) return "help";
    if (values.version) return "version";
    const price = values["price-per-sms"];
    if (price !== undefined && !/^\d+(\.\d+)?$/.test(price)) {
        throw new UsageError(`--price-per-sms must be a number such as 0.045, not "${price}"`);
    }
    const failOn = values["fail-on"];
    if (failOn !== undefined && !FAIL_ON.includes(failOn)) {
        throw new UsageError(`--fail-on must be mandatory, advisory or never, not "${failOn}"`);
    }
    return {
        cwd: values.cwd,
        stack: values.stack,
        previewJson: values["preview-json"],
        out: values.out,
        pricePerSms: price === undefined ? undefined : Number(price),
        currency: values.currency,
        htmlLocation: values["html-location"],
        policyPack: values["policy-pack"],
        policyPackConfig: values["policy-pack-config"],
        failOn: failOn as FailOn | undefined,
    };
}

async function main(): Promise<number> {
    let options;
    try {
        options = optionsFromArgs(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`jsms-copy-review: ${(error as Error).message} (see jsms-copy-review --help)\n`);
        return 2;
    }
    if (options === "help") {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (options === "version") {
        process.stdout.write(`${(require("pulumi-jsms/package.json") as { version: string }).version}\n`);
        return 0;
    }
    try {
        const result = await runCopyReview(options);
        process.stdout.write(`wrote ${result.files.markdown} and ${result.files.html}\n`);
        if (result.failing.length > 0) {
            const policies = [...new Set(result.failing.map((f) => `${f.level} ${f.policy}`))].join(", ");
            process.stderr.write(
                `jsms-copy-review: ${result.failing.length} policy finding(s) at --fail-on ${options.failOn ?? "mandatory"}: ${policies}\n`,
            );
            return 1;
        }
        return 0;
    } catch (error) {
        // Only the copy review's own errors are expected; anything else is still one line, never a stack.
        const message =
            error instanceof CopyReviewError ? error.message : `unexpected error: ${(error as Error).message}`;
        process.stderr.write(`jsms-copy-review: ${message.replace(/\s*\n\s*/g, " ")}\n`);
        return 2;
    }
}

void main().then((code) => {
    process.exitCode = code;
});
