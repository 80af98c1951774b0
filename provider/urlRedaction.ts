/**
 * URLs as messages may quote them: without the user-info (`user:password@`), which would carry a credential into
 * errors, logs and CI output. The provider's settings, the copy review and the review hook quote URLs only through
 * these two functions.
 */

/** What stands where user-info was, so the reader knows some was there and was left out. */
export const REDACTED_USER_INFO = "***";

/** `scheme://` at the start of a text, as URLs write it (kept, so the reader knows which URL it was). */
const SCHEME = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * `url` as a message may quote it: everything from after its scheme up to its last `@` replaced by `***`. A text
 * with no `@` has no user-info and is quoted as it is. Not the URL parser's idea of user-info: a password may hold
 * `/`, `?`, `#`, `@` or spaces, which make a parser see a host, a path or a query where the person wrote a secret
 * (and a malformed value does not parse at all), so all up to the last `@` goes, a path's `@` with it.
 */
export function redactUrl(url: string): string {
    const at = url.lastIndexOf("@");
    if (at === -1) {
        return url;
    }
    const scheme = SCHEME.exec(url)?.[0] ?? "";
    return `${scheme}${REDACTED_USER_INFO}${url.slice(at)}`;
}

/** `text` (an error line, a command's output) with every URL in it passed through {@link redactUrl}. */
export function redactUrlsIn(text: string): string {
    return text.replace(/[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+/g, (url) => redactUrl(url));
}
