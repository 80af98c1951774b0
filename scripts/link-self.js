// Links node_modules/pulumi-jsms to this checkout, so the examples, the demo and the e2e suite import the package
// by its public name exactly as users do, and so the dynamic providers' `require("pulumi-jsms/runtime")` resolves
// inside the engine's provider process (which resolves modules from the project directory).
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-jsms");
fs.mkdirSync(path.dirname(link), { recursive: true });
let current;
try {
    current = fs.readlinkSync(link);
} catch {
    current = undefined;
}
if (current !== "..") {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync("..", link, "dir");
}
