// Rewrites the generated files before tsc compiles them, so a fresh clone builds with nothing compiled yet: the types
// from the field table (provider/schema/typesCodegen.ts) and the compiled validators of the checked shapes
// (provider/shapes/validatorsCodegen.ts). esbuild bundles each generator (our sources only; packages stay require()s).
const esbuild = require("esbuild");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outdir = path.join(root, "node_modules", ".cache", "pulumi-jsms");
const generators = [
    { entry: "provider/schema/typesCodegen.ts", write: "writeGeneratedFiles" },
    { entry: "provider/shapes/validatorsCodegen.ts", write: "writeShapeValidators" },
];
for (const { entry, write } of generators) {
    const outfile = path.join(outdir, `${path.basename(entry, ".ts")}.js`);
    esbuild.buildSync({
        entryPoints: [path.join(root, entry)],
        outfile,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        packages: "external",
        logLevel: "warning",
    });
    for (const written of require(outfile)[write](root)) {
        console.log(`generated ${written}`);
    }
}
