/**
 * The base of `SmsTemplate` and `SmsSignature`: what `pulumi.dynamic.Resource` does (the `pulumi-nodejs:dynamic/…`
 * type token, which the engine serves with its dynamic-provider plugin, and the provider in the `__provider` input),
 * at a fraction of its cost per program run and per resource (docs/performance.md):
 * - the provider is the fixed text of providerShim.ts, so the SDK's closure serializer (and the TypeScript compiler it
 *   loads) never runs in the program;
 * - the SDK records a formatted stack trace on four promises of every property of every resource, for a leak report
 *   it prints only with PULUMI_DEBUG_PROMISE_LEAKS set; with the 19 properties of a template, formatting them was
 *   most of the program's CPU in a preview. They are left empty unless that variable is set.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../client/types";
import { providerText } from "./providerShim";
import { JOURNAL_KEY_INPUT } from "../journal/journalKey";

/** The module of every type token: `pulumi-nodejs:dynamic/jsms:<Type>`. */
const MODULE = "jsms";

/** A dynamic resource of pulumi-jsms whose provider is the one of `kind`. */
export abstract class DynamicResource extends pulumi.CustomResource {
    /** The type token is `pulumi-nodejs:dynamic/jsms:<type>`; `props` must not hold `__provider`. */
    constructor(
        kind: ResourceKind,
        name: string,
        props: pulumi.Inputs,
        opts: pulumi.CustomResourceOptions | undefined,
        type: string,
    ) {
        const token = `pulumi-nodejs:dynamic/${MODULE}:${type}`;
        const withProvider: pulumi.Inputs = { ...props, __provider: providerText(kind) };
        if (opts?.id === undefined) {
            // The create journal's key (docs/create-journal.md): the URN the engine will give this resource, which the
            // dynamic provider is never told. The core's diff never compares it, so stacks from before it see no change.
            withProvider[JOURNAL_KEY_INPUT] = pulumi.createUrn(name, token, opts?.parent);
        }
        // The SDK's constructor is synchronous: nothing else runs while the limit is 0. Its source-position capture
        // sets a limit of its own and is unaffected.
        const limit = Error.stackTraceLimit;
        const keepStacks = Boolean(process.env.PULUMI_DEBUG_PROMISE_LEAKS);
        if (!keepStacks) {
            Error.stackTraceLimit = 0;
        }
        try {
            super(token, name, withProvider, opts);
        } catch (err) {
            Error.stackTraceLimit = limit;
            if (!keepStacks && err instanceof Error) {
                Error.captureStackTrace(err); // the stack of where it was thrown was not recorded
            }
            throw err;
        }
        Error.stackTraceLimit = limit;
    }
}
