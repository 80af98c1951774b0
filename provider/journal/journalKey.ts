/**
 * The key the create journal files an intent under: the resource's URN, and the stack it names. The plugin gets the
 * URN from the engine; a dynamic resource carries it as a hidden input, which the program computes.
 */

/** The hidden input a dynamic resource carries its URN in (the plugin gets the URN from the engine instead). */
export const JOURNAL_KEY_INPUT = "__journalKey";

/** The stack and resource an operation is about, from its URN. */
export interface JournalScope {
    /** `project/stack`, as the URN names them. */
    stack: string;
    /** The URN: the resource's stable key. */
    key: string;
    /** The resource's name, for messages. */
    name: string;
}

/** The scope of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`), or undefined for anything else. */
export function journalScope(urn: unknown): JournalScope | undefined {
    if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:")) {
        return undefined;
    }
    // Types hold single colons (`pulumi-nodejs:dynamic/jsms:SmsTemplate`), parents `$`; only `::` separates parts.
    const parts = urn.split("::");
    const stack = parts[0].slice("urn:pulumi:".length);
    if (parts.length < 4 || !stack || !parts[1] || !parts[2] || !parts[3]) {
        return undefined;
    }
    return { stack: `${parts[1]}/${stack}`, key: urn, name: parts.slice(3).join("::") };
}
