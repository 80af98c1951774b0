// The release build (plugin/release/build.ts) for the suites that install its artifacts the way users do: built
// once per download address into a temporary folder, removed when the process exits.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ReleaseArtifacts, buildRelease } from "../../../plugin/release/build";
import { DEFAULT_PLUGIN_DOWNLOAD_URL } from "../../../plugin/schemaDocument";
import { CommandResult, requirePulumiCli, Skippable } from "./pulumiCli";
import type { PulumiProject } from "./pulumiProject";

/** A cold release build compiles the SDK generator and Pulumi's Go SDK: minutes on 2 busy cores. */
export const RELEASE_BUILD_MS = 12 * 60_000;

const built = new Map<string, Promise<ReleaseArtifacts>>();
const folders: string[] = [];
process.on("exit", () => {
    for (const dir of folders) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

/** The release of this checkout, its SDKs downloading the plugin from `pluginDownloadURL`. */
export function releaseFor(pluginDownloadURL = DEFAULT_PLUGIN_DOWNLOAD_URL): Promise<ReleaseArtifacts> {
    let release = built.get(pluginDownloadURL);
    if (!release) {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-release-test-"));
        folders.push(out);
        release = buildRelease({ out: path.join(out, "release"), pluginDownloadURL });
        built.set(pluginDownloadURL, release);
    }
    return release;
}

/** The plugin tarball of this machine's platform in a release (`linux-amd64`, ...). */
export function hostTarball(release: ReleaseArtifacts): string {
    const arch = ({ x64: "amd64", arm64: "arm64" } as Record<string, string>)[process.arch];
    const osName = ({ linux: "linux", darwin: "darwin", win32: "windows" } as Record<string, string>)[process.platform];
    const found = release.pluginTarballs.find((t) => path.basename(t).endsWith(`-${osName}-${arch}.tar.gz`));
    if (!found) {
        throw new Error(`no plugin tarball for ${process.platform}/${process.arch} in ${release.out}`);
    }
    return found;
}

/** `pulumi plugin install resource jsms <version> --file <this platform's tarball>` in a project's PULUMI_HOME. */
export function installHostPlugin(project: PulumiProject, release: ReleaseArtifacts): Promise<CommandResult> {
    return project.run(["plugin", "install", "resource", "jsms", release.version, "--file", hostTarball(release)]);
}

/** Like requirePulumiCli, and a language host beside the CLI or on PATH (scripts/install-pulumi.sh builds them). */
export function requireLanguageHost(ctx: Skippable, language: string): void {
    const cli = requirePulumiCli(ctx);
    const name = `pulumi-language-${language}`;
    const onPath = (process.env.PATH ?? "").split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
    if (!onPath && !fs.existsSync(path.join(cli.binDir, name))) {
        throw new Error(`${name} is not beside ${cli.pulumi} nor on PATH: run scripts/install-pulumi.sh`);
    }
}
