// Rewrites the files generated from the field table (provider/schema/resourceTable.ts) before tsc compiles them, so a fresh
// clone builds with nothing compiled yet: esbuild bundles the generator (our sources only; packages stay require()s).
const esbuild = require("esbuild");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outfile = path.join(root, "node_modules", ".cache", "pulumi-jsms", "typesCodegen.js");
esbuild.buildSync({
    entryPoints: [path.join(root, "provider", "schema", "typesCodegen.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    logLevel: "warning",
});
for (const written of require(outfile).writeGeneratedFiles(root)) {
    console.log(`generated ${written}`);
}
