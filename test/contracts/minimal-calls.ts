import type * as clients from "@restatedev/restate-sdk-clients";
import {
  CartApi,
  InventoryItemApi,
  OperatorInboxApi,
  OrderOrchestratorApi,
  PaymentSettlementApi,
  ProviderHealthApi,
  WebhookProcessorApi,
} from "../../src/ingress-api.ts";

export interface Keys {
  sku: string;
  cart: string;
  spareCart: string;
  order: string;
  cancelledOrder: string;
}

const customer = { email: "typed@example.com", name: "Typed Client" };
const address = { street: "1 Compiler Way", city: "Springfield", state: "IL", zip: "62701", country: "US" };

/**
 * Every public handler called through the typed ingress clients with its minimal input — what a
 * caller must send and nothing more. The contract test compiles this file with tsc and runs it.
 */
export async function callEveryPublicHandler(ingress: clients.Ingress, keys: Keys) {
  const item = ingress.objectClient(InventoryItemApi, keys.sku);
  await item.upsert({ name: "Typed mug", price: 1200, lowStockThreshold: 100 });
  await item.restock({ quantity: 20 });
  const stock = await item.get();

  const spare = ingress.objectClient(CartApi, keys.spareCart);
  await spare.addItem({ sku: keys.sku, quantity: 1 });
  await spare.updateItem({ sku: keys.sku, quantity: 2 });
  await spare.removeItem({ sku: keys.sku });
  await spare.clear();

  const cart = ingress.objectClient(CartApi, keys.cart);
  await cart.addItem({ sku: keys.sku, quantity: 1 });
  const priced = await cart.get();
  const checkout = await cart.checkout({ customer, shippingAddress: address });

  const order = ingress.objectClient(OrderOrchestratorApi, keys.order);
  const placed = await order.processOrder({ items: [{ productId: keys.sku, quantity: 2 }], customer, shipping: address });
  const refunded = await order.refund({ reason: "typed client" });
  const read = await order.getOrder();

  const other = ingress.objectClient(OrderOrchestratorApi, keys.cancelledOrder);
  await other.processOrder({ items: [{ productId: keys.sku, quantity: 1 }], customer, shipping: { ...address, zip: "00001" } });
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

  return { stock, priced, checkout, placed, refunded, read, cancelled, alerts, settlement, health, refusals };
}
