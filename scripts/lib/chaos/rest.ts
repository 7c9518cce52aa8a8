import type { Plan } from "./plan.ts";
import type { ScenarioContext } from "./scenarios.ts";

/** Reads one handler's answer at rest; undefined when it is not there. */
export type Reader = (path: string) => Promise<any>;

/** The objects the invariants look at once the load is over: orders, stock, the coupon, the accounts, the backordered product. */
export async function readRestState(read: Reader, plan: Plan, orderIds: Iterable<string>, shop: NonNullable<ScenarioContext["shop"]>) {
  const orders = new Map<string, any>();
  for (const orderId of orderIds) orders.set(orderId, await read(`/OrderOrchestrator/${orderId}/getOrder`));
  const stock = new Map<string, any>();
  for (const { sku } of plan.skus) stock.set(sku, await read(`/InventoryItem/${sku}/get`));
  const accounts = new Map<string, any>();
  for (const customerId of shop.customerIds) accounts.set(customerId, await read(`/Customer/${customerId}/loyalty`));
  const coupon = { ...plan.shop.coupon, view: await read(`/Coupon/${plan.shop.coupon.code}/get`) };
  const backorder = { sku: plan.shop.backorderSku, view: await read(`/InventoryItem/${plan.shop.backorderSku}/get`) };
  return { orders, stock, accounts, coupon, backorder };
}
