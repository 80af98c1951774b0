/**
 * Whether a host is this machine's loopback: where plain http is harmless (the provider's settings) and the only
 * names the simulator's unauthenticated control API answers to.
 */

/**
 * Whether a URL's `hostname`, as the WHATWG URL parser normalizes it (lower case, IPv6 in brackets, numeric IPv4
 * spellings resolved), is loopback: 127.0.0.0/8, ::1 (also IPv4-mapped) or `localhost`.
 */
export function isLoopbackHostname(hostname: string): boolean {
    return (
        hostname === "localhost" ||
        /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
        hostname === "[::1]" ||
        // ::ffff:127.x.y.z as the parser writes it, e.g. [::ffff:7f00:1].
        /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname)
    );
}
