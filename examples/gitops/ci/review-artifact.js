// What the two comment scripts (pull-request-comment.js, merge-request-note.js) share. They run in the trusted job,
// with a token that can write comments, on a review made by the branch's own code: the review is data, checked here
// before it is posted, and every request that carries the token refuses redirects, so the token only ever goes to the
// API it was set for. No dependency: the scripts run on a bare Node.js >= 18 from the default branch.

// The review's hidden first line (jsms-copy-review writes it); the comment is found by it AND by its author.
const MARKER = "<!-- jsms-copy-review -->";
// GitHub's limit for a comment; jsms-copy-review cuts its Markdown there.
const MAX_REVIEW_CHARS = 65536;
// Any answer of an API larger than this is refused rather than read.
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The review's text from the artifact's bytes, or an error saying why it is refused. */
function reviewText(bytes) {
    let text;
    try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        throw new Error("the review is not UTF-8 text");
    }
    if (!text.startsWith(`${MARKER}\n`)) {
        throw new Error(`the review does not start with the line ${MARKER}`);
    }
    if (text.length > MAX_REVIEW_CHARS) {
        throw new Error(`the review has ${text.length} characters, more than ${MAX_REVIEW_CHARS}`);
    }
    if (text.includes("\0")) {
        throw new Error("the review contains a NUL character");
    }
    return text;
}

/** Reads an answer's body up to `limit` bytes; a longer one is an error, never cut silently. */
async function boundedBody(res, limit) {
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > limit) {
        throw new Error(`the answer has ${declared} bytes, more than ${limit}`);
    }
    const chunks = [];
    let size = 0;
    if (res.body) {
        for await (const chunk of res.body) {
            size += chunk.length;
            if (size > limit) {
                throw new Error(`the answer is larger than ${limit} bytes`);
            }
            chunks.push(chunk);
        }
    }
    return Buffer.concat(chunks);
}

/**
 * One API request with the token in `headers`: redirects are an error (fetch would otherwise send the token to
 * wherever a 3xx points), a status outside 2xx is an error with the start of the answer, and the body is returned as
 * bytes (`raw`) or parsed JSON. `what` names the request in errors; the URL's query and the token are never printed.
 * With `redirectWithoutToken` (a file download the API may hand to its object storage), one redirect is followed,
 * to an https:// address (or the API's own origin), WITHOUT the token and refusing any further redirect.
 */
async function request(url, options) {
    const { method = "GET", headers, body, raw = false, limit = MAX_ANSWER_BYTES, what } = options;
    let res;
    try {
        res = await fetch(url, {
            method,
            headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
            redirect: options.redirectWithoutToken ? "manual" : "error",
        });
    } catch (error) {
        throw new Error(`${what}: no answer (${error.cause?.message ?? error.message}; redirects are refused)`);
    }
    if (options.redirectWithoutToken && res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = new URL(res.headers.get("location") ?? "", url);
        if (location.protocol !== "https:" && location.origin !== new URL(url).origin) {
            throw new Error(`${what} redirected to a plain ${location.protocol} address: refused`);
        }
        return request(location.href, { method: "GET", headers: {}, raw, limit, what: `${what} (redirected)` });
    }
    const bytes = await boundedBody(res, limit);
    if (!res.ok) {
        throw new Error(`${what} answered ${res.status}: ${bytes.toString("utf8").slice(0, 300)}`);
    }
    if (raw) {
        return bytes;
    }
    try {
        return JSON.parse(bytes.toString("utf8"));
    } catch {
        throw new Error(`${what} answered ${res.status} with something that is not JSON`);
    }
}

/** `value` when it is a positive whole number (an id in an API answer), else an error naming `what`. */
function positiveId(value, what) {
    if (!Number.isSafeInteger(value) || value <= 0) {
        throw new Error(`${what} is not a positive whole number: ${JSON.stringify(value)?.slice(0, 80)}`);
    }
    return value;
}

/** `value` when it is an array (a page of an API answer), else an error naming `what`. */
function list(value, what) {
    if (!Array.isArray(value)) {
        throw new Error(`${what} is not a list`);
    }
    return value;
}

/** The environment variable `name`, or an error saying where it comes from. */
function required(name, hint) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set (${hint})`);
    }
    return value;
}

module.exports = { MARKER, MAX_REVIEW_CHARS, reviewText, request, positiveId, list, required };
