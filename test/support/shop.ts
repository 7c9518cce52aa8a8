import { InventoryItem } from "../../src/inventory/inventory-item.ts";
import { ingress, ingressUrl, post, uniqueId } from "./restate.ts";

export const customer = { email: "ada@example.com", name: "Ada Lovelace" };
export const address = { name: "Ada Lovelace", street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "US" };

/** A fresh SKU with stock, so tests never share inventory. `url`: another stack's ingress than the shared one. */
export async function product(stock: number, price = 1500, extra: Record<string, unknown> = {}, url = ingressUrl()): Promise<string> {
  const sku = uniqueId("SKU");
  const item = ingress(url).objectClient(InventoryItem, sku);
  await item.upsert({ name: `Product ${sku}`, price, currency: "USD", ...extra } as never);
  if (stock > 0) await item.restock({ quantity: stock });
  return sku;
}

export const stockOf = async (sku: string, url?: string) => (await post(`/InventoryItem/${sku}/get`, undefined, { url })).body;

export const orderOf = async (orderId: string) => (await post(`/OrderOrchestrator/${orderId}/getOrder`)).body;

export function orderRequest(lines: Array<[string, number]>, overrides: Record<string, unknown> = {}) {
  return {
    items: lines.map(([sku, quantity]) => ({ sku, quantity })),
    customer,
    shipping: address,
    paymentMethod: "pm_card_visa",
    ...overrides,
  };
}

export const processOrder = (orderId: string, body: unknown, url?: string) =>
  post(`/OrderOrchestrator/${orderId}/processOrder`, body, { url });

/** The event log of an order that went through every checkout step. */
export const CHECKOUT_EVENTS = [
  "order_created",
  "stock_reserved",
  "priced",
  "payment_authorized",
  "risk_allow",
  "stock_committed",
  "label_purchased",
  "payment_captured",
  "email_sent",
];

export const eventTypes = (order: { events: Array<{ type: string }> }) => order.events.map((e) => e.type);
