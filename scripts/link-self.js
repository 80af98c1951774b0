// Links the checkout's packages where Node looks for them, after each build:
// - node_modules/pulumi-jsms to this checkout, so the examples, the demo, the services and the e2e suite import the
//   library by its public name exactly as users do, and so the dynamic providers' `require("pulumi-jsms/runtime")`
//   resolves inside the engine's provider process (which resolves modules from the project directory);
// - each service's `dist` (simulator/, reviewhook/, copyreview/, npm workspaces) to its compiled folder in dist/, and
//   its commands into node_modules/.bin: npm links a workspace's bins only when they exist at install time, before
//   the first build. The release packs each service from dist/ with its own package.json (plugin/release/).
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");

/** Points `link` at `target` (relative), replacing whatever is there unless it already points there. */
function symlink(target, link, type) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    let current;
    try {
        current = fs.readlinkSync(link);
    } catch {
        current = undefined;
    }
    if (current !== target) {
        fs.rmSync(link, { recursive: true, force: true });
        fs.symlinkSync(target, link, type);
    }
}

symlink("..", path.join(root, "node_modules", "pulumi-jsms"), "dir");
for (const folder of require(path.join(root, "package.json")).workspaces) {
    const manifest = require(path.join(root, folder, "package.json"));
    symlink(path.join("..", "dist", folder), path.join(root, folder, "dist"), "dir");
    symlink(path.join("..", folder), path.join(root, "node_modules", manifest.name), "dir");
    for (const [command, file] of Object.entries(manifest.bin ?? {})) {
        fs.chmodSync(path.join(root, folder, file), 0o755);
        symlink(path.join("..", manifest.name, file), path.join(root, "node_modules", ".bin", command), "file");
    }
}
