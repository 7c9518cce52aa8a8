import { describe, expect, it } from "vitest";
import { bindList, boundServices, generatedDocs, withTable } from "../../scripts/lib/docs-tables.ts";

describe("the tables of objects and services (npm run docs:tables)", () => {
  it("cover every definition the endpoint binds, each with a description, and each object with its key", async () => {
    const services = await boundServices();
    expect(services.map((s) => s.name)).toEqual(bindList().map((s) => s.name));
  });

  it.each(["docs/architecture.md", "README.md"])("in %s are what the bind list generates", async (file) => {
    const doc = (await generatedDocs()).find((d) => d.file === file)!;
    // On a difference: run `npm run docs:tables` and commit the result.
    expect(doc.current).toBe(doc.generated);
  });

  it("replace only what lies between the markers, and refuse a document without them", () => {
    const text = "before\n<!-- t:start -->\nold\n<!-- t:end -->\nafter\n";
    expect(withTable(text, "t", "new", "x.md")).toBe("before\n<!-- t:start -->\n\nnew\n\n<!-- t:end -->\nafter\n");
    expect(() => withTable("no markers", "t", "new", "x.md")).toThrow("x.md lacks the markers");
  });
});
