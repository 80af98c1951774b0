// Fresh Python virtual environments for the suites that run Python programs: this checkout's Python SDK installed
// from the release's wheel, as users install it, with the `pulumi` package from PyPI at the oldest version the wheel
// allows or the newest. pip's downloads are kept in the project's cache (PULUMI_JSMS_CACHE, default
// ~/.cache/pulumi-jsms), so after the first run only PyPI's index is asked.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { releaseFor } from "../e2e/support/releaseArtifacts";

/** Which `pulumi` the environment gets: the lower bound of the wheel's requirement, or the newest it allows. */
export type PulumiPythonVersion = "oldest" | "newest";

const folders: string[] = [];
process.on("exit", () => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
    return path.join(process.env.PULUMI_JSMS_CACHE ?? path.join(os.homedir(), ".cache", "pulumi-jsms"), "pip");
}

function run(command: string, args: string[], cwd: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0
                ? resolve(stdout)
                : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stdout}\n${stderr}`)),
        );
    });
}

/** The `pulumi` requirement in a wheel's metadata, e.g. `pulumi>=3.269.0,<4.0.0`. */
async function pulumiRequirement(wheel: string): Promise<string> {
    const script =
        "import sys, zipfile\n" +
        "w = zipfile.ZipFile(sys.argv[1])\n" +
        "meta = next(n for n in w.namelist() if n.endswith('.dist-info/METADATA'))\n" +
        "print('\\n'.join(l[len('Requires-Dist: '):] for l in w.read(meta).decode().splitlines()" +
        " if l.startswith('Requires-Dist: pulumi')))";
    const found = (await run("python3", ["-c", script, wheel], path.dirname(wheel)))
        .split("\n")
        .map((l) => l.trim())
        .find((l) => /^pulumi\s*[<>=!~]/.test(l));
    if (!found) throw new Error(`${wheel} does not require the pulumi package`);
    return found.replace(/\s+/g, "");
}

/**
 * A new virtual environment (removed when the process exits) with the release's wheel and `pulumi` at the version
 * asked for: "oldest" installs exactly the lower bound of the wheel's `pulumi>=…` requirement, "newest" lets pip pick
 * the newest version the requirement allows. Fails (never skips) when PyPI cannot be reached.
 */
export async function preparePythonVenv(options: {
    pulumiVersion: PulumiPythonVersion;
    /** Another wheel of the SDK (a release built elsewhere); default: the wheel of this checkout's release. */
    wheel?: string;
}): Promise<{ python: string; venv: string }> {
    const wheel = options.wheel ?? (await releaseFor()).pythonSdk.find((f) => f.endsWith(".whl"));
    if (!wheel) throw new Error("no wheel in the release of this checkout");
    const requirement = await pulumiRequirement(wheel);
    let pulumi = requirement;
    if (options.pulumiVersion === "oldest") {
        const lower = /(?:^|,|pulumi)>=([0-9][0-9.]*)/.exec(requirement)?.[1];
        if (!lower) throw new Error(`the wheel's requirement ${requirement} has no lower bound`);
        pulumi = `pulumi==${lower}`;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `jsms-python-${options.pulumiVersion}-`));
    folders.push(dir);
    const venv = path.join(dir, "venv");
    await run("python3", ["-m", "venv", venv], dir);
    const python = path.join(venv, "bin", "python");
    await run(python, ["-m", "pip", "install", "--quiet", "--cache-dir", cacheDir(), wheel, pulumi], dir);
    return { python, venv };
}

/** The version of a distribution installed in a virtual environment. */
export async function installedVersion(python: string, distribution: string): Promise<string> {
    const code = `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`;
    return (await run(python, ["-c", code], path.dirname(python))).trim();
}

/** Installs more packages from PyPI into a virtual environment (pip's downloads cached as above). */
export async function pipInstall(python: string, requirements: string[]): Promise<void> {
    await run(
        python,
        ["-m", "pip", "install", "--quiet", "--cache-dir", cacheDir(), ...requirements],
        path.dirname(python),
    );
}
