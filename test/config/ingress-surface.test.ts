import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { inventoryOp } from "../support/inventory-driver.ts";
import { PUBLIC_HANDLERS, isHarnessService } from "../support/ingress-surface.ts";
import { adminUrl, post } from "../support/restate.ts";
import { product, stockOf } from "../support/shop.ts";

interface AdminService {
  name: string;
  public: boolean;
  handlers: Array<{ name: string; public: boolean }>;
}

async function publicHandlers(): Promise<Record<string, string[]>> {
  const res = await fetch(`${adminUrl()}/services`);
  const { services } = (await res.json()) as { services: AdminService[] };
  const surface: Record<string, string[]> = {};
  for (const service of services) {
    if (isHarnessService(service.name) || !service.public) continue;
    const open = service.handlers.filter((h) => h.public).map((h) => h.name);
    if (open.length > 0) surface[service.name] = open.sort();
  }
  return surface;
}

const sorted = (surface: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(surface).map(([name, handlers]) => [name, [...handlers].sort()]));

describe("what the Restate ingress exposes", () => {
  it("serves exactly the documented allow-list of public handlers", async () => {
    expect(await publicHandlers()).toEqual(sorted(PUBLIC_HANDLERS));
  });

  it("lists the same handlers in the README", () => {
    const readme = readFileSync(`${projectRoot}/README.md`, "utf8");
    const section = readme.slice(readme.indexOf("## What the ingress serves"));
    const table = section.slice(0, section.indexOf("\n## ", 5));
    for (const [service, handlers] of Object.entries(PUBLIC_HANDLERS)) {
      const row = table.split("\n").find((line) => line.startsWith(`| \`${service}\``));
      expect(row, `README row for ${service}`).toBeDefined();
      for (const handler of handlers) expect(row, `${service}.${handler} in the README`).toContain(`\`${handler}\``);
    }
  });

  it("refuses the saga's stock handlers from outside and changes nothing", async () => {
    const sku = await product(5);
    const before = await stockOf(sku);
    for (const [handler, body] of [
      ["reserve", { orderId: "o-outside", quantity: 2 }],
      ["commit", { orderId: "o-outside" }],
      ["release", { orderId: "o-outside" }],
      ["returnUnits", { orderId: "o-outside", quantity: 1, reference: "r-1" }],
      ["undoOrder", { orderId: "o-outside" }],
    ] as const) {
      const answer = await post(`/InventoryItem/${sku}/${handler}`, body);
      expect(answer.status, `${handler} through the ingress`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${handler} through the ingress`).toBeLessThan(500);
    }
    expect(await stockOf(sku)).toEqual(before);
    // The saga's own path still works: the same handler called by another handler.
    expect((await inventoryOp("reserve", sku, { orderId: "o-inside", quantity: 2 })).status).toBe(200);
  });
});
