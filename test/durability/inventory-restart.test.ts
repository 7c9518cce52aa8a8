import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EndpointServer, startEndpointServer } from "../../src/server/endpoint-server.ts";
import { InventoryDriver, inventoryOp } from "../support/inventory-driver.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { eventually, post } from "../support/restate.ts";

describe("InventoryItem durability", () => {
  let server: Awaited<ReturnType<typeof ownRestateServer>>;
  let endpoint: EndpointServer;

  beforeAll(async () => {
    server = await ownRestateServer();
    endpoint = await startEndpointServer({ port: 0, host: "127.0.0.1", extraServices: [InventoryDriver] });
    await server.register(endpoint.url);
  });

  afterAll(async () => {
    await endpoint?.close();
    await server?.dispose();
  });

  it("keeps an item's state across a stop and start of the restate-server on the same base dir", async () => {
    const url = server.ingressUrl;
    expect((await post("/InventoryItem/SKU-D/upsert", { name: "Kettle", price: 4500, currency: "GBP" }, { url })).status).toBe(200);
    expect((await post("/InventoryItem/SKU-D/restock", { quantity: 7 }, { url })).status).toBe(200);
    expect((await inventoryOp("reserve", "SKU-D", { orderId: "o-9", quantity: 3 }, url)).status).toBe(200);
    const before = (await post("/InventoryItem/SKU-D/get", undefined, { url })).body;

    await server.restart();

    // Just after a start the ingress may not know the registered services yet (Restate's RT0018: the
    // metadata is still propagating) and answers 404 for a while. Lost state would stay a 404.
    const after = await eventually(
      () => post("/InventoryItem/SKU-D/get", undefined, { url: server.ingressUrl }),
      (r) => r.status === 200,
      10_000,
    );
    expect(after.body).toEqual(before);
    expect(after.body).toMatchObject({ onHand: 7, reserved: 3, available: 4 });
    expect((await post("/Product/SKU-D/get", undefined, { url: server.ingressUrl })).body).toMatchObject({
      name: "Kettle",
      currency: "GBP",
    });
  });
});
