// Locating the plugins of the CLI under test the way the CLI itself does, for the suites that need more than the
// three binaries every end-to-end suite needs (the YAML language host, say).
import * as path from "path";
import { PulumiCli, isExecutable } from "../e2e/support";

/** The plugins scripts/install-pulumi.sh makes available next to `pulumi` (or on PATH). */
export const INSTALLED_PLUGINS = [
    "pulumi-language-nodejs",
    "pulumi-resource-pulumi-nodejs",
    "pulumi-language-yaml",
] as const;

/** The path of `name` beside `pulumi` (a bundled plugin), else the first on `env.PATH`; undefined when neither. */
export function findPlugin(cli: PulumiCli, name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    const dirs = [cli.binDir, ...(env.PATH ?? "").split(path.delimiter).filter((d) => d !== "")];
    return dirs.map((d) => path.join(d, name)).find(isExecutable);
}

/** Like {@link findPlugin}, but a missing plugin fails the suite with what to run. */
export function requirePlugin(cli: PulumiCli, name: string): string {
    const found = findPlugin(cli, name);
    if (!found) {
        throw new Error(
            `${name} is neither beside ${cli.pulumi} nor on PATH: run the suites through scripts/test.sh, or put ` +
                "the directory `bash scripts/install-pulumi.sh` prints on PATH",
        );
    }
    return found;
}
