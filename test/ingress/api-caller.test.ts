import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { CustomerApi } from "../../src/customers/customers-ingress.ts";
import { CALLER_SIGNATURE_HEADER } from "../../src/platform/restate/caller-signature.ts";
import { type Account, newCustomer } from "../support/api.ts";
import { API_ONLY_HANDLERS } from "../support/ingress-surface.ts";
import { callerSignatureHeader, eventually, ingress, post, sql, uniqueId } from "../support/restate.ts";
import { address, customer, orderOf, orderRequest, processOrder, product, stockOf } from "../support/shop.ts";

/**
 * The ingress is infrastructure, and reaching it must not open the shop: every handler that grants
 * identity or moves money runs only for a call signed with the API's credential (API_CALLER_KEY), and
 * refuses any other with 401 before anything changes. Everything here goes through the real
 * restate-server of the global setup; the state is read back from Restate's own tables.
 */

/** Every state entry of one object, as Restate stores it: what a refused call must leave untouched. */
const stateOf = (service: string, key: string) =>
  sql(`SELECT key, value_utf8 FROM state WHERE service_name = '${service}' AND service_key = '${key.replace(/'/g, "''")}' ORDER BY key`);

const sessionGrant = () => ({
  id: randomBytes(16).toString("base64url"),
  secretHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
  ttlSeconds: 3600,
});
// A well-formed scrypt result in PHC form (its password is unknown to anyone): what an attacker would plant.
const plantedHash = `scrypt$ln=15,r=8,p=1$${randomBytes(16).toString("base64")}$${randomBytes(64).toString("base64")}`;
const ANOTHER_KEY = "not-the-api-caller-key-0123456789abcdef01";

interface Case {
  /** `/Service/key/handler`. */
  path: string;
  body?: unknown;
  /** The objects whose state the call would change. */
  touches: Array<[service: string, key: string]>;
  /** Signed, the call reaches the handler: its answer (success, or the handler's own refusal) is never the guard's 401. */
  signedAnswer?: number[];
}

