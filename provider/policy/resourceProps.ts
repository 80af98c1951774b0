import { UnknownValueError, type ResourceValidationArgs } from "@pulumi/policy";
import { KINDS, type ResourceKind } from "../schema/resourceTable";
import { kindOfType } from "../schema/typeTokens";

/** A JSMS resource as a rule sees it: its kind and name, and its inputs. */
export interface JsmsResource {
    /** "template" or "signature". */
    kind: ResourceKind;
    /** The resource's name in the program, e.g. `otp`. */
    name: string;
    /** The inputs; reading one that is unknown during preview throws the policy library's UnknownValueError. */
    props: Record<string, unknown>;
}

/** The JSMS resource of `kind` being validated; any other resource makes the policy not applicable. */
export function jsmsResource(args: ResourceValidationArgs, kind: ResourceKind): JsmsResource {
    if (kindOfType(args.type) !== kind) {
        args.notApplicable(`applies to ${KINDS[kind].resourceName} resources only`);
    }
    return { kind, name: args.name, props: args.props };
}

/**
 * An input that may be left out of a count while it is unknown (the signature a template is sent with): undefined
 * then, so the count says it is a minimum. Inputs a rule cannot do without are read directly, so that the
 * library reports the rule as not runnable during preview.
 */
export function optionalProp(props: Record<string, unknown>, key: string): unknown {
    try {
        return props[key];
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return undefined;
        }
        throw err;
    }
}

/** Text for a message: a string, or undefined for anything else (absent, null, a number). */
export function text(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}
