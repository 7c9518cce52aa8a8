import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, importsOf } from "../support/source-files.ts";

/**
 * The domain rules stay pure: a file in a `domain/` folder imports only other domain files, its
 * validation (zod), node:crypto and the password dictionary, and the providers' port types (types
 * only). No Restate, no SQL, no HTTP: they are decided the same way in a handler, a test and a script.
 */
const root = path.resolve(import.meta.dirname, "../..");
const ALLOWED_PACKAGES = new Set(["zod", "node:crypto", "@zxcvbn-ts/language-common"]);
const PORT_TYPES = "src/providers/types.ts";

const inDomain = (file: string) => path.relative(root, file).split(path.sep).includes("domain");

function offences(file: string): string[] {
  const out: string[] = [];
  for (const { spec, typeOnly, target } of importsOf(file)) {
    if (target === undefined) {
      if (!ALLOWED_PACKAGES.has(spec)) out.push(spec);
      continue;
    }
    if (inDomain(target)) continue;
    if (typeOnly && path.relative(root, target) === PORT_TYPES) continue;
    out.push(path.relative(root, target));
  }
  return out;
}

describe("the domain rules", () => {
  const files = filesUnder(path.join(root, "src")).filter(inDomain);

  it("are found", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it("import nothing but domain files, zod, node:crypto and the providers' port types", () => {
    const found = Object.fromEntries(
      files.flatMap((f) => {
        const found = offences(f);
        return found.length > 0 ? [[path.relative(root, f), found]] : [];
      }),
    );
    expect(found).toEqual({});
  });
});