describe("handlers that grant identity or move money, called through the ingress", () => {
  let victim: Account;
  let orderId: string;
  let sku: string;
  const cases = new Map<string, Case>();

  beforeAll(async () => {
    victim = await newCustomer({ name: "Victim Vance" });
    sku = await product(20, 1200);
    orderId = uniqueId("boundary-order");
    // An order nothing moves on its own while the test reads it back: no tracking and no email events come.
    const quiet = { customer: { email: "quiet@email-rejected.test", name: "Quinn Quiet" }, shipping: { ...address, zip: "00001" } };
    const placed = await processOrder(orderId, orderRequest([[sku, 2]], quiet));
    expect(placed.status).toBe(200);
    // The item's stock projection is flushed a moment after the order's moves: wait for it, so the state holds still.
    await eventually(
      () => stateOf("InventoryItem", sku),
      (rows) => !JSON.stringify(rows).includes('\\"projectionPending\\":true'),
    );
    const id = victim.id;
    const po = uniqueId("po");
    const code = `BOUNDARY${Date.now().toString(36).toUpperCase()}`;
    const email = `attacker-${randomBytes(4).toString("hex")}@example.com`;
    const add = (path: string, body: unknown, touches: Case["touches"], signedAnswer?: number[]) =>
      cases.set(
        path
          .split("/")
          .filter((_p, i, all) => i === 1 || i === all.length - 1)
          .join("."),
        { path, body, touches, ...(signedAnswer ? { signedAnswer } : {}) },
      );
    const victimState: Case["touches"] = [["Customer", id]];
    add(`/Customer/${id}/signInDetails`, undefined, victimState, [200]);
    // Signed, these reach the handler, which asks for the password's proof or the session's secret itself.
    add(`/Customer/${id}/startSession`, { ...sessionGrant(), proof: "p".repeat(43) }, victimState);
    add(`/Customer/${id}/checkPassword`, { nonce: "n".repeat(16), proof: "p".repeat(43) }, victimState, [200]);
    add(
      `/Customer/${id}/refresh`,
      { sessionId: sessionGrant().id, secretHash: sessionGrant().secretHash, nextSecretHash: sessionGrant().secretHash, graceSeconds: 10 },
      victimState,
      [200],
    );
    add(`/Customer/${id}/changePassword`, { proof: "p".repeat(43), newPasswordHash: plantedHash }, victimState);
    add(
      `/Customer/${id}/endSession`,
      { sessionId: victim.refreshToken.split(".")[1], secretHash: sessionGrant().secretHash },
      victimState,
      [200],
    );
    add(`/Customer/${id}/setRole`, { role: "admin" }, victimState, [200]);
    add(`/Customer/${id}/updateProfile`, { name: "Mallory" }, victimState, [200]);
    add(`/Customer/${id}/addAddress`, address, victimState, [200]);
    add(`/Customer/${id}/removeAddress`, { id: `adr_${"0".repeat(20)}` }, victimState, [404]);
    add(
      `/EmailIndex/${email}/register`,
      { name: "Mallory", passwordHash: plantedHash, session: sessionGrant() },
      [["EmailIndex", email]],
      [200],
    );
    add(`/EmailIndex/${victim.email}/bootstrapAdmin`, { name: "Mallory", passwordHash: plantedHash, replacePassword: true }, [
      ["EmailIndex", victim.email],
      ["Customer", id],
    ]);
    add(`/OrderOrchestrator/${orderId}/cancel`, { reason: "mine now" }, [["OrderOrchestrator", orderId]]);
    add(`/OrderOrchestrator/${orderId}/refund`, { amount: 500, reason: "a gift to myself" }, [["OrderOrchestrator", orderId]], [200]);
    add(`/OrderOrchestrator/${orderId}/requestRefund`, { amount: 100, reason: "changed my mind" }, [["OrderOrchestrator", orderId]]);
    add(
      `/OrderOrchestrator/${orderId}/reviewRefundRequest`,
      { requestId: "rr-1", approve: true, by: "mallory" },
      [["OrderOrchestrator", orderId]],
      [404, 409],
    );
    // Signed, the decision reaches RiskReview, which refuses it: this order never waited in review.
    add(`/RiskReview/${orderId}/decide`, { approve: true, by: "mallory" }, [["RiskReview", orderId]], [409]);
    add(`/OrderOrchestrator/${orderId}/receiveReturn`, { requestId: "rr-1", by: "mallory" }, [["OrderOrchestrator", orderId]], [404]);
    const idempotencyKey = createHash("sha256").update(uniqueId("key")).digest("hex");
    add(`/IdempotencyKeys/${idempotencyKey}/claim`, { fingerprint: "f".repeat(64) }, [["IdempotencyKeys", idempotencyKey]], [200]);
    add(`/OrderOrchestrator/${orderId}/setStatus`, { status: "delivered", by: "mallory" }, [["OrderOrchestrator", orderId]]);
    add(`/Coupon/${code}/create`, { code, type: "percent", value: 100 }, [["Coupon", code]], [200]);
    add(`/Coupon/${code}/disable`, { by: "mallory" }, [["Coupon", code]], [200]);
    add(
      `/InventoryItem/${sku}/upsert`,
      { name: "Everything free", price: 1 },
      [
        ["InventoryItem", sku],
        ["Product", sku],
      ],
      [200],
    );
    add(`/InventoryItem/${sku}/restock`, { quantity: 1000, reference: uniqueId("restock") }, [["InventoryItem", sku]], [200]);
    add(`/SkuReplenishment/${sku}/set`, { supplier: "mallory@example.com" }, [["SkuReplenishment", sku]], [200]);
    const newSku = uniqueId("SKU");
    add(
      `/CatalogAdmin/createProduct`,
      { sku: newSku, name: "Planted product", price: 1 },
      [
        ["InventoryItem", newSku],
        ["Product", newSku],
      ],
      [200],
    );
    add(
      `/CatalogAdmin/updateProduct`,
      { productId: `prd_${"0".repeat(20)}`, price: 1 },
      [
        ["InventoryItem", sku],
        ["Product", sku],
      ],
      [400, 404],
    );
    const category = uniqueId("category");
    add(`/CatalogAdmin/createCategory`, { name: category }, [["CategoryTree", "shop"]], [200]);
    add(`/CatalogAdmin/updateCategory`, { slug: "no-such-category", name: "Renamed" }, [["CategoryTree", "shop"]], [400]);
    add(`/PurchaseOrder/${po}/approve`, { by: "mallory" }, [["PurchaseOrder", po]], [404]);
    add(
      `/PurchaseOrder/${po}/receive`,
      { reference: "dn-1", lines: [{ sku, quantity: 1000 }], by: "mallory" },
      [
        ["PurchaseOrder", po],
        ["InventoryItem", sku],
      ],
      [404],
    );
    add(`/PurchaseOrder/${po}/cancel`, { by: "mallory" }, [["PurchaseOrder", po]], [404]);
    // Signed, runNow scans the whole shop (drafts purchase orders other tests look at): its signed path is the replenishment tests'.
    add(`/Replenishment/shop/runNow`, undefined, [
      ["Replenishment", "shop"],
      ["PurchaseOrderBook", "shop"],
    ]);
    add(`/OperatorInbox/shop/acknowledge`, { id: "no-such-alert" }, [["OperatorInbox", "shop"]], [404]);
    // Signed, a subscription would receive every test's events: this one is refused by the handler's own validation instead.
    add(
      `/WebhookSubscriptions/shop/create`,
      { url: "https://mallory.example/hook", events: ["no_such_event"] },
      [["WebhookSubscriptions", "shop"]],
      [400],
    );
    add(`/WebhookSubscriptions/shop/remove`, { id: `whs_${"0".repeat(24)}` }, [["WebhookSubscriptions", "shop"]], [400, 404]);
    // A customer's wishlist tells whose products they watch; saving puts them on the SKU's list of wishers.
    add(`/Wishlist/${id}/add`, { sku }, [["Wishlist", id]], [200]);
    add(`/Wishlist/${id}/remove`, { sku: "NO-SUCH" }, [["Wishlist", id]], [200]);
    add(`/Wishlist/${id}/get`, undefined, [["Wishlist", id]], [200]);
    // Signed, a review by someone who received nothing is refused by the handler itself.
    add(
      `/ProductReviews/${sku}/write`,
      { customerId: id, authorName: "Mallory", rating: 1, title: "Bad", text: "Planted." },
      [["ProductReviews", sku]],
      [403],
    );
    add(`/SmsSubscription/${id}/set`, { phone: "+15550001111", optIn: true }, [["SmsSubscription", id]], [200]);
    add(`/SmsSubscription/${id}/get`, undefined, [["SmsSubscription", id]], [200]);
    add(`/SmsNumbers/+15550002222/keyword`, { keyword: "stop" }, [["SmsNumbers", "+15550002222"]], [200]);
    add(`/ProductReviews/${sku}/setHidden`, { reviewId: "rev_0", hidden: true, by: "mallory" }, [["ProductReviews", sku]], [404]);
  });

  it("covers every handler that demands the API's credential", () => {
    const covered = [...cases.keys()].sort();
    const listed = Object.entries(API_ONLY_HANDLERS)
      .flatMap(([service, handlers]) => handlers.map((h) => `${service}.${h}`))
      .sort();
    expect(covered).toEqual(listed);
  });

  it("refuses each one unsigned, signed with another key, or with a signature of another target or body: 401, nothing changed", async () => {
    for (const [name, call] of cases) {
      const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
      const before = await Promise.all(call.touches.map(([service, key]) => stateOf(service, key)));
      // Another handler of the same key: its reader (`get`), or for the reader itself `list`.
      const otherTarget = call.path.replace(/\/([^/]+)$/, call.path.endsWith("/get") ? "/list" : "/get");
      const attempts: Array<[string, Record<string, string>]> = [
        ["unsigned", {}],
        ["signed with another key", callerSignatureHeader(call.path, payload, ANOTHER_KEY)],
        ["a signature of another target", callerSignatureHeader(otherTarget, payload)],
        ["a signature of another body", callerSignatureHeader(call.path, JSON.stringify({ something: "else" }))],
        ["a signature that is no signature", { [CALLER_SIGNATURE_HEADER]: "x".repeat(43) }],
      ];
      for (const [how, headers] of attempts) {
        const answer = await post(call.path, call.body, { unsigned: true, headers });
        expect(answer.status, `${name}, ${how}: ${JSON.stringify(answer.body)}`).toBe(401);
        expect(answer.body.message, `${name}, ${how}`).toContain("only for the shop's HTTP API");
      }
      const after = await Promise.all(call.touches.map(([service, key]) => stateOf(service, key)));
      expect(after, `${name}: state after the refused calls`).toEqual(before);
    }
  });

  it("lets each one through with the API's signature: the handler itself answers", async () => {
    for (const [name, call] of cases) {
      if (!call.signedAnswer) continue;
      const answer = await post(call.path, call.body);
      expect(call.signedAnswer, `${name} signed: ${answer.status} ${String(JSON.stringify(answer.body)).slice(0, 300)}`).toContain(
        answer.status,
      );
    }
  });
});

