// The packages of the workspace stay apart: each service imports the library only by its public name and nothing
// but its own declared dependencies, and the library imports no service. A relative import across a package's folder
// works in the checkout (one dist/) but breaks the package users install.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { builtinModules } from "module";

const root = path.resolve(__dirname, "..", "..", "..");
const manifest = (folder: string) => JSON.parse(fs.readFileSync(path.join(root, folder, "package.json"), "utf8"));

/** Every module specifier a folder's TypeScript sources import or require, with the file it is in. */
function specifiers(folder: string): Array<{ file: string; specifier: string }> {
    const found: Array<{ file: string; specifier: string }> = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "dist" && entry.name !== "node_modules") walk(full);
            } else if (entry.name.endsWith(".ts")) {
                const text = fs.readFileSync(full, "utf8");
                for (const m of text.matchAll(
                    /(?:\bfrom\s+|^\s*import\s+|(?<![.\w])require\(|\bimport\()["']([^"'\n]+)["']/gm,
                )) {
                    found.push({ file: path.relative(root, full), specifier: m[1] });
                }
            }
        }
    };
    walk(path.join(root, folder));
    return found;
}

/** The package a bare specifier names: `@scope/name` or `name`. */
const packageOf = (specifier: string) =>
    specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");
const isBuiltin = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(packageOf(specifier));

describe("the workspace's packages", () => {
    const services: string[] = manifest(".").workspaces;

    it("lists the three services, each with its own package.json at the library's version", () => {
        expect(services).to.have.members(["simulator", "reviewhook", "copyreview"]);
        for (const folder of services) {
            expect(manifest(folder).version, folder).to.equal(manifest(".").version);
        }
    });

    for (const folder of ["simulator", "reviewhook", "copyreview"]) {
        it(`${folder}/ imports the library by name and only the dependencies its package.json declares`, () => {
            const declared = Object.keys(manifest(folder).dependencies ?? {});
            const wrong = specifiers(folder).filter(({ specifier }) => {
                if (specifier.startsWith("./")) return false;
                if (specifier.startsWith("../")) return true;
                if (isBuiltin(specifier) || packageOf(specifier) === "pulumi-jsms") return false;
                return !declared.includes(packageOf(specifier));
            });
            expect(wrong).to.deep.equal([]);
        });
    }

    it("the library (provider/, httpserver/) imports no service and only its own dependencies and peers", () => {
        const lib = manifest(".");
        const allowed = [...Object.keys(lib.dependencies), ...Object.keys(lib.peerDependencies), "pulumi-jsms"];
        // A generator (…Codegen.ts) runs only in the build, which has the devDependencies, and is not published.
        const buildTime = Object.keys(lib.devDependencies);
        const wrong = [...specifiers("provider"), ...specifiers("httpserver")].filter(({ file, specifier }) => {
            if (specifier.startsWith(".")) {
                const target = path.relative(root, path.resolve(root, path.dirname(file), specifier));
                return !target.startsWith("provider") && !target.startsWith("httpserver");
            }
            if (file.endsWith("Codegen.ts") && buildTime.includes(packageOf(specifier))) return false;
            return !isBuiltin(specifier) && !allowed.includes(packageOf(specifier));
        });
        expect(wrong).to.deep.equal([]);
    });
});
