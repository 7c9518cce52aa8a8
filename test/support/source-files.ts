import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Every TypeScript file (.ts, .tsx) under a folder, at any depth: what the checks of the source read. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(full) ? [full] : [];
  });
}

/** A file's imports and re-exports: what each names, whether it takes types only, and (a path of the tree) where it leads. */
export function importsOf(file: string): Array<{ spec: string; typeOnly: boolean; target: string | undefined }> {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)].map(([, typeOnly, spec]) => ({
    spec: spec!,
    typeOnly: Boolean(typeOnly),
    target: spec!.startsWith(".") ? path.resolve(path.dirname(file), spec!) : undefined,
  }));
}
