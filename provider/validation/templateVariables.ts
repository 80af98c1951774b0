/** A `{{…}}` token; the inner text is kept as written so that malformed names are reported, not ignored. */
const VARIABLE_TOKEN = /\{\{([^{}]*)\}\}/g;

/** The names of the `{{name}}` variables of a template, each once, in order of first appearance, as written. */
export function templateVariables(template: string): string[] {
    return [...new Set(variableTokens(template))];
}

/** Every `{{…}}` token's inner text, once per occurrence (a variable used twice is sent twice). */
export function variableTokens(template: string): string[] {
    return [...template.matchAll(VARIABLE_TOKEN)].map((match) => match[1]);
}

/** The template with every `{{…}}` token replaced, to find the text around the variables. */
export function replaceVariables(template: string, replacement: (name: string) => string): string {
    return template.replace(VARIABLE_TOKEN, (_token, name: string) => replacement(name));
}
