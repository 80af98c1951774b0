#!/usr/bin/env node
/** `jsms-copy-review`: writes copy-review.md and copy-review.html for a stack's preview (see README "Reviewing copy"). */
import { z } from "zod";
import { type Program, type SettingTable, runCommand } from "pulumi-jsms/commandline/settingTable";
import { type CopyReviewOptions, runCopyReview } from "./copyReview";
import { CopyReviewError } from "./reviewErrors";

const PROGRAM: Program = {
    name: "jsms-copy-review",
    summary:
        "Runs `pulumi preview --json` of the stack (or of each --stack; or reads saved ones) and writes copy-review.md (a\n" +
        "pull-request comment) and copy-review.html (each SMS as a phone shows it). Exit 0, 1 when a policy finding at\n" +
        "--fail-on (default mandatory) is reported, 2 on any error.",
};

const FAIL_ON = ["mandatory", "advisory", "never"] as const;

/** The command's settings, each once: its flag, its --help line and its rule; keys are those of CopyReviewOptions. */
const COPY_REVIEW_SETTINGS = {
    cwd: { description: "the Pulumi project's directory", schema: z.string(), flag: "cwd", placeholder: "DIR" },
    stack: {
        description: "a stack to review (default: the selected one)",
        schema: z.array(z.string()),
        flag: "stack",
        placeholder: "NAME",
        multiple: true,
    },
    previewJson: {
        description: "a saved `pulumi preview --json` to read instead of running the preview (- for stdin)",
        schema: z.array(z.string()),
        flag: "preview-json",
        placeholder: "FILE",
        multiple: true,
    },
    out: { description: "where to write the two files", schema: z.string(), flag: "out", placeholder: "DIR" },
    pricePerSms: {
        description: "the price of one SMS, for the cost per 10,000 sends",
        schema: z.number().nonnegative(),
        text: "number",
        flag: "price-per-sms",
        placeholder: "N",
    },
    currency: {
        description: "the currency label of costs, e.g. CNY",
        schema: z.string(),
        flag: "currency",
        placeholder: "LABEL",
    },
    htmlLocation: {
        description: "where the full HTML review is, for the line of a cut comment",
        schema: z.string(),
        flag: "html-location",
        placeholder: "TEXT",
    },
    policyPack: {
        description: "a policy pack directory for the preview",
        schema: z.string(),
        flag: "policy-pack",
        placeholder: "DIR",
    },
    policyPackConfig: {
        description: "the policy pack's config file",
        schema: z.string(),
        flag: "policy-pack-config",
        placeholder: "FILE",
    },
    failOn: {
        description: "which policy findings fail the review (default mandatory)",
        schema: z.enum(FAIL_ON),
        values: FAIL_ON,
        flag: "fail-on",
    },
} as const satisfies SettingTable & Partial<Record<keyof CopyReviewOptions, unknown>>;

void runCommand(PROGRAM, COPY_REVIEW_SETTINGS, async (values) => {
    const options = values as CopyReviewOptions;
    try {
        const result = await runCopyReview(options);
        process.stdout.write(`wrote ${result.files.markdown} and ${result.files.html}\n`);
        if (result.failing.length > 0) {
            const policies = [...new Set(result.failing.map((f) => `${f.level} ${f.policy}`))].join(", ");
            process.stderr.write(
                `${PROGRAM.name}: ${result.failing.length} policy finding(s) at --fail-on ${options.failOn ?? "mandatory"}: ${policies}\n`,
            );
            return 1;
        }
        return 0;
    } catch (error) {
        // Only the copy review's own errors are expected; anything else is still one line, never a stack.
        const message =
            error instanceof CopyReviewError ? error.message : `unexpected error: ${(error as Error).message}`;
        process.stderr.write(`${PROGRAM.name}: ${message.replace(/\s*\n\s*/g, " ")}\n`);
        return 2;
    }
});
