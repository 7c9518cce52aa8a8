import type * as clients from "@restatedev/restate-sdk-clients";
import { OperatorInboxApi } from "../../src/alerts/alerts-ingress.ts";
import { AnalyticsApi } from "../../src/analytics/analytics-ingress.ts";
import { ProductApi } from "../../src/catalog/catalog-ingress.ts";
import { CustomerApi, EmailIndexApi } from "../../src/customers/customers-ingress.ts";
import { checkPurpose, proofOf, sessionPurpose } from "../../src/customers/domain/password-proof.ts";
import { WebhookSubscriptionsApi } from "../../src/events/events-ingress.ts";
import {
  InventoryItemApi,
  PurchaseOrderApi,
  PurchaseOrderBookApi,
  ReplenishmentApi,
  SkuReplenishmentApi,
} from "../../src/inventory/inventory-ingress.ts";
import type { OrderResult } from "../../src/orders/domain/order-model.ts";
import {
  CartApi,
  CustomerOrdersApi,
  OrderNumbersApi,
  OrderOrchestratorApi,
  PaymentSettlementApi,
  WebhookProcessorApi,
} from "../../src/orders/orders-ingress.ts";
import { OperationsApi } from "../../src/platform/restate/platform-ingress.ts";
import { CouponApi, CouponRegistryApi } from "../../src/pricing/pricing-ingress.ts";
import { ProviderHealthApi } from "../../src/providers/providers-ingress.ts";
import { CatalogAdminApi, CatalogApi } from "../../src/storefront/storefront-ingress.ts";

export interface Keys {
  sku: string;
  spareSku: string;
  coupon: string;
  email: string;
  adminEmail: string;
  cart: string;
  spareCart: string;
  order: string;
  cancelledOrder: string;
}

const customer = { email: "typed@example.com", name: "Typed Client" };
/** A scrypt hash in PHC form: the Customer handlers only ever see hashes, never passwords. */
const passwordHash = "scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
const hex = (n: number) => "0123456789abcdef"[n % 16]!.repeat(64);
const address = { street: "1 Compiler Way", city: "Springfield", state: "IL", zip: "62701", country: "US" };

/**
 * Every public handler called through the typed ingress clients with its minimal input — what a
 * caller must send and nothing more. The contract test compiles this file with tsc and runs it.
 */
