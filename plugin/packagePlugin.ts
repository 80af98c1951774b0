/**
 * `npm run package:plugin [-- --platform <os-arch> ...]`: the plugin tarball `pulumi-resource-jsms-v<version>-
 * <os-arch>.tar.gz` in dist/plugin-tarballs/, for `pulumi plugin install resource jsms <version> --file …`.
 *
 * The plugin and everything it loads (the lifecycle core, the JSMS client, gRPC, the protocol stubs) are bundled
 * into one JavaScript file, so the tarball needs no node_modules and no install step: only Node.js ≥ 20 on PATH.
 * The bundle is the same for every platform; what differs is the launcher the engine runs (a shell script, or a
 * .cmd file on Windows), so other platforms are the same tarball under their own name.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { TarEntry, writeReproducibleTarGz } from "./release/reproducibleTar";
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
    for (const platform of platforms) {
        if (!(PLATFORMS as readonly string[]).includes(platform)) {
            throw new Error(`unknown platform ${platform}; one of ${PLATFORMS.join(", ")}`);
        }
    }
    fs.mkdirSync(out, { recursive: true });
    const built = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        target: "node22",
        outfile: path.join(out, "pulumi-resource-jsms.js"),
        write: false,
        minify: true,
        keepNames: true,
        legalComments: "eof",
        logLevel: "error",
    });
    const bundle = Buffer.from(built.outputFiles[0].contents);
    // The plugin reads its version from the package.json beside it.
    const manifest = Buffer.from(
        `${JSON.stringify({ name: "pulumi-resource-jsms", version, private: true, license: "Apache-2.0" }, null, 2)}\n`,
    );
    const files: string[] = [];
    for (const platform of platforms) {
        const launcher: TarEntry = platform.startsWith("windows-")
            ? { name: "pulumi-resource-jsms.cmd", data: Buffer.from(CMD_LAUNCHER), mode: 0o644 }
            : { name: "pulumi-resource-jsms", data: Buffer.from(SHELL_LAUNCHER), mode: 0o755 };
        const tarball = path.join(out, `pulumi-resource-jsms-v${version}-${platform}.tar.gz`);
        // Sorted entries, a fixed date, owner 0/0: the same commit gives the same bytes (docs/release.md).
        writeReproducibleTarGz(tarball, [
            launcher,
            { name: "package.json", data: manifest, mode: 0o644 },
            { name: "pulumi-resource-jsms.js", data: bundle, mode: 0o644 },
        ]);
        files.push(tarball);
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
