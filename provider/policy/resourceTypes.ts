/**
 * The type tokens the policies match, from the table. A rule matches the token itself rather than a class, so the
 * same pack checks the dynamic provider's resources and the `jsms` plugin's, and needs no import of the classes.
 */
import { TYPE_TOKENS } from "../schema/typeTokens";

/** `SmsTemplate`: the dynamic resource's token and the provider plugin's. */
export const TEMPLATE_TYPE_TOKENS: readonly string[] = Object.values(TYPE_TOKENS.template);

/** `SmsSignature`: the dynamic resource's token and the provider plugin's. */
export const SIGNATURE_TYPE_TOKENS: readonly string[] = Object.values(TYPE_TOKENS.signature);
