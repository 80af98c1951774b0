/**
 * The program-side cost warning: beside a template in the progress view, when one send of it costs more than one
 * SMS, so a reviewer of `pulumi preview` sees it. The provider's `check` reports the same count as the `length` and
 * `segments` outputs; this only makes it visible. It runs once per template, so the settings it needs (the opt-out
 * suffix) are read once per provider, not per template.
 */
import * as pulumi from "@pulumi/pulumi";
import { countSms, describeCost } from "../validation/smsCounting";
import { programSettings } from "./provider";

/** What the warning needs of a template's inputs. */
export interface CostInputs {
    template: pulumi.Input<string>;
    type: pulumi.Input<number>;
    signature?: pulumi.Input<string>;
    variableLengths?: pulumi.Input<Record<string, pulumi.Input<number>>>;
}

/** The opt-out suffix of each explicit provider's settings, and of the stack config; undefined when unusable. */
const suffixByProvider = new WeakMap<pulumi.ProviderResource, Promise<string | undefined>>();
let stackConfigSuffix: Promise<string | undefined> | undefined;

function optOutSuffix(provider: pulumi.ProviderResource | undefined): Promise<string | undefined> {
    // settings that cannot be used are reported by the provider's check, on the resource itself
    const read = () =>
        programSettings(provider).then(
            (settings) => settings.optOutSuffix,
            () => undefined,
        );
    if (provider === undefined) {
        stackConfigSuffix ??= read();
        return stackConfigSuffix;
    }
    let suffix = suffixByProvider.get(provider);
    if (suffix === undefined) {
        suffix = read();
        suffixByProvider.set(provider, suffix);
    }
    return suffix;
}

/** Warns on `resource` once its copy is known, if one send costs more than one SMS. */
export function warnAboutCost(
    resource: pulumi.Resource,
    name: string,
    args: CostInputs,
    provider: pulumi.ProviderResource | undefined,
): void {
    pulumi
        .all([args.template, args.type, args.signature, args.variableLengths])
        .apply(async ([template, type, signature, variableLengths]) => {
            if (typeof template !== "string") {
                return;
            }
            const suffix = await optOutSuffix(provider);
            if (suffix === undefined) {
                return;
            }
            const request = { template, type, signature, variableLengths, optOutSuffix: suffix };
            const count = countSms(request);
            if (count.segments > 1) {
                await pulumi.log.warn(`template "${name}" costs ${describeCost(count, request)}`, resource);
            }
        });
}
