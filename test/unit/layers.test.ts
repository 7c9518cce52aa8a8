import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, importsOf } from "../support/source-files.ts";

/**
 * The folders of src/ (each a feature, the providers, the platform, the projections and the two
 * processes) and mocks/ form layers: a file imports its own folder or folders below it, never one
 * above. Any loop between folders is a pair of imports running in opposite directions, so this
 * finds every loop and names the imports that make it. Type-only imports count: they are read too.
 */
const root = path.resolve(import.meta.dirname, "../..");

/** src/orders/orchestrator/checkout.ts → src/orders; mocks/email.ts → mocks. */
const folderOf = (file: string) => {
  const parts = path.relative(root, file).split(path.sep);
  return parts[0] === "src" ? parts.slice(0, 2).join("/") : parts[0]!;
};

function importsBetweenFolders(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of [...filesUnder(path.join(root, "src")), ...filesUnder(path.join(root, "mocks"))]) {
    for (const { spec, target } of importsOf(file)) {
      if (target === undefined) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), `${path.relative(root, file)} → ${spec}`]);
      edges.set(from, targets);
    }
  }
  return edges;
}

/** Tarjan's strongly connected components of more than one folder: each is a loop. */
function loops(edges: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("the layout", () => {
  const edges = importsBetweenFolders();

  it("reads the imports between folders", () => {
    expect(edges.get("src/orders")?.has("src/platform")).toBe(true);
  });

  it("names each file under src/ once: no two files of one name for different things", () => {
    const byName = new Map<string, string[]>();
    for (const file of filesUnder(path.join(root, "src"))) {
      const name = path.basename(file);
      byName.set(name, [...(byName.get(name) ?? []), path.relative(root, file)]);
    }
    expect([...byName.values()].filter((files) => files.length > 1)).toEqual([]);
  });

  it("has no loop between folders: every import goes to the same folder or one below", () => {
    const named = loops(edges).map((loop) =>
      loop.flatMap((from) => loop.flatMap((to) => (edges.get(from)?.get(to) ?? []).slice(0, 3).map((i) => `${from} → ${to}: ${i}`))),
    );
    expect(named).toEqual([]);
  });
});
