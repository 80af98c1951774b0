/**
 * The services as the packages users install beside the library: pulumi-jsms-simulator, pulumi-jsms-review-hook and
 * pulumi-jsms-copy-review. Each is a workspace of the repository (its folder's package.json names its own
 * dependencies and commands); its compiled files sit in dist/<folder>, so a release stages each one (manifest,
 * compiled JavaScript and declarations, README) and packs it with the library's version as an exact dependency.
 */
import * as fs from "fs";
import * as path from "path";
import { mustRun } from "./sdkPackages";

/** What a workspace's package.json declares that staging reads. */
interface WorkspaceManifest {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
}

/** The service workspaces, as the root package.json lists them. */
export function serviceFolders(repo: string): string[] {
    return (JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as { workspaces: string[] })
        .workspaces;
}

/** Stages and packs every service into `out`; returns the tarballs' paths. Needs `npm run build` first. */
export function packServices(repo: string, version: string, work: string, out: string): string[] {
    return serviceFolders(repo).map((folder) => packService(repo, folder, version, path.join(work, folder), out));
}

function packService(repo: string, folder: string, version: string, stage: string, out: string): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, folder, "package.json"), "utf8")) as WorkspaceManifest;
    if (manifest.version !== version) {
        throw new Error(
            `${folder}/package.json is at ${manifest.version}, the release at ${version}: version them together`,
        );
    }
    // The library the service was built against, and no other: the packages of a release are locked together.
    manifest.dependencies = { ...manifest.dependencies, "pulumi-jsms": version };
    fs.mkdirSync(stage, { recursive: true });
    fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.copyFileSync(path.join(repo, folder, "README.md"), path.join(stage, "README.md"));
    // Source maps point at sources the package does not ship.
    fs.cpSync(path.join(repo, "dist", folder), path.join(stage, "dist"), {
        recursive: true,
        filter: (source) => !source.endsWith(".map"),
    });
    const packed = mustRun("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", out], stage);
    return path.join(out, JSON.parse(packed)[0].filename);
}
