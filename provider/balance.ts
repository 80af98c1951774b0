/**
 * The balance functions: how many messages the account (dev) and each app can still send. They run in the Pulumi
 * program itself, with the same settings as the resources: the stack config `jsms:*` and `JSMS_*` variables, or
 * the explicit `jsms.Provider` passed as `{ provider }`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { JsmsClient } from "./client/jsmsClient";
import type { Balance } from "./client/types";
import { clientOptions } from "./clientOptions";
import { programSettings } from "./dynamic/provider";
import { messageOf } from "./errors";
import type { AppCredentials, DevCredentials, Settings } from "./settings";

/** Which app's balance to read. */
export interface GetAppBalanceArgs {
    /** A credential profile of `jsms:apps`; the default app when omitted. */
    app?: string;
}

/** The balance of an app: each field a count of messages, or null where no quota of that kind is allocated. */
export type GetAppBalanceResult = Balance;

/** The account (dev) balance not assigned to any app, in the same shape. */
export type GetDevBalanceResult = Balance;

/** Reads the balance of an app. With `{ provider }`, the app of that `jsms.Provider`. */
export async function getAppBalance(
    args: GetAppBalanceArgs = {},
    opts?: pulumi.InvokeOptions,
): Promise<GetAppBalanceResult> {
    const settings = await programSettings(opts?.provider);
    return readBalance(settings, settings.appCredentials(args.app), (client) => client.getAppBalance());
}

/** Reads the account (dev) balance with `jsms:devKey`/`jsms:devSecret`: the quota not assigned to any app. */
export async function getDevBalance(opts?: pulumi.InvokeOptions): Promise<GetDevBalanceResult> {
    const settings = await programSettings(opts?.provider);
    return readBalance(settings, settings.devCredentials(), (client) => client.getDevBalance());
}

/**
 * `getAppBalance` as an Output, for stack outputs. Unknown during preview: a preview makes no API call, so
 * reviewing a pull request never needs to reach JSMS.
 */
export function getAppBalanceOutput(
    args?: pulumi.Input<GetAppBalanceArgs>,
    opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetAppBalanceResult> {
    if (pulumi.runtime.isDryRun()) {
        return unknownBalance();
    }
    return pulumi.output(args ?? {}).apply((a) => asRunError("getAppBalance", () => getAppBalance(a, opts)));
}

/** `getDevBalance` as an Output; unknown during preview, like `getAppBalanceOutput`. */
export function getDevBalanceOutput(opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetDevBalanceResult> {
    if (pulumi.runtime.isDryRun()) {
        return unknownBalance();
    }
    // Called inside apply, not up front: a promise rejected before anything awaits it makes Node print warnings.
    return pulumi.output({}).apply(() => asRunError("getDevBalance", () => getDevBalance(opts)));
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

async function readBalance(
    settings: Settings,
    credentials: AppCredentials | DevCredentials,
    call: (client: JsmsClient) => Promise<Balance>,
): Promise<Balance> {
    // Loaded on the first read: the HTTP client and its schemas are not needed by a program that reads no balance.
    const { JsmsClient, balanceOrNothingAllocated } = await import("./client/jsmsClient");
    const client = new JsmsClient(clientOptions(settings, credentials));
    try {
        return await balanceOrNothingAllocated(call(client));
    } finally {
        await client.close();
    }
}

function unknownBalance(): pulumi.Output<Balance> {
    return pulumi.output(Promise.resolve(pulumi.unknown)) as unknown as pulumi.Output<Balance>;
}
