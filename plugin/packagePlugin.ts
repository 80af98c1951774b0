/**
 * `npm run package:plugin [-- --platform <os-arch> ...]`: the plugin tarball `pulumi-resource-jsms-v<version>-
 * <os-arch>.tar.gz` in dist/plugin-tarballs/, for `pulumi plugin install resource jsms <version> --file …`.
 *
 * The plugin and everything it loads (the lifecycle core, the JSMS client, gRPC, the protocol stubs) are bundled
 * into one JavaScript file, so the tarball needs no node_modules and no install step: only Node.js ≥ 20 on PATH.
 * The bundle is the same for every platform; what differs is the launcher the engine runs (a shell script, or a
 * .cmd file on Windows), so other platforms are the same tarball under their own name.
 */
import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot, packageVersion } from "./schemaDocument";

/** The platforms a tarball can be named for (Pulumi's `<os>-<arch>`). */
export const PLATFORMS = [
    "linux-amd64",
    "linux-arm64",
    "darwin-amd64",
    "darwin-arm64",
    "windows-amd64",
    "windows-arm64",
] as const;

/** Where the tarballs go. */
export function tarballDir(): string {
    return path.join(packageRoot(), "dist", "plugin-tarballs");
}

/** The launcher the engine runs on Linux and macOS: the bundle next to it, with the node on PATH. */
const SHELL_LAUNCHER = `#!/bin/sh
# The jsms provider plugin for Pulumi: needs Node.js >= 22 on PATH.
exec node "$(dirname "$0")/pulumi-resource-jsms.js" "$@"
`;

/** The launcher on Windows. */
const CMD_LAUNCHER = `@echo off\r\nnode "%~dp0pulumi-resource-jsms.js" %*\r\n`;

/** Builds the tarball of each platform into `out` (default dist/plugin-tarballs/) and returns their paths. */
export async function packagePlugin(
    platforms: readonly string[] = ["linux-amd64"],
    out = tarballDir(),
): Promise<string[]> {
    const root = packageRoot();
    const version = packageVersion();
    const entry = path.join(root, "dist", "plugin", "main.js");
    if (!fs.existsSync(entry)) {
        throw new Error(`${entry} is missing: run npm run build first`);
    }
    fs.mkdirSync(out, { recursive: true });
    const files: string[] = [];
    for (const platform of platforms) {
        if (!(PLATFORMS as readonly string[]).includes(platform)) {
            throw new Error(`unknown platform ${platform}; one of ${PLATFORMS.join(", ")}`);
        }
        const stage = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-plugin-"));
        fs.chmodSync(stage, 0o755);
        try {
            await esbuild.build({
                entryPoints: [entry],
                bundle: true,
                platform: "node",
                target: "node22",
                outfile: path.join(stage, "pulumi-resource-jsms.js"),
                minify: true,
                keepNames: true,
                legalComments: "eof",
                logLevel: "error",
            });
            // The plugin reads its version from the package.json beside it.
            fs.writeFileSync(
                path.join(stage, "package.json"),
                `${JSON.stringify(
                    { name: "pulumi-resource-jsms", version, private: true, license: "Apache-2.0" },
                    null,
                    2,
                )}\n`,
            );
            if (platform.startsWith("windows-")) {
                fs.writeFileSync(path.join(stage, "pulumi-resource-jsms.cmd"), CMD_LAUNCHER);
            } else {
                fs.writeFileSync(path.join(stage, "pulumi-resource-jsms"), SHELL_LAUNCHER, { mode: 0o755 });
            }
            const tarball = path.join(out, `pulumi-resource-jsms-v${version}-${platform}.tar.gz`);
            const tar = spawnSync("tar", ["-czf", tarball, "-C", stage, "."], { encoding: "utf8" });
            if (tar.status !== 0) {
                throw new Error(`tar failed: ${tar.stderr}`);
            }
            files.push(tarball);
        } finally {
            fs.rmSync(stage, { recursive: true, force: true });
        }
    }
    return files;
}

if (require.main === module) {
    const args = process.argv.slice(2);
    const platforms = args.includes("--all") ? [...PLATFORMS] : args.filter((_, i) => args[i - 1] === "--platform");
    packagePlugin(platforms.length > 0 ? platforms : undefined).then(
        (files) => {
            for (const file of files) {
                console.log(`${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
            }
        },
        (err) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exit(1);
        },
    );
}
