/**
 * The provider configuration in the table's terms: every `jsms:*` stack config key with its type and description,
 * read by the settings (provider/settings.ts) and declared by the plugin's schema and the dynamic `jsms.Provider`.
 */
import { DEFAULT_JOURNAL_DIR, TUNING_SETTINGS } from "../settings";
import { DEFAULT_OPT_OUT_SUFFIX } from "../validation/smsCounting";
import { BOOLEAN, type Field, INTEGER, STRING, typeRef } from "./resourceTable";

/** The provider configuration: the `jsms:*` stack config keys, which are also an explicit provider's arguments. */
export const CONFIG: Record<string, Field> = {
    appKey: {
        type: STRING,
        input: "optional",
        description: "The app key of the default app (else the environment variable JSMS_APP_KEY).",
    },
    masterSecret: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The default app's master secret (else JSMS_MASTER_SECRET).",
    },
    apps: {
        type: { type: "object", additionalProperties: typeRef("AppProfile") },
        input: "optional",
        secret: true,
        description:
            'Named app profiles for the resources\' `app` input; as stack config, the JSON `{"<name>": {"appKey": "…", "masterSecret": "…"}}`.',
    },
    devKey: {
        type: STRING,
        input: "optional",
        description: "The account (dev) key, only for the account balance (else JSMS_DEV_KEY).",
    },
    devSecret: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The account (dev) secret (else JSMS_DEV_SECRET).",
    },
    endpoint: {
        type: STRING,
        input: "optional",
        description: "The API base URL (else JSMS_ENDPOINT, else https://api.sms.jpush.cn), e.g. a local simulator.",
    },
    allowInsecureHttp: {
        type: BOOLEAN,
        input: "optional",
        description:
            "Allow plain http:// endpoint and review hook URLs on hosts other than this machine, which sends credentials in clear text (else JSMS_ALLOW_INSECURE_HTTP); default false.",
    },
    maxRequestsPerSecond: {
        type: { type: "number" },
        input: "optional",
        description:
            "The starting and highest request rate per app, in requests per second (else JSMS_MAX_REQUESTS_PER_SECOND); default 0: no maximum, the rate is learned from JSMS's refusals.",
    },
    reviewHookUrl: {
        type: STRING,
        input: "optional",
        description:
            "The URL of jsms-review-hook, from which templates and signatures read why JSMS rejected them (else JSMS_REVIEW_HOOK_URL).",
    },
    reviewHookToken: {
        type: STRING,
        input: "optional",
        secret: true,
        description: "The review hook's bearer token (else JSMS_REVIEW_HOOK_TOKEN).",
    },
    journal: {
        type: STRING,
        input: "optional",
        description:
            "The create journal, which lets the next pulumi up record what an interrupted one created (else JSMS_JOURNAL): on (default), off, or required (a create fails when its intent cannot be written).",
    },
    journalDir: {
        type: STRING,
        input: "optional",
        description: `The folder of the local create journal, relative to the Pulumi project folder (else JSMS_JOURNAL_DIR, else ${DEFAULT_JOURNAL_DIR}).`,
    },
    optOutSuffix: {
        type: STRING,
        input: "optional",
        description: `The opt-out text JSMS appends to marketing templates, counted in their length (else JSMS_OPT_OUT_SUFFIX, else ${DEFAULT_OPT_OUT_SUFFIX}).`,
    },
    ...Object.fromEntries(
        Object.entries(TUNING_SETTINGS).map(([key, setting]) => [
            key,
            {
                type: INTEGER,
                input: "optional",
                description: `${setting.description} Default ${setting.default}.`,
            } as Field,
        ]),
    ),
};
