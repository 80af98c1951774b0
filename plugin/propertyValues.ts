/**
 * Property values between the engine's protobuf Structs and the lifecycle core's plain objects. The plugin accepts
 * secrets (so it can return the signature's qualification as a secret): secret inputs arrive as envelopes, which
 * are unwrapped for the core and wrapped again, by top-level property, on everything sent back.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

/** The key that marks the engine's special values, and the value that marks a secret (the SDK's own constants). */
export const SIG_KEY = specialSigKey;
export const SECRET_SIG = specialSecretSig;

/** Plain properties, and the names of the top-level properties that were (or held) secrets. */
export interface PlainProperties {
    values: Record<string, unknown>;
    secretKeys: Set<string>;
}

function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Removes every secret envelope, recording whether there was one. */
function reveal(value: unknown, found: { secret: boolean }): unknown {
    if (isSecret(value)) {
        found.secret = true;
        return reveal(value.value, found);
    }
    if (Array.isArray(value)) {
        return value.map((v) => reveal(v, found));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v, found)]));
    }
    return value;
}

/** A request's Struct as plain values for the core (no secret envelopes), and which top-level keys were secret. */
export function fromStruct(struct: structproto.Struct | undefined): PlainProperties {
    const raw = (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(raw)) {
        const found = { secret: false };
        values[key] = reveal(value, found);
        if (found.secret) {
            secretKeys.add(key);
        }
    }
    return { values, secretKeys };
}

/** Plain values as a Struct, with the named top-level keys wrapped as secrets; undefined values are dropped. */
export function toStruct(values: Record<string, unknown>, secretKeys: Iterable<string> = []): structproto.Struct {
    const secret = new Set(secretKeys);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
        if (value === undefined) {
            continue;
        }
        out[key] = secret.has(key) ? { [SIG_KEY]: SECRET_SIG, value } : value;
    }
    return structproto.Struct.fromJavaScript(out as never);
}

/**
 * The same Struct with each named top-level key wrapped as a secret where it is not one already; every other value,
 * unknowns and nested secrets included, passes through exactly as it came.
 */
export function withSecretKeys(struct: structproto.Struct | undefined, keys: Iterable<string>): structproto.Struct {
    const raw = (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
    for (const key of keys) {
        if (Object.hasOwn(raw, key) && !isSecret(raw[key])) {
            raw[key] = { [SIG_KEY]: SECRET_SIG, value: raw[key] };
        }
    }
    return structproto.Struct.fromJavaScript(raw as never);
}
