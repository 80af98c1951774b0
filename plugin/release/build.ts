/**
 * `npm run release:build [-- --out DIR] [-- --plugin-download-url URL]`: everything a release publishes, into
 * dist/release/ (docs/release.md):
 *
 *   schema.json                                         the package schema, with pluginDownloadURL
 *   pulumi-resource-jsms-v<version>-<os>-<arch>.tar.gz  the plugin, for linux, darwin, windows × amd64, arm64
 *   pulumi-jsms-<version>.tgz                           the npm package of the dynamic resources
 *   pulumi-jsms-{simulator,review-hook,copy-review}-<version>.tgz   the services, each its own npm package
 *   pulumi-jsms-jsms-<version>.tgz                      the TypeScript SDK, compiled (npm)
 *   pulumi_jsms-<version>.tar.gz, …-py3-none-any.whl    the Python SDK (sdist, wheel)
 *   go/<module path>/                                   the Go SDK module, with go.mod and go.sum
 *   checksums.txt                                       sha256 of every file above
 *
 * The version of every artifact is package.json's. The download address (default: the repository's GitHub
 * releases) is the flag's, else PULUMI_JSMS_PLUGIN_DOWNLOAD_URL's.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PLATFORMS, packagePlugin } from "../packagePlugin";
import {
    DEFAULT_PLUGIN_DOWNLOAD_URL,
    checkPluginDownloadURL,
    packageRoot,
    packageVersion,
    schemaText,
} from "../schemaDocument";
import { CHECKSUMS, writeChecksums } from "./checksums";
import { mustRun, packNodejsSdk, packPythonSdk, stageGoSdk } from "./sdkPackages";
import { packServices } from "./servicePackages";

/** The environment variable naming the plugin's download address when no flag does. */
export const DOWNLOAD_URL_ENV = "PULUMI_JSMS_PLUGIN_DOWNLOAD_URL";

/** What a release build is asked for. */
export interface ReleaseOptions {
    /** The folder to (re)create; default dist/release. */
    out: string;
    /** Where the engine downloads the plugin from (the schema's and every SDK's pluginDownloadURL). */
    pluginDownloadURL: string;
}

/** The files of a finished release build. */
export interface ReleaseArtifacts {
    version: string;
    out: string;
    schema: string;
    pluginTarballs: string[];
    npmPackage: string;
    /** The services' npm packages (simulator, review hook, copy review), locked to the library's version. */
    servicePackages: string[];
    nodejsSdk: string;
    pythonSdk: string[];
    goModule: string;
    checksums: string;
}

const USAGE = "usage: npm run release:build [-- --out DIR] [-- --plugin-download-url URL]";

/** The options of the command line and the environment; throws a usage error on anything else. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ReleaseOptions | "help" {
    const options: ReleaseOptions = {
        out: path.join(packageRoot(), "dist", "release"),
        pluginDownloadURL: env[DOWNLOAD_URL_ENV] || DEFAULT_PLUGIN_DOWNLOAD_URL,
    };
    for (let i = 0; i < argv.length; i++) {
        const value = argv[i + 1];
        switch (argv[i]) {
            case "--help":
            case "-h":
                return "help";
            case "--out":
            case "--plugin-download-url":
                if (value === undefined || value.startsWith("--")) {
                    throw new UsageError(`${argv[i]} needs a value`);
                }
                if (argv[i] === "--out") {
                    options.out = path.resolve(value);
                } else {
                    options.pluginDownloadURL = value;
                }
                i++;
                break;
            default:
                throw new UsageError(`unknown argument ${argv[i]}`);
        }
    }
    try {
        checkPluginDownloadURL(options.pluginDownloadURL);
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    return options;
}

/** A mistake in the command line (exit 2). */
export class UsageError extends Error {}

/** Builds every artifact into options.out, which is replaced. Needs npm run build first, Go and python3. */
export async function buildRelease(
    options: ReleaseOptions,
    log: (line: string) => void = () => {},
): Promise<ReleaseArtifacts> {
    const repo = packageRoot();
    const version = packageVersion();
    const out = options.out;
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-release-"));
    try {
        const schema = path.join(out, "schema.json");
        fs.writeFileSync(schema, schemaText(version, options.pluginDownloadURL));
        log(`schema.json (pluginDownloadURL ${options.pluginDownloadURL})`);

        const pluginTarballs = await packagePlugin(PLATFORMS, out);
        log(`${pluginTarballs.length} plugin tarballs`);

        // --ignore-scripts: `prepare` would rebuild dist/, this folder included.
        const packed = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], repo);
        const npmPackage = path.join(out, JSON.parse(packed)[0].filename);
        log(path.basename(npmPackage));
        const servicePackages = packServices(repo, version, path.join(work, "services"), out);
        log(servicePackages.map((f) => path.basename(f)).join(", "));

        const sdk = path.join(work, "sdk");
        mustRun("bash", [path.join(repo, "plugin", "sdkgen", "generate.sh"), "--schema", schema, sdk], repo);
        const nodejsSdk = packNodejsSdk(path.join(sdk, "nodejs"), repo, out);
        log(path.basename(nodejsSdk));
        const pythonSdk = packPythonSdk(path.join(sdk, "python"), repo, out);
        log(pythonSdk.map((f) => path.basename(f)).join(", "));
        const goModule = stageGoSdk(path.join(sdk, "go"), out);
        log(path.relative(out, goModule));

        const checksums = writeChecksums(out);
        log(CHECKSUMS);
        return {
            version,
            out,
            schema,
            pluginTarballs,
            npmPackage,
            servicePackages,
            nodejsSdk,
            pythonSdk,
            goModule,
            checksums,
        };
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    let options: ReleaseOptions | "help";
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        process.exit(err instanceof UsageError ? 2 : 1);
    }
    if (options === "help") {
        console.log(USAGE);
        process.exit(0);
    }
    const started = Date.now();
    buildRelease(options, (line) => console.log(`release: ${line}`)).then(
        (built) =>
            console.log(
                `release: v${built.version} in ${path.relative(process.cwd(), built.out) || "."} (${((Date.now() - started) / 1000).toFixed(0)}s)`,
            ),
        (err) => {
            console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
            process.exit(1);
        },
    );
}
