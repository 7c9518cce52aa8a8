import { describe, expect, it } from "vitest";
import { categoriesTable } from "../../src/catalog/category-row.ts";
import { PROJECTION_TABLES } from "../../src/projections/projection-tables.ts";

// A handler sends its row to the Projector handler its table names; the Projector binds one handler
// per key of PROJECTION_TABLES. A table naming another handler would send rows nowhere.
describe("projection tables", () => {
  it("each table names the Projector handler it is registered under", () => {
    for (const [handler, table] of Object.entries(PROJECTION_TABLES)) expect(table.handler).toBe(handler);
    expect(categoriesTable.handler).toBe("categories");
  });

  it("no two tables share a handler or a table name", () => {
    const tables = [...Object.values(PROJECTION_TABLES), categoriesTable];
    expect(new Set(tables.map((t) => t.handler)).size).toBe(tables.length);
    expect(new Set(tables.map((t) => t.name)).size).toBe(tables.length);
  });
});
