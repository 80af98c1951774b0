/** One broken rule of the JSMS API, shared by the provider's `check` and the simulator. */
export interface RuleViolation {
    /** The input property at fault, e.g. `template`, `ttl`, `images`, `qualification`. */
    property: string;
    /** The JSMS return code the vendor answers for this rule, e.g. 50044. */
    code: number;
    /** One sentence a person can act on, naming the rule; never echoes sensitive values such as ID numbers. */
    reason: string;
}