describe("the attack that made anyone on the ingress an admin", () => {
  it("stops at signInDetails and startSession, and setRole changes no role", async () => {
    const target = await newCustomer({ name: "Target Tess" });
    const owner = await post(`/EmailIndex/${target.email}/lookup`, undefined, { unsigned: true });
    expect(owner).toEqual({ status: 200, body: target.id });
    const details = await post(`/Customer/${target.id}/signInDetails`, undefined, { unsigned: true });
    expect(details.status).toBe(401);
    expect(JSON.stringify(details.body)).not.toContain("scrypt$");
    expect((await post(`/Customer/${target.id}/startSession`, sessionGrant(), { unsigned: true })).status).toBe(401);
    expect((await post(`/Customer/${target.id}/setRole`, { role: "admin" }, { unsigned: true })).status).toBe(401);
    expect((await post(`/Customer/${target.id}/get`, undefined, { unsigned: true })).body.role).toBe("customer");

    // The API's own call, signed, still works.
    expect(await ingress().objectClient(CustomerApi, target.id).setRole({ role: "admin" })).toMatchObject({ role: "admin" });
  });

  it("refunds nothing without the credential; the signed refund goes through", async () => {
    const sku = await product(5, 2000);
    const orderId = uniqueId("refund-boundary");
    // Zip 00001: the carrier never moves the parcel, so the order is at rest once its email is sent.
    expect((await processOrder(orderId, orderRequest([[sku, 1]], { shipping: { ...address, zip: "00001" } }))).status).toBe(200);
    const before = await eventually(
      () => orderOf(orderId),
      (o) => o.notifications.length > 0,
    );
    const refused = await post(`/OrderOrchestrator/${orderId}/refund`, { amount: 1500, reason: "free money" }, { unsigned: true });
    expect(refused.status).toBe(401);
    // The money and the log's refunds stay as they were (the mock's delivery event may still land).
    const after = await orderOf(orderId);
    expect(after.payment).toEqual(before.payment);
    expect(after.status).toBe(before.status);
    expect(after.events.filter((e: { type: string }) => e.type.startsWith("refund"))).toEqual([]);
    const refunded = await post(`/OrderOrchestrator/${orderId}/refund`, { amount: 1500, reason: "damaged" });
    expect(refunded.status).toBe(200);
    expect((await orderOf(orderId)).payment.amountRefunded).toBe(1500);
  });
});

