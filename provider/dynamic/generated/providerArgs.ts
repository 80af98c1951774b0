// Generated from plugin/resourceSchema.ts by plugin/typesCodegen.ts (npm run build): do not edit.
import type * as pulumi from "@pulumi/pulumi";
import type { AppProfileArgs } from "./resourceTypes";

/** The settings of an explicit `jsms.Provider`: the `jsms:*` stack config keys, each optional. */
export interface ProviderArgs {
    /** The app key of the default app (else the environment variable JSMS_APP_KEY). */
    appKey?: pulumi.Input<string>;
    /** The default app's master secret (else JSMS_MASTER_SECRET). */
    masterSecret?: pulumi.Input<string>;
    /** Named app profiles for the resources' `app` input: {"<name>": {"appKey": "…", "masterSecret": "…"}} (stack config: that JSON). */
    apps?: pulumi.Input<Record<string, pulumi.Input<AppProfileArgs>>>;
    /** The account (dev) key, only for the account balance (else JSMS_DEV_KEY). */
    devKey?: pulumi.Input<string>;
    /** The account (dev) secret (else JSMS_DEV_SECRET). */
    devSecret?: pulumi.Input<string>;
    /** The API base URL (else JSMS_ENDPOINT, else https://api.sms.jpush.cn), e.g. a local simulator. */
    endpoint?: pulumi.Input<string>;
    /** Allow plain http:// endpoint and review hook URLs on hosts other than this machine, which sends credentials in clear text (else JSMS_ALLOW_INSECURE_HTTP); default false. */
    allowInsecureHttp?: pulumi.Input<boolean>;
    /** The starting and highest request rate per app, in requests per second (else JSMS_MAX_REQUESTS_PER_SECOND); default 0: no maximum, the rate is learned from JSMS's refusals. */
    maxRequestsPerSecond?: pulumi.Input<number>;
    /** The URL of jsms-review-hook, from which templates and signatures read why JSMS rejected them (else JSMS_REVIEW_HOOK_URL). */
    reviewHookUrl?: pulumi.Input<string>;
    /** The review hook's bearer token (else JSMS_REVIEW_HOOK_TOKEN). */
    reviewHookToken?: pulumi.Input<string>;
    /** The create journal, which lets the next pulumi up record what an interrupted one created (else JSMS_JOURNAL): on (default), off, or required (a create fails when its intent cannot be written). */
    journal?: pulumi.Input<string>;
    /** The folder of the local create journal, relative to the Pulumi project folder (else JSMS_JOURNAL_DIR, else .jsms-journal). */
    journalDir?: pulumi.Input<string>;
    /** The opt-out text JSMS appends to marketing templates, counted in their length (else JSMS_OPT_OUT_SUFFIX, else 回T退订). */
    optOutSuffix?: pulumi.Input<string>;
    /** Retries of a failed call after the first attempt (rate limits, 5xx, connection failures). Default 4. */
    maxRetries?: pulumi.Input<number>;
    /** Limit for one request to JSMS, in milliseconds. Default 30000. */
    requestTimeoutMs?: pulumi.Input<number>;
    /** Requests in flight to JSMS at once, per app. Default 8. */
    maxConcurrency?: pulumi.Input<number>;
    /** How long one call keeps being sent again at the learned rate after JSMS refused it for rate (50009/429), in seconds. Default 300. */
    rateLimitWaitSeconds?: pulumi.Input<number>;
    /** The longest template copy `check` accepts, in characters. Default 350. */
    maxTemplateLength?: pulumi.Input<number>;
    /** Days the create journal keeps an intent once the stack has shown its object or the create failed, before pruning it. Default 30. */
    journalRetentionDays?: pulumi.Input<number>;
}

/** The arguments stored as secrets. */
export const PROVIDER_SECRET_ARGS: readonly string[] = ["masterSecret", "apps", "devSecret", "reviewHookToken"];
