import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDeployment } from "../../scripts/lib/restate-server.ts";
import { originGuard } from "../../src/platform/restate/origin-guard.ts";
import { adminUrl, ingressUrl, post, unfinishedInvocations, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

const EVIL = "https://evil.example";
const REFUSED = "requests from web pages of other origins are refused (CORS_ALLOWED_ORIGINS lists the allowed ones)";

describe("calls from web pages (browsers send Origin)", () => {
  it("refuses a page of another site, by default: no cart cleared, no order read, nothing left to retry", async () => {
    const sku = await product(5);
    const cartId = uniqueId("cart");
    expect((await post(`/Cart/${cartId}/addItem`, { sku, quantity: 2 })).status).toBe(200);
    const orderId = uniqueId("ord");
    expect((await processOrder(orderId, orderRequest([[sku, 1]]))).status).toBe(200);

    // A no-cors form post needs no preflight at all: only the Origin header tells it apart.
    const clear = await post(`/Cart/${cartId}/clear`, undefined, { headers: { origin: EVIL } });
    expect([clear.status, clear.body.message]).toEqual([403, REFUSED]);
    const read = await post(`/OrderOrchestrator/${orderId}/getOrder`, undefined, { headers: { origin: EVIL } });
    expect([read.status, read.body.message]).toEqual([403, REFUSED]);
    const upsert = await post(`/InventoryItem/${sku}/upsert`, { name: "Free stuff", price: 0 }, { headers: { origin: "null" } });
    expect(upsert.status).toBe(403);

    expect((await post(`/Cart/${cartId}/get`)).body.items).toHaveLength(1);
    expect(await unfinishedInvocations(`Cart/${cartId}/`)).toEqual([]);
    expect((await post(`/Product/${sku}/get`)).body.price).toBe(1500);
  });

  it("is needed because Restate 1.7's ingress answers every preflight, whatever the origin (not configurable there)", async () => {
    const res = await fetch(`${ingressUrl()}/Cart/any/clear`, {
      method: "OPTIONS",
      headers: { origin: EVIL, "access-control-request-method": "POST" },
    });
    await res.body?.cancel();
    // When this fails, a Restate upgrade made ingress CORS configurable: deny it in restate.toml too.
    expect(res.headers.get("access-control-allow-origin")).toBe(EVIL);
  });

  describe("with CORS_ALLOWED_ORIGINS", () => {
    let server: http2.Http2Server;
    const service = uniqueId("TestOriginProbe").replace(/-/g, "_");

    beforeAll(async () => {
      const probe = restate.service({ name: service, handlers: { hello: async (_ctx: Context) => "hello" } });
      const endpoint = restate
        .endpoint()
        .defaultServiceOptions({ hooks: [originGuard(["https://shop.example.com"])] })
        .bind(probe);
      server = http2.createServer(endpoint.http2Handler());
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      await registerDeployment(adminUrl(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("lets the listed origin and callers without an origin through, and no other", async () => {
      expect(await post(`/${service}/hello`, undefined, { headers: { origin: "https://shop.example.com" } })).toMatchObject({
        status: 200,
        body: "hello",
      });
      expect(await post(`/${service}/hello`)).toMatchObject({ status: 200, body: "hello" });
      expect((await post(`/${service}/hello`, undefined, { headers: { origin: "https://shop.example.com.evil.example" } })).status).toBe(
        403,
      );
    });
  });
});
