import type { InventoryItem } from "../objects/inventory-item.ts";
import type { Product } from "../objects/product.ts";
import type { PurchaseOrder } from "../objects/purchase-order.ts";
import type { PurchaseOrderBook } from "../objects/purchase-order-book.ts";
import type { Replenishment } from "../objects/replenishment.ts";
import type { SkuReplenishment } from "../objects/sku-replenishment.ts";
import { noInput, object } from "./contract.ts";

export const InventoryItemApi = object<typeof InventoryItem>("InventoryItem", noInput("get"));
export const ProductApi = object<typeof Product>("Product", noInput("get"));
export const SkuReplenishmentApi = object<typeof SkuReplenishment>("SkuReplenishment");
export const ReplenishmentApi = object<typeof Replenishment>("Replenishment", noInput("ensureScheduled", "runNow", "status"));
export const PurchaseOrderApi = object<typeof PurchaseOrder>("PurchaseOrder", noInput("get"));
export const PurchaseOrderBookApi = object<typeof PurchaseOrderBook>("PurchaseOrderBook", noInput("list"));
