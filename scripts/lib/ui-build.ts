import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { build } from "esbuild";

// Standalone (no other project module): the Dockerfile copies this file alone to build the UI.
const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The UI's pages: each an entry bundle of its own, sharing chunks; `styles` is the one stylesheet. */
const ENTRIES = { admin: "ui/src/admin/main.tsx", shop: "ui/src/shop/main.tsx", styles: "ui/src/styles.css" } as const;

export const uiDistDir = path.join(projectRoot, "ui", "dist");

/** What a page links: its script, the stylesheet, and the chunks its script imports (to preload). */
export interface UiManifest {
  styles: string;
  pages: Record<"admin" | "shop", { script: string; imports: string[] }>;
}

/**
 * Bundles the UI with esbuild into ui/dist/assets: names carry a content hash (so the files are
 * cached for good), each file also gzip- and brotli-compressed, and ui/dist/manifest.json names
 * them for the pages. Built beside the old output and swapped in, so a running API never serves
 * half a build.
 */
export async function buildUi(options: { outDir?: string } = {}): Promise<UiManifest> {
  const outDir = options.outDir ?? uiDistDir;
  const staging = `${outDir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: projectRoot,
    entryPoints: ENTRIES,
    outdir: path.join(staging, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    target: ["es2022", "chrome111", "firefox115", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const manifest = manifestOf(result.metafile.outputs, staging);
  for (const file of Object.keys(result.metafile.outputs)) {
    const full = path.join(projectRoot, file);
    const bytes = readFileSync(full);
    writeFileSync(`${full}.gz`, gzipSync(bytes, { level: 9 }));
    writeFileSync(`${full}.br`, brotliCompressSync(bytes));
  }
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  writeFileSync(path.join(staging, "manifest.json"), manifestText);
  // Same sources, same hashed names: the build in place is this one, and stays (no moment without it).
  if (readIfThere(path.join(outDir, "manifest.json")) === manifestText) {
    rmSync(staging, { recursive: true, force: true });
    return manifest;
  }
  mkdirSync(path.dirname(outDir), { recursive: true });
  const old = `${outDir}.old-${process.pid}`;
  try {
    renameSync(outDir, old);
  } catch {
    // No earlier build.
  }
  renameSync(staging, outDir);
  rmSync(old, { recursive: true, force: true });
  return manifest;
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

type Outputs = Record<string, { entryPoint?: string; imports: Array<{ path: string; kind: string }> }>;

function manifestOf(outputs: Outputs, staging: string): UiManifest {
  const assetsDir = path.join(staging, "assets");
  const name = (file: string) => path.relative(assetsDir, path.join(projectRoot, file));
  const entry = (source: string) => {
    const found = Object.entries(outputs).find(([, o]) => o.entryPoint === source);
    if (!found) throw new Error(`esbuild produced nothing for ${source}`);
    return found;
  };
  const page = (source: string) => {
    const [file, output] = entry(source);
    return { script: name(file), imports: output.imports.filter((i) => i.kind === "import-statement").map((i) => name(i.path)) };
  };
  return {
    styles: name(entry(ENTRIES.styles)[0]),
    pages: { admin: page(ENTRIES.admin), shop: page(ENTRIES.shop) },
  };
}
