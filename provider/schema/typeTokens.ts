/**
 * The type tokens of each kind in both front doors, from the table's resource names: what the policy pack, the copy
 * review and the plugin match a resource by.
 */
import { KINDS, type KindTable, type ResourceKind, dynamicToken, token } from "./resourceTable";

/** A kind's type tokens: the dynamic resource's (TypeScript programs) and the plugin's (every other language). */
export interface KindTokens {
    dynamic: string;
    plugin: string;
}

/** The type tokens of each kind. */
export const TYPE_TOKENS: Readonly<Record<ResourceKind, KindTokens>> = {
    template: tokensOf(KINDS.template),
    signature: tokensOf(KINDS.signature),
};

function tokensOf(table: KindTable): KindTokens {
    return { dynamic: dynamicToken(table.resourceName), plugin: token(table.resourceName) };
}

/** The kind behind the plugin's type token, or undefined for any other token. */
export function pluginKind(type: string): KindTable | undefined {
    return Object.values(KINDS).find((table) => TYPE_TOKENS[table.kind].plugin === type);
}

/**
 * The kind of a resource from its type token in either front door, or undefined for anything else in a stack. A
 * plugin token may name its module (`jsms:index/smsTemplate:SmsTemplate`), as the engine also accepts.
 */
export function kindOfType(type: string): ResourceKind | undefined {
    const plain = type.replace(/^([^:]+:index)\/[A-Za-z]+:/, "$1:");
    return Object.values(KINDS).find((table) => Object.values(TYPE_TOKENS[table.kind]).includes(plain))?.kind;
}
