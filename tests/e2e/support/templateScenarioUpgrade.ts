// A package upgrade, simulated without touching the checkout: a copy of the built package (package.json and the
// dist/ folders it publishes) is installed into the test project's own node_modules/pulumi-jsms, which both the
// program and the engine's provider process (cwd = the project directory) resolve before the repo's link. The copy
// differs from the build in one observable way: its runtime appends a line to a marker file whenever the engine
// attaches handlers and whenever it deletes an object. So the marker proves which code ran, and when.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./pulumiProject";

/** The version the upgraded copy claims, so the copy is recognisable in a post-mortem. */
export const UPGRADED_VERSION = "0.1.1-e2e-upgrade";

/** What the marker file records: `load providerShim`, `attach <kind>` and `delete <kind> <id>` lines. */
export interface UpgradeMarker {
    /** The program loaded the copy's resource classes (the provider objects it serializes come from the copy). */
    loads: string[];
    /** The engine's provider process installed the copy's handlers (any check, diff, create, read, update, delete). */
    attaches: string[];
    /** The copy's delete handler ran. */
    deletes: string[];
}

/**
 * Installs the upgraded copy into `<projectDir>/node_modules/pulumi-jsms` and returns the marker file's path.
 * Only files under the project are written; the repo's dist/ is read, never changed.
 */
export function installUpgradedPackage(projectDir: string): string {
    const root = repoRoot();
    const dest = path.join(projectDir, "node_modules", "pulumi-jsms");
    const marker = path.join(projectDir, "upgrade-marker.log");
    fs.rmSync(dest, { recursive: true, force: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    for (const entry of manifest.files as string[]) {
        const from = path.join(root, entry);
        if (fs.existsSync(from)) {
            fs.cpSync(from, path.join(dest, entry), { recursive: true });
        }
    }
    fs.writeFileSync(
        path.join(dest, "package.json"),
        JSON.stringify({ ...manifest, version: UPGRADED_VERSION }, null, 2),
    );

    const runtime = path.join(dest, "dist", "provider", "runtime.js");
    const original = fs.readFileSync(runtime, "utf8");
    if (!/^exports\.attach = attach;$/m.test(original)) {
        throw new Error(
            `${runtime} no longer exports attach as the upgrade marker expects; update templateScenarioUpgrade.ts`,
        );
    }
    fs.writeFileSync(
        runtime,
        `${original}
// --- e2e upgrade marker: this copy of the package is the "new version" -------------------------------------------
const __markerFile = ${JSON.stringify(marker)};
const __originalAttach = exports.attach;
exports.attach = function attachWithMarker(kind, config) {
    require("fs").appendFileSync(__markerFile, "attach " + kind + "\\n");
    const handlers = __originalAttach(kind, config);
    return Object.assign({}, handlers, {
        async delete(id, props) {
            require("fs").appendFileSync(__markerFile, "delete " + kind + " " + id + "\\n");
            return handlers.delete(id, props);
        },
    });
};
`,
    );
    // Module-level code that no serialized function refers to: it runs when the program loads the copy but is not
    // captured into __provider, so the stored provider text must come out the same as the build's.
    const shim = path.join(dest, "dist", "provider", "dynamic", "providerShim.js");
    fs.appendFileSync(shim, `\nrequire("fs").appendFileSync(${JSON.stringify(marker)}, "load providerShim\\n");\n`);
    return marker;
}

/** Reads the marker file (empty when the new code never ran). */
export function readUpgradeMarker(marker: string): UpgradeMarker {
    const lines = fs.existsSync(marker) ? fs.readFileSync(marker, "utf8").split("\n").filter(Boolean) : [];
    return {
        loads: lines.filter((l) => l.startsWith("load ")),
        attaches: lines.filter((l) => l.startsWith("attach ")),
        deletes: lines.filter((l) => l.startsWith("delete ")),
    };
}

/** Forgets what the marker recorded so far, to observe one command on its own. */
export function clearUpgradeMarker(marker: string): void {
    fs.rmSync(marker, { force: true });
}
