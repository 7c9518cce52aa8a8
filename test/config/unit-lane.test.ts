import { globSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import config, { UNIT_TESTS } from "../../vitest.config.ts";

const root = path.resolve(import.meta.dirname, "../..");
const GLOBAL_SETUP = path.join(root, "test/support/global-setup.ts");

type Project = { test?: { name?: string; globalSetup?: unknown; include?: string[] } };
const projects = (config.test?.projects ?? []) as Project[];
const project = (name: string) => projects.find((p) => p.test?.name === name)?.test;

/** Every local module a file reaches through static and dynamic imports, itself included. */
function reachable(file: string): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [path.resolve(root, file)];
  while (todo.length > 0) {
    const current = todo.pop()!;
    if (seen.has(current)) continue;
    const source = readFileSync(current, "utf8");
    seen.set(current, source);
    for (const m of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
      todo.push(path.resolve(path.dirname(current), m[1]!));
    }
  }
  return seen;
}

const unitFiles = UNIT_TESTS.flatMap((pattern) => globSync(pattern, { cwd: root })).sort();

describe("the unit lane (npm run test:unit)", () => {
  it("has no global setup: running it starts no PostgreSQL, restate-server, endpoint or API", () => {
    expect(config.test?.globalSetup).toBeUndefined();
    expect(project("unit")).toBeDefined();
    expect(project("unit")?.globalSetup).toBeUndefined();
    expect(project("integration")?.globalSetup).toEqual(["test/support/global-setup.ts"]);
  });

  it("holds the domain tests and more, each matched by a file", () => {
    expect(unitFiles.filter((f) => f.startsWith("test/domain/")).length).toBeGreaterThan(5);
    for (const pattern of UNIT_TESTS.filter((p) => !p.includes("*"))) expect(unitFiles, pattern).toContain(pattern);
  });

  it.each(unitFiles)("%s reaches neither the global setup nor inject()", (file) => {
    for (const [module, source] of reachable(file)) {
      const where = path.relative(root, module);
      expect(module, `${file} imports the global setup through ${where}`).not.toBe(GLOBAL_SETUP);
      // inject() reads what the global setup provides: the URLs of the servers it started.
      expect(/import\s*\{[^}]*\binject\b[^}]*\}\s*from\s*["']vitest["']/.test(source), `${where} uses inject()`).toBe(false);
    }
  });
});
