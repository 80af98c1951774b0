/**
 * Imported first by the plugin's entry (main.ts): on a Node older than the package supports, the plugin stops with a
 * line the engine shows, instead of a crash deep inside a dependency (the package is built and tested for Node 22
 * and 24; Node 20 is past its end of life).
 */

/** The oldest Node.js major version the plugin runs on (package.json `engines`). */
export const MIN_NODE_MAJOR = 22;

/** The message for a Node that is too old, or undefined when `version` (e.g. "22.1.0") is supported. */
export function unsupportedNode(version: string): string | undefined {
    const major = Number(version.split(".")[0]);
    if (major >= MIN_NODE_MAJOR) {
        return undefined;
    }
    return `pulumi-resource-jsms needs Node.js ${MIN_NODE_MAJOR} or later on PATH; the node found is v${version}`;
}

const refusal = unsupportedNode(process.versions.node);
if (refusal !== undefined) {
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
}