export async function callEveryPublicHandler(ingress: clients.Ingress, keys: Keys) {
  const item = ingress.objectClient(InventoryItemApi, keys.sku);
  await item.upsert({ name: "Typed mug", price: 1200, lowStockThreshold: 100 });
  await item.restock({ quantity: 20 });
  await ingress.objectClient(SkuReplenishmentApi, keys.sku).set({ supplier: `supplier-${keys.sku.toLowerCase()}@suppliers.test` });
  const stock = await item.get();
  const catalogData = await ingress.objectClient(ProductApi, keys.sku).get();
  const spare = ingress.objectClient(InventoryItemApi, keys.spareSku);
  await spare.upsert({ name: "Typed spare", price: 100, lowStockThreshold: 5 });
  await ingress
    .objectClient(SkuReplenishmentApi, keys.spareSku)
    .set({ supplier: `supplier-${keys.spareSku.toLowerCase()}@suppliers.test`, reorderQuantity: 10 });

  const spareCart = ingress.objectClient(CartApi, keys.spareCart);
  await spareCart.addItem({ sku: keys.sku, quantity: 1 });
  await spareCart.updateItem({ sku: keys.sku, quantity: 2 });
  await spareCart.removeItem({ sku: keys.sku });
  await spareCart.clear();

  const coupon = ingress.objectClient(CouponApi, keys.coupon);
  await coupon.create({ code: keys.coupon, type: "percent", value: 10 });
  await coupon.get();
  await coupon.check({ subtotal: 1200, currency: "USD", customer: "typed" });

  const cart = ingress.objectClient(CartApi, keys.cart);
  await cart.addItem({ sku: keys.sku, quantity: 1 });
  await cart.applyCoupon({ code: keys.coupon });
  await cart.removeCoupon();
  await cart.estimateShipping({ shippingAddress: address });
  const priced = await cart.get();
  const submitted = await cart.checkout({ customer, shippingAddress: address });
  // The checkout runs on in the order's invocation: the client attaches to it for the outcome.
  const checkout = await ingress.result<OrderResult>({ invocationId: submitted.invocationId, status: "Accepted", attachable: true });

  const order = ingress.objectClient(OrderOrchestratorApi, keys.order);
  const placed = await order.processOrder({ items: [{ sku: keys.sku, quantity: 5 }], customer, shipping: address });
  await order.setStatus({ status: "delivered", by: "typed-admin" });
  const requested = await order.requestRefund({ reason: "typed client", amount: 5500 });
  await order.reviewRefundRequest({ requestId: requested.request!.id, approve: false, by: "typed-admin" });
  const refunded = await order.refund({ reason: "typed client" });
  const read = await order.getOrder();

  const other = ingress.objectClient(OrderOrchestratorApi, keys.cancelledOrder);
  await other.processOrder({ items: [{ sku: keys.sku, quantity: 1 }], customer, shipping: { ...address, zip: "00001" } });
  const cancelled = await other.cancel({});

  const inbox = ingress.objectClient(OperatorInboxApi, "shop");
  const alerts = await inbox.list();
  const lowStock = alerts.find((a) => a.sku === keys.sku);
  if (lowStock) await inbox.acknowledge({ id: lowStock.id });

  const settlement = await ingress.objectClient(PaymentSettlementApi, keys.order).get();
  const health = await ingress.serviceClient(ProviderHealthApi).status();

  const webhooks = ingress.serviceClient(WebhookProcessorApi);
  const unsigned = new TextEncoder().encode("{}");
  const refusals = await Promise.allSettled([webhooks.stripe(unsigned), webhooks.shippo(unsigned), webhooks.sendgrid(unsigned)]);

  const session = (n: number) => ({ id: `typedSession${n}`.padEnd(22, "x"), secretHash: hex(n), ttlSeconds: 3600 });
  const registered = await ingress
    .objectClient(EmailIndexApi, keys.email)
    .register({ name: "Typed Client", passwordHash, session: session(1) });
  await ingress.objectClient(EmailIndexApi, keys.email).lookup();
  const account = ingress.objectClient(CustomerApi, registered.customer.id);
  await account.get();
  await account.loyalty();
  await account.signInDetails();
  // Whoever holds the password's key proves it for this session; the key here is the fixture hash's.
  const key = Buffer.from(passwordHash.split("$").at(-1)!, "base64");
  await account.startSession({ ...session(2), proof: proofOf(key, sessionPurpose(session(2))) });
  await account.checkPassword({ nonce: "typed-nonce-0123456789", proof: proofOf(key, checkPurpose("typed-nonce-0123456789")) });
  await account.refresh({ sessionId: session(2).id, secretHash: hex(2), nextSecretHash: hex(3), graceSeconds: 10 });
  await account.endSession({ sessionId: session(2).id, secretHash: hex(3) });
  await account.updateProfile({ name: "Typed Again" });
  const saved = await account.addAddress({ name: "Typed Client", ...address });
  await account.removeAddress({ id: saved.id });
  const promoted = await account.setRole({ role: "admin" });
  const currentCart = await account.currentCart();

  const numbered = checkout.orderNumber!;
  const resolved = await ingress.objectClient(OrderNumbersApi, numbered).resolve();
  const orders = await ingress.objectClient(CustomerOrdersApi, registered.customer.id).list({});
  const coupons = await ingress.objectClient(CouponRegistryApi, "shop").list({});
  const admin = await ingress
    .objectClient(EmailIndexApi, keys.adminEmail)
    .bootstrapAdmin({ name: "Typed Admin", passwordHash, replacePassword: false });

  const replenishment = ingress.objectClient(ReplenishmentApi, "shop");
  await replenishment.ensureScheduled();
  const scan = await replenishment.runNow();
  await replenishment.status();
  const book = ingress.objectClient(PurchaseOrderBookApi, "shop");
  // A scan drafts for every low SKU of the shop, so another test's scan may have drafted these first:
  // then the book (kept one-way, so perhaps a moment behind) names the open order. Polled here, not with
  // test/support's `eventually`: this file is compiled on its own, without the test setup's types.
  const openOrderOf = async (sku: string): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      const drafted = scan.drafted.find((po) => po.lines.some((l) => l.sku === sku))?.id;
      const open = drafted ?? (await book.list()).find((po) => po.status === "draft" && po.skus.includes(sku))?.id;
      if (open) return open;
      if (attempt === 100) throw new Error(`no purchase order open for ${sku}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ordered = await openOrderOf(keys.sku);
  const dropped = await openOrderOf(keys.spareSku);
  const purchase = ingress.objectClient(PurchaseOrderApi, ordered);
  await purchase.get();
  await purchase.approve({ by: "typed-admin" });
  const lines = (await purchase.get()).lines.map(({ sku, ordered: quantity }) => ({ sku, quantity }));
  const received = await purchase.receive({ reference: "typed-delivery", lines, by: "typed-clerk" });
  await ingress.objectClient(PurchaseOrderApi, dropped).cancel({ by: "typed-admin" });
  await book.list();

  const hooks = ingress.objectClient(WebhookSubscriptionsApi, "shop");
  const subscription = await hooks.create({ url: "http://127.0.0.1:9/typed", events: ["OrderPlaced"] });
  await hooks.list();
  await hooks.remove({ id: subscription.id });

  await ingress.serviceClient(AnalyticsApi).track({ eventId: `typed-${keys.sku}`, event: "product_view" });
  await ingress.serviceClient(OperationsApi).database();

  const catalogAdmin = ingress.serviceClient(CatalogAdminApi);
  const category = await catalogAdmin.createCategory({ name: `Typed ${keys.sku}` });
  await catalogAdmin.updateCategory({ slug: category.slug, name: "Typed shelf" });
  const created = await catalogAdmin.createProduct({ sku: `${keys.sku}-P`, name: "Typed plate", price: 900 });
  await catalogAdmin.updateProduct({ productId: created.productId!, status: "active", category: category.slug });
  await catalogAdmin.getProduct({ productId: created.productId! });
  const catalog = ingress.serviceClient(CatalogApi);
  const shown = await catalog.product({ slug: created.slug! });
  const tree = await catalog.categories();

  return {
    received,
    stock,
    catalog: catalogData,
    priced,
    checkout,
    placed,
    refunded,
    read,
    cancelled,
    alerts,
    settlement,
    health,
    refusals,
    promoted,
    admin,
    shown,
    tree,
    currentCart,
    resolved,
    orders,
    coupons,
  };
}
