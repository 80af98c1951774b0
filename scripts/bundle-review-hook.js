// `npm run package:review-hook`: jsms-review-hook as one JavaScript file in dist/review-hook-bundle/, with the
// SQLite WebAssembly it loads from beside itself and a package.json for --version. The container image holds only
// this folder: no node_modules, none of @pulumi/pulumi or gRPC. Runs on Node.js >= 20.
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "reviewhook", "cli.js");
const out = path.join(root, "dist", "review-hook-bundle");

async function bundle() {
    if (!fs.existsSync(entry)) {
        throw new Error(`${entry} is missing: run npm run build first`);
    }
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        target: "node20",
        outfile: path.join(out, "jsms-review-hook.js"),
        minify: true,
        keepNames: true,
        legalComments: "eof",
        logLevel: "error",
        // pg's optional libpq binding is never used; the Cloudflare socket is loaded only on Cloudflare Workers.
        external: ["pg-native", "cloudflare:sockets"],
    });
    // node-sqlite3-wasm loads its WebAssembly from the folder of the script that holds it: the bundle's.
    fs.copyFileSync(
        path.join(path.dirname(require.resolve("node-sqlite3-wasm")), "node-sqlite3-wasm.wasm"),
        path.join(out, "node-sqlite3-wasm.wasm"),
    );
    const { version, license } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    fs.writeFileSync(
        path.join(out, "package.json"),
        `${JSON.stringify({ name: "jsms-review-hook", version, private: true, license }, null, 2)}\n`,
    );
    return out;
}

bundle().then(
    (folder) => {
        for (const file of fs.readdirSync(folder)) {
            console.log(
                `${path.relative(process.cwd(), path.join(folder, file))} (${Math.round(fs.statSync(path.join(folder, file)).size / 1024)} KiB)`,
            );
        }
    },
    (error) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
    },
);
