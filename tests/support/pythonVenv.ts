// A fresh Python virtual environment holding the release's wheel of the Python SDK and `pulumi` from PyPI: the
// newest version the wheel allows, or the oldest. pip keeps its downloads in ~/.cache/pulumi-jsms/pip, so only the
// first run of a version goes to PyPI.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { releaseFor } from "../e2e/support/releaseArtifacts";

const run = promisify(execFile);

/** Which `pulumi` from PyPI goes beside the wheel. */
export interface PythonVenvOptions {
    pulumiVersion: "oldest" | "newest";
}

/** The lowest version of `pulumi` a wheel's `Requires-Dist: pulumi>=X,...` allows. */
function oldestPulumi(wheel: string, metadata: string): string {
    const floor = /^Requires-Dist: pulumi\s*\(?[^\n]*?>=\s*([0-9][0-9.]*)/m.exec(metadata);
    if (!floor) {
        throw new Error(`${wheel} names no lower bound for pulumi in its METADATA`);
    }
    return floor[1];
}

/** Creates the environment in a new temporary folder; `python` is its interpreter. Removed when the process exits. */
export async function preparePythonVenv(options: PythonVenvOptions): Promise<{ python: string; venv: string }> {
    const release = await releaseFor();
    const wheel = release.pythonSdk.find((f) => f.endsWith(".whl"));
    if (!wheel) {
        throw new Error(`no wheel in ${release.out}`);
    }
    const venv = fs.mkdtempSync(path.join(os.tmpdir(), "jsms-venv-"));
    process.on("exit", () => fs.rmSync(venv, { recursive: true, force: true }));
    await run("python3", ["-m", "venv", venv]);
    const python = path.join(venv, "bin", "python");
    const pipEnv = {
        ...process.env,
        PIP_CACHE_DIR: path.join(os.homedir(), ".cache", "pulumi-jsms", "pip"),
        PIP_DISABLE_PIP_VERSION_CHECK: "1",
    };
    const pip = (args: string[]) =>
        run(python, ["-m", "pip", "install", "--quiet", ...args], { env: pipEnv, maxBuffer: 16 << 20 });
    const { stdout: metadata } = await run(python, [
        "-c",
        "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); " +
            "print(next(z.read(n).decode() for n in z.namelist() if n.endswith('.dist-info/METADATA')))",
        wheel,
    ]);
    const pulumi = options.pulumiVersion === "oldest" ? `pulumi==${oldestPulumi(wheel, metadata)}` : "pulumi";
    await pip([pulumi, wheel]);
    return { python, venv };
}
