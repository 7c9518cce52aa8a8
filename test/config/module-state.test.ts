import { globSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// What an endpoint's handlers read lives in the Runtime that createEndpoint builds and passes in
// (src/runtime.ts), and what one invocation keeps lives in a value made for that invocation. State
// held by a module instead is shared by every endpoint and invocation of the process: the singletons
// and the ctx-keyed WeakMaps this replaced. This reads every file under src/ for such state.

const root = path.resolve(import.meta.dirname, "../..");

/** One finding: where, what, and the rule it breaks. */
interface Finding {
  file: string;
  name: string;
  rule: "module let" | "module registry" | "configure function";
}

const COLLECTIONS = new Set(["Map", "WeakMap", "Set", "WeakSet"]);
const MUTATORS = new Set(["set", "add", "delete", "clear"]);

/** The module-level mutable state of one file's source. */
function moduleState(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const collections: string[] = [];
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of sf.statements) {
    if (ts.isVariableStatement(statement)) {
      const mutable = !(statement.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing));
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(sf);
        if (mutable) findings.push({ file, name, rule: "module let" });
        const init = declaration.initializer;
        if (init && ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text)) {
          // A WeakMap at module level is keyed by objects that come and go: a registry by nature.
          if (init.expression.text === "WeakMap") findings.push({ file, name, rule: "module registry" });
          else collections.push(name);
        }
        if (exported(statement) && /^configure[A-Z]/.test(name)) findings.push({ file, name, rule: "configure function" });
      }
    } else if (
      ts.isFunctionDeclaration(statement) &&
      statement.name &&
      exported(statement) &&
      /^configure[A-Z]/.test(statement.name.text)
    ) {
      findings.push({ file, name: statement.name.text, rule: "configure function" });
    }
  }
  // A Map or Set filled after it was made is a registry; one given its entries and only read is a constant.
  if (collections.length > 0) {
    const mutated = new Set<string>();
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ts.isIdentifier(node.expression.expression) &&
        MUTATORS.has(node.expression.name.text)
      )
        mutated.add(node.expression.expression.text);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const name of collections) if (mutated.has(name)) findings.push({ file, name, rule: "module registry" });
  }
  return findings;
}

/**
 * The module state that stays, each for a reason that holds whatever the runtime: none of it is
 * configuration, and none differs between two endpoints of one process.
 */
const ALLOWED: Array<Omit<Finding, "rule"> & { why: string }> = [
  { file: "src/platform/domain/money.ts", name: "formats", why: "a cache of a pure function: the same currency gives the same format" },
  {
    file: "src/providers/provider-errors.ts",
    name: "classified",
    why: "marks on error objects made here, which belong to the call that threw them",
  },
  { file: "src/providers/provider-errors.ts", name: "circuitOpen", why: "the same, for a circuit breaker's refusals" },
  { file: "src/api/routes/ui-routes.ts", name: "cached", why: "the UI build's manifest file, read again when the file changes" },
  {
    file: "src/api/tracing.ts",
    name: "contextManagerSet",
    why: "OpenTelemetry's context manager is the process's by its design, set once",
  },
  { file: "src/server/rebuild-main.ts", name: "url", why: "a command's entry point: its top level is the program, imported by nothing" },
];

const allowed = (f: Finding) => ALLOWED.some((a) => a.file === f.file && a.name === f.name);

function findingsUnder(dir: string): Finding[] {
  return globSync(`${dir}/**/*.ts`, { cwd: root })
    .sort()
    .flatMap((file) => moduleState(file, readFileSync(path.join(root, file), "utf8")));
}

describe("module-level mutable state in src/", () => {
  it("is none: what handlers read comes in a Runtime, what an invocation keeps in a value made for it", () => {
    expect(findingsUnder("src").filter((f) => !allowed(f))).toEqual([]);
  });

  it("allows only what is still there (a stale exception would excuse the next one)", () => {
    const found = findingsUnder("src");
    for (const a of ALLOWED) expect(found, `${a.file}: ${a.name}`).toContainEqual(expect.objectContaining({ file: a.file, name: a.name }));
  });

  it("finds a module let, a registry, a WeakMap and an exported configure function, and leaves constants alone", () => {
    const source = `
      import { x } from "y";
      let current = 1;
      var old = 2;
      const limit = 3;
      const seen = new WeakMap<object, number>();
      const registry = new Map<string, number>();
      const NAMES = new Map([["a", "b"]]);
      const WORDS = new Set(["STOP", "END"]);
      const tags = new Set<string>();
      export function configureThing(value: number): void { current = value; }
      export const configureOther = (value: number) => value;
      function configureLocal() {}
      export function configured() { let inside = 1; const cache = new Map(); cache.set("k", inside); }
      export function register(name: string) { registry.set(name, 1); tags.add(name); }
      export const read = () => NAMES.get("a") ?? WORDS.has("x");
    `;
    expect(moduleState("x.ts", source).map((f) => `${f.rule}: ${f.name}`)).toEqual([
      "module let: current",
      "module let: old",
      "module registry: seen",
      "configure function: configureThing",
      "configure function: configureOther",
      "module registry: registry",
      "module registry: tags",
    ]);
  });
});
