import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/restate-server.ts";
import { API_ONLY_HANDLERS, isHarnessService, PUBLIC_HANDLERS } from "../support/ingress-surface.ts";
import { inventoryOp } from "../support/inventory-driver.ts";
import { adminUrl, post } from "../support/restate.ts";
import { product, stockOf } from "../support/shop.ts";

interface AdminService {
  name: string;
  public: boolean;
  handlers: Array<{ name: string; public: boolean; metadata?: Record<string, string> }>;
}

/** The public handlers Restate serves, by service; `only`: those whose handler passes it. */
async function publicHandlers(
  only: (handler: AdminService["handlers"][number]) => boolean = () => true,
): Promise<Record<string, string[]>> {
  const res = await fetch(`${adminUrl()}/services`);
  const { services } = (await res.json()) as { services: AdminService[] };
  const surface: Record<string, string[]> = {};
  for (const service of services) {
    if (isHarnessService(service.name) || !service.public) continue;
    const open = service.handlers.filter((h) => h.public && only(h)).map((h) => h.name);
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

  it("lists the same handlers in docs/ingress.md, marking those that demand the API's credential", () => {
    const readme = readFileSync(`${projectRoot}/docs/ingress.md`, "utf8");
    const section = readme.slice(readme.indexOf("## What the ingress serves"));
    const table = section.slice(0, section.indexOf("\n## ", 5));
    for (const [service, handlers] of Object.entries(PUBLIC_HANDLERS)) {
      const row = table.split("\n").find((line) => line.startsWith(`| \`${service}\``));
      expect(row, `docs/ingress.md row for ${service}`).toBeDefined();
      for (const handler of handlers) {
        expect(row, `${service}.${handler} in docs/ingress.md`).toContain(`\`${handler}\``);
        const marked = new RegExp(`\`${handler}\` 🔑`).test(row!);
        expect(marked, `${service}.${handler} marked 🔑 in docs/ingress.md`).toBe(API_ONLY_HANDLERS[service]?.includes(handler) ?? false);
      }
    }
  });

  it("demands the API's credential of exactly the handlers that grant identity or move money", async () => {
    expect(await publicHandlers((h) => h.metadata?.caller === "api")).toEqual(sorted(API_ONLY_HANDLERS));
    // None of them is ingress-private: the HTTP API calls each of them through the ingress.
    const surface = await publicHandlers();
    for (const [service, handlers] of Object.entries(API_ONLY_HANDLERS)) expect(surface[service]).toEqual(expect.arrayContaining(handlers));
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
