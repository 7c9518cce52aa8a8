// Writes the tables of objects and services in docs/architecture.md and the README from the
// endpoint's bind list. test/config/docs-tables.test.ts fails when the committed docs differ.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { generatedDocs } from "./lib/docs-tables.ts";
import { projectRoot } from "./lib/restate-server.ts";

for (const { file, current, generated } of await generatedDocs()) {
  if (generated === current) continue;
  writeFileSync(path.join(projectRoot, file), generated);
  console.log(`updated ${file}`);
}
