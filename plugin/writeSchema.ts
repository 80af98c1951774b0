/**
 * `npm run schema:plugin`: writes plugin/schema.json from the field table, for the SDK generators. A test fails
 * when the committed file is not what this writes.
 */
import * as fs from "fs";
import * as path from "path";
import { packageRoot, schemaText } from "./schemaDocument";

const file = path.join(packageRoot(), "plugin", "schema.json");
fs.writeFileSync(file, schemaText());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
