// Pulumi YAML projects that use the jsms provider plugin of this checkout (plugin/bin/pulumi-resource-jsms, which
// runs dist/plugin/main.js), for the plugin's end-to-end suites.
import * as fs from "fs";
import * as path from "path";
import { requirePulumiCli, Skippable } from "./pulumiCli";
import { ConfigValue, PulumiProject, repoRoot } from "./pulumiProject";

/** The folder holding the plugin's executable in this checkout. */
export function pluginBinDir(): string {
    return path.join(repoRoot(), "plugin", "bin");
}

/** The `plugins` block of a Pulumi.yaml pointing at this checkout's plugin. */
export function pluginsBlock(): string {
    return `plugins:\n  providers:\n    - name: jsms\n      path: ${pluginBinDir()}\n`;
}

/** Like requirePulumiCli, and the Pulumi YAML language host must be beside the CLI or on PATH. */
export function requireYamlHost(ctx: Skippable): void {
    const cli = requirePulumiCli(ctx);
    const onPath = (process.env.PATH ?? "")
        .split(path.delimiter)
        .some((d) => d && fs.existsSync(path.join(d, "pulumi-language-yaml")));
    if (!onPath && !fs.existsSync(path.join(cli.binDir, "pulumi-language-yaml"))) {
        throw new Error(`pulumi-language-yaml is not beside ${cli.pulumi} nor on PATH: run scripts/install-pulumi.sh`);
    }
    if (!fs.existsSync(path.join(repoRoot(), "dist", "plugin", "main.js"))) {
        throw new Error("dist/plugin/main.js is missing: run npm run build");
    }
}

/**
 * A Pulumi YAML project: `body` is everything after the project header (config, resources, outputs); the plugin
 * block is added unless `body` has its own.
 */
export async function yamlProject(
    name: string,
    body: string,
    config: Record<string, ConfigValue>,
): Promise<PulumiProject> {
    const header = `name: ${name}\nruntime: yaml\n${body.includes("plugins:") ? "" : pluginsBlock()}`;
    return PulumiProject.create({ name, program: "", files: { "Pulumi.yaml": header + body }, config });
}

/** A copy of an example whose `plugins.providers` path is made absolute (the copy lives elsewhere). */
export function pointExampleAtPlugin(project: PulumiProject): void {
    const file = path.join(project.dir, "Pulumi.yaml");
    fs.writeFileSync(
        file,
        fs.readFileSync(file, "utf8").replace(/path: \.\.\/\.\.\/plugin\/bin/, `path: ${pluginBinDir()}`),
    );
}
