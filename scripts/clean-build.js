// Empties dist/ before a build, so a module that was moved or deleted in the sources cannot linger there and be
// loaded by the examples, the e2e suite or a published package.
const fs = require("fs");
const path = require("path");

fs.rmSync(path.resolve(__dirname, "..", "dist"), { recursive: true, force: true });
