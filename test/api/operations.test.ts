import { describe, expect, it } from "vitest";
import { subscriptionSecret } from "../../src/events/signing.ts";
import { type Account, api, newCustomer, signedInAdmin } from "../support/api.ts";
import { TEST_EVENTS_SIGNING_KEY } from "../support/global-setup.ts";
import { eventually, uniqueId } from "../support/restate.ts";
import { address, product, stockOf } from "../support/shop.ts";

const as =
  (account: Account) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(method, path, { token: account.accessToken, headers, ...(body === undefined ? {} : { body }) });

describe("admin operations over HTTP", () => {
  it("finds any customer's order by number and by email in the admin order list; customers may not look", async () => {
    const admin = as(await signedInAdmin());
    const customer = await newCustomer();
    const sku = await product(5, 1200);
    expect((await api("POST", "/cart/items", { token: customer.accessToken, body: { sku, quantity: 1 } })).status).toBe(200);
    const placed = await api("POST", "/orders", {
      token: customer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);
    const { orderNumber } = placed.body;

    const byNumber = await eventually(
      () => admin("GET", `/admin/orders?q=${orderNumber}`),
      (r) => r.body.total === 1,
    );
    expect(byNumber.body.items[0]).toMatchObject({
      orderNumber,
      customerId: customer.id,
      customerEmail: customer.email,
      total: placed.body.total,
      currency: "USD",
    });
    const byEmail = await admin("GET", `/admin/orders?customer=${encodeURIComponent(customer.email.toUpperCase())}`);
    expect(byEmail.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([orderNumber]);
    const byAccount = await admin("GET", `/admin/orders?customer=${customer.id}`);
    expect(byAccount.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([orderNumber]);
    const byText = await admin("GET", `/admin/orders?q=${encodeURIComponent(customer.email.split("@")[0]!.toUpperCase())}`);
    expect(byText.body.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual([orderNumber]);
    expect((await admin("GET", "/admin/orders?status=shipping_soon")).status).toBe(400);
    expect((await api("GET", "/admin/orders", { token: customer.accessToken })).status).toBe(403);
  });

  it("drafts a purchase order for a low SKU on request, and lets an admin approve and receive it: each delivery restocks once", async () => {
    const admin = as(await signedInAdmin());
    const sku = await product(2, 800, { lowStockThreshold: 5 });
    const supplier = `${uniqueId("supplier")}@suppliers.test`;
    const settings = await admin("PUT", `/admin/inventory/${sku}/replenishment`, { supplier, reorderQuantity: 12 });
    expect(settings).toMatchObject({ status: 200, body: { supplier, reorderQuantity: 12 } });
    expect((await admin("PUT", `/admin/inventory/${uniqueId("NEVER")}/replenishment`, { supplier })).status).toBe(404);
    const notAnEmail = await admin("PUT", `/admin/inventory/${sku}/replenishment`, { supplier: "mugs inc" });
    expect(notAnEmail.status).toBe(400);
    expect(notAnEmail.body.error).toMatchObject({ field: "supplier", message: expect.stringContaining("email") });
    const customer = await newCustomer();
    expect((await api("PUT", `/admin/inventory/${sku}/replenishment`, { token: customer.accessToken, body: { supplier } })).status).toBe(
      403,
    );

    const scan = await admin("POST", "/admin/replenishment/run");
    expect(scan.status).toBe(200);
    // A scan drafts for every low SKU of the shop: another test's scan on this stack may have drafted
    // this SKU first, and then this one names it among those skipped, with an order already open.
    const drafted = scan.body.drafted.find((po: { lines: Array<{ sku: string }> }) => po.lines.some((l) => l.sku === sku));
    const listedFor = (r: { body: { items: Array<{ id: string; skus: string[] }> } }) => r.body.items.find((po) => po.skus.includes(sku));
    const listed = await eventually(
      () => admin("GET", "/admin/purchase-orders?limit=100"),
      (r) => listedFor(r) !== undefined,
    );
    const id = listedFor(listed)!.id;
    if (drafted) expect(id).toBe(drafted.id);
    else expect(scan.body.skipped).toContainEqual({ sku, reason: "a purchase order is already open" });
    const path = `/admin/purchase-orders/${id}`;
    expect((await admin("GET", path)).body).toMatchObject({ id, status: "draft", lines: [{ sku, ordered: 12, received: 0 }] });

    const approved = await admin("POST", `${path}/approve`);
    expect(approved.body.status).toBe("ordered");
    const delivery = { reference: uniqueId("DN"), lines: [{ sku, quantity: 7 }] };
    const first = await admin("POST", `${path}/receive`, delivery);
    expect(first.body.status).toBe("partially_received");
    const again = await admin("POST", `${path}/receive`, delivery);
    expect(again.status).toBe(200);
    expect((await stockOf(sku)).onHand).toBe(9);
    const rest = await admin("POST", `${path}/receive`, { reference: uniqueId("DN"), lines: [{ sku, quantity: 5 }] });
    expect(rest.body.status).toBe("received");
    expect((await stockOf(sku)).onHand).toBe(14);
    expect((await admin("POST", `${path}/cancel`)).status).toBe(409);
    expect((await admin("GET", "/admin/purchase-orders/PO-0-0")).status).toBe(404);
  });

  it("has the replenishment schedule running, ensured by the API at startup", async () => {
    const admin = as(await signedInAdmin());
    const status = await eventually(
      () => admin("GET", "/admin/replenishment"),
      (r) => r.body.intervalMs !== null,
    );
    expect(status.body.nextTickAt).toBeGreaterThan(0);
  });

  it("subscribes a URL to events and shows the signing secret once; lists without it; removes it", async () => {
    const admin = as(await signedInAdmin());
    const created = await admin("POST", "/admin/webhooks", {
      url: "https://erp.example.com/hooks",
      events: ["OrderPlaced", "OrderShipped"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: "https://erp.example.com/hooks",
      events: ["OrderPlaced", "OrderShipped"],
      deliveries: { succeeded: 0, failed: 0, pending: 0 },
    });
    expect(created.body.secret).toBe(subscriptionSecret(TEST_EVENTS_SIGNING_KEY, created.body.id));

    const listed = await admin("GET", "/admin/webhooks");
    const mine = listed.body.items.find((s: { id: string }) => s.id === created.body.id);
    expect(mine).toMatchObject({ url: "https://erp.example.com/hooks" });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    expect((await admin("DELETE", `/admin/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await admin("DELETE", `/admin/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await admin("POST", "/admin/webhooks", { url: "ftp://nowhere", events: ["OrderPlaced"] })).status).toBe(400);
    const customer = await newCustomer();
    expect((await api("GET", "/admin/webhooks", { token: customer.accessToken })).status).toBe(403);
  });
});
