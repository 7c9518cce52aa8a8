import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "../../src/api/api-server.ts";
import { api, newCustomer } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { ownStack } from "../support/own-stack.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

/**
 * A checkout that has not reached its cart yet (its endpoint died under it, and Restate retries it
 * later) must not be answered with what an earlier attempt on the same cart did. Restate's retry
 * interval here is long, so the checkout waits in Restate, deterministically, well past the API's wait.
 */
describe("POST /orders while its checkout has not started", () => {
  let stack: Awaited<ReturnType<typeof ownStack>>;
  let server: ApiServer;

  beforeAll(async () => {
    stack = await ownStack({
      restateEnv: { RESTATE_DEFAULT_RETRY_POLICY__INITIAL_INTERVAL: "8s", RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: "8s" },
    });
    server = await startApiServer({
      port: 0,
      host: "127.0.0.1",
      env: testApiEnv(stack.restate.ingressUrl, { CHECKOUT_WAIT_MS: "1500", QUERY_DATABASE_URL: stack.postgres.url }),
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await stack?.dispose();
  });

  it("never names the earlier declined order: 503 until the checkout shows, then the paid order for the same key", async () => {
    const url = server.url;
    const ingress = stack.restate.ingressUrl;
    const me = await newCustomer({ url });
    const sku = await product(5, 1200, {}, ingress);
    expect((await api("POST", "/cart/items", { url, token: me.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    // CHECKOUT_WAIT_MS is short here: on a loaded machine the first answer may be 202, and the same key follows it to its end.
    const declinedKey = uniqueId("declined");
    const declined = await eventually(
      () =>
        api("POST", "/orders", {
          url,
          token: me.accessToken,
          body: { shippingAddress: address, paymentMethodId: "pm_card_chargeDeclined" },
          headers: { "idempotency-key": declinedKey },
        }),
      (r) => r.status !== 202 && r.status !== 503,
      30_000,
    );
    expect(declined.status).toBe(402);
    const declinedNumber = declined.body.error.orderNumber;
    // The declined order's line comes back to the cart.
    await eventually(
      () => api("GET", "/cart", { url, token: me.accessToken }),
      (r) => r.body.items.length === 1,
    );

    // The customer tries again with a good card; the checkout reaches Restate while the endpoint is down.
    const key = uniqueId("second");
    const cartId = (await post(`/Customer/${me.id}/currentCart`, undefined, { url: ingress })).body.cartId;
    await stack.endpoint.kill("SIGKILL");
    const submitted = await post(
      `/Cart/${cartId}/checkout/send`,
      {
        customer: { email: me.email, name: "Ada Lovelace" },
        shippingAddress: address,
        paymentMethod: "pm_card_visa",
        customerId: me.id,
      },
      { url: ingress, headers: { "idempotency-key": key } },
    );
    expect(submitted.status).toBe(202);
    await stack.endpoint.start();

    // The API's request with the same key attaches to that checkout and outlives its wait.
    const answer = await api("POST", "/orders", {
      url,
      token: me.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
      headers: { "idempotency-key": key },
    });
    // Not begun yet within the wait (503, to follow with the same key) or already paid: never the earlier failure.
    expect([201, 503], JSON.stringify(answer.body)).toContain(answer.status);
    expect(JSON.stringify(answer.body)).not.toContain(declinedNumber);

    // Once Restate retries the checkout, the same key answers its own outcome: paid, under a new number.
    const placed = await eventually(
      () =>
        api("POST", "/orders", {
          url,
          token: me.accessToken,
          body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
          headers: { "idempotency-key": key },
        }),
      (r) => r.status === 201,
      40_000,
    );
    expect(placed.body).toMatchObject({ paymentStatus: "captured" });
    expect(placed.body.orderNumber).not.toBe(declinedNumber);
  }, 90_000);
});
