/**
 * The balance functions: how many messages the account (dev) and each app can still send. They run in the Pulumi
 * program itself, reading the same `jsms:*` config and `JSMS_*` variables as the resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { JsmsClient } from "./client/jsmsClient";
import type { Balance, ClientOptions } from "./client/types";
import { appCredentials, devCredentials } from "./resources/credentials";
import { ConfiguredSettings, readSettings, tuning } from "./resources/settings";
import { jsmsCode, messageOf } from "./resources/vendorAnswers";

/** Which app's balance to read. */
export interface GetAppBalanceArgs {
    /** A credential profile of the stack config `jsms:apps`; the default app when omitted. */
    app?: string;
}

/** 50033: JSMS has allocated no quota to the app, which the API reports as an error rather than as nulls. */
const NOT_ALLOCATED: Balance = { total: null, voice: null, industry: null, market: null };

/** Reads the balance of an app: each field a count of messages, or null where no quota is allocated. */
export async function getAppBalance(args: GetAppBalanceArgs = {}): Promise<Balance> {
    const settings = programSettings();
    return withClient(settings, appCredentials(args.app, settings), (client) => client.getAppBalance());
}

/** Reads the account (dev) balance, with `jsms:devKey`/`jsms:devSecret`: the quota not assigned to any app. */
export async function getDevBalance(): Promise<Balance> {
    const settings = programSettings();
    return withClient(settings, devCredentials(settings), (client) => client.getDevBalance());
}

/**
 * `getAppBalance` as an Output, for stack outputs. Unknown during preview: a preview makes no API call, so
 * reviewing a pull request never needs to reach JSMS.
 */
export function getAppBalanceOutput(args?: pulumi.Input<GetAppBalanceArgs>): pulumi.Output<Balance> {
    if (pulumi.runtime.isDryRun()) {
        return unknownBalance();
    }
    return pulumi.output(args ?? {}).apply((a) => asRunError("getAppBalance", () => getAppBalance(a)));
}

/** `getDevBalance` as an Output; unknown during preview, like `getAppBalanceOutput`. */
export function getDevBalanceOutput(): pulumi.Output<Balance> {
    if (pulumi.runtime.isDryRun()) {
        return unknownBalance();
    }
    // Called inside apply, not up front: a promise rejected before anything awaits it makes Node print warnings.
    return pulumi.output({}).apply(() => asRunError("getDevBalance", getDevBalance));
}

/**
 * Runs a balance read for an Output form. A failure there is about configuration or JSMS, not a bug in the
 * program: as a `RunError` Pulumi prints only the message (which names what to set), not a stack into this package.
 */
async function asRunError(what: string, read: () => Promise<Balance>): Promise<Balance> {
    try {
        return await read();
    } catch (err) {
        throw new pulumi.RunError(`${what}: ${messageOf(err)}`);
    }
}

function programSettings(): ConfiguredSettings {
    return readSettings({
        get(key: string) {
            const colon = key.indexOf(":");
            return new pulumi.Config(key.slice(0, colon)).get(key.slice(colon + 1));
        },
    });
}

async function withClient(
    settings: ConfiguredSettings,
    credentials: Partial<ClientOptions>,
    call: (client: JsmsClient) => Promise<Balance>,
): Promise<Balance> {
    const t = tuning(settings);
    const client = new JsmsClient({ ...credentials, endpoint: t.endpoint, maxRetries: t.maxRetries, requestTimeoutMs: t.requestTimeoutMs, maxConcurrency: 1 });
    try {
        return await call(client);
    } catch (err) {
        if (jsmsCode(err) === 50033) {
            return { ...NOT_ALLOCATED };
        }
        throw err;
    } finally {
        await client.close();
    }
}

function unknownBalance(): pulumi.Output<Balance> {
    return pulumi.output(Promise.resolve(pulumi.unknown)) as unknown as pulumi.Output<Balance>;
}
