import { noInput, object } from "../platform/restate/ingress-contract.ts";
import type { InventoryItem } from "./inventory-item.ts";
import type { PurchaseOrder } from "./purchase-order.ts";
import type { PurchaseOrderBook } from "./purchase-order-book.ts";
import type { Replenishment } from "./replenishment-object.ts";
import type { SkuReplenishment } from "./sku-replenishment.ts";

export const InventoryItemApi = object<typeof InventoryItem>("InventoryItem", noInput("get"));
export const SkuReplenishmentApi = object<typeof SkuReplenishment>("SkuReplenishment");
export const ReplenishmentApi = object<typeof Replenishment>("Replenishment", noInput("ensureScheduled", "runNow", "status"));
export const PurchaseOrderApi = object<typeof PurchaseOrder>("PurchaseOrder", noInput("get"));
export const PurchaseOrderBookApi = object<typeof PurchaseOrderBook>("PurchaseOrderBook", noInput("list"));