describe("processOrder and Cart.checkout on the ingress", () => {
  it("refuse an unsigned call that names the order's account or number, creating nothing", async () => {
    const sku = await product(5);
    const victim = await newCustomer();
    for (const [field, value] of [
      ["customerId", victim.id],
      ["orderNumber", "ORD-2026-999999"],
      ["cartId", `${victim.id}-1`],
    ] as const) {
      const orderId = uniqueId("unsigned-order");
      const answer = await post(`/OrderOrchestrator/${orderId}/processOrder`, orderRequest([[sku, 1]], { [field]: value }), {
        unsigned: true,
      });
      expect(answer.status, field).toBe(401);
      expect(answer.body.message, field).toMatch(new RegExp(`^${field} is accepted only for the shop's HTTP API`));
      expect((await post(`/OrderOrchestrator/${orderId}/getOrder`)).status, field).toBe(404);
    }
    expect((await stockOf(sku)).reserved).toBe(0);

    const cartId = uniqueId("cart");
    expect((await post(`/Cart/${cartId}/addItem`, { sku, quantity: 1 }, { unsigned: true })).status).toBe(200);
    const checkout = await post(
      `/Cart/${cartId}/checkout`,
      { customer, shippingAddress: address, customerId: victim.id },
      { unsigned: true },
    );
    expect(checkout.status).toBe(401);
    expect(checkout.body.message).toMatch(/^customerId is accepted only for the shop's HTTP API/);
    expect((await post(`/Cart/${cartId}/get`, undefined, { unsigned: true })).body.status).not.toBe("checked_out");
  });

  it("serve a learner's order with no account, as the README places it, and the API's signed one with its account", async () => {
    const sku = await product(5);
    const learner = await post(`/OrderOrchestrator/${uniqueId("learner")}/processOrder`, orderRequest([[sku, 1]]), { unsigned: true });
    expect(learner.status).toBe(200);
    expect(learner.body.status).toBe("processing");

    const cartId = uniqueId("cart");
    expect((await post(`/Cart/${cartId}/addItem`, { sku, quantity: 1 }, { unsigned: true })).status).toBe(200);
    const checkedOut = await post(
      `/Cart/${cartId}/checkout`,
      { customer, shippingAddress: address, paymentMethod: "pm_card_visa" },
      { unsigned: true },
    );
    // Cart.checkout gives the order its number and cart: its own call to processOrder is signed.
    expect(checkedOut.status).toBe(200);
    expect(checkedOut.body.orderNumber).toMatch(/^ORD-\d{4}-\d{6}$/);

    const owner = await newCustomer();
    const orderId = uniqueId("signed-order");
    const signed = await post(`/OrderOrchestrator/${orderId}/processOrder`, orderRequest([[sku, 1]], { customerId: owner.id }));
    expect(signed.status).toBe(200);
    expect((await orderOf(orderId)).customerId).toBe(owner.id);
  });
});
