/**
 * Compiles the shapes of checkedShapes.ts into one module of plain validator functions, at build time: each zod
 * schema becomes JSON Schema (zod's own converter), which Ajv turns into standalone code. The module needs no
 * package at run time; shapeCheck.ts is how the provider uses it.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { z } from "zod";
import type { GeneratedFile } from "../schema/typesCodegen";
import { CHECKED_SHAPES } from "./checkedShapes";

/** Where the compiled validators live, from the repository root. */
export const VALIDATORS_PATH = "provider/shapes/generated/shapeValidators.ts";

/** The first line of the compiled module. */
export const VALIDATORS_HEADER =
    "// Generated from provider/shapes/checkedShapes.ts by provider/shapes/validatorsCodegen.ts (npm run build): do not edit.";

/** The compiled module: one exported validator per shape, under the shape's name. */
export function shapeValidatorsFile(): GeneratedFile {
    // `unicode: false` measures strings as zod does (UTF-16 units) and keeps Ajv's runtime helpers out of the code;
    // Ajv 8 calls the option deprecated but honours it, so that one notice is not repeated on every build.
    const logger = {
        log: console.log,
        warn: (message: unknown) => /option unicode/.test(String(message)) || console.warn(message),
        error: console.error,
    };
    const ajv = new Ajv({ code: { source: true, esm: true }, unicode: false, strict: true, logger });
    for (const [name, schema] of Object.entries(CHECKED_SHAPES)) {
        const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: "draft-07", io: "input" });
        ajv.addSchema(json, name);
    }
    const names = Object.keys(CHECKED_SHAPES);
    const code = standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, name])));
    if (/\brequire\(|\bimport\b/.test(code)) {
        throw new Error("the compiled validators need a package at run time; change the shape or the Ajv options");
    }
    return { path: VALIDATORS_PATH, text: `${VALIDATORS_HEADER}\n// @ts-nocheck\n${code}\n` };
}

/** Writes the compiled module under `root` when it changed; returns the paths written. */
export function writeShapeValidators(root: string): string[] {
    const generated = shapeValidatorsFile();
    const target = path.join(root, generated.path);
    if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === generated.text) return [];
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, generated.text);
    return [generated.path];
}
