import { splitLegacyItem } from "../../src/catalog/domain/product.ts";
import { PRODUCT } from "../../src/catalog/product-object.ts";
import type { InventoryState } from "../../src/inventory/domain/inventory.ts";
import { ITEM } from "../../src/inventory/inventory-item.ts";
import { SALES, SETTINGS } from "../../src/inventory/sku-replenishment.ts";
import { PROJECTION_VERSION as VERSION } from "../../src/platform/restate/project.ts";
import { readState, writeState } from "./admin.ts";

/** Where the versions before the split kept a SKU's replenishment settings, beside its item. */
const LEGACY_SETTINGS = "replenishment";

type Sales = Record<string, number>;
/** Sales counted before the move and since (by the new code) are different sales: per day, they add up. */
const addSales = (before: Sales, since: Sales = {}): Sales =>
  Object.fromEntries(
    [...new Set([...Object.keys(before), ...Object.keys(since)])].map((day) => [day, (before[day] ?? 0) + (since[day] ?? 0)]),
  );

const parse = (raw: { text: string } | undefined): unknown => (raw === undefined ? undefined : JSON.parse(raw.text));

/**
 * InventoryItem/{sku} used to hold a SKU's catalog data, its stock, its replenishment settings and its
 * sales in one object; now the catalog is Product/{sku}'s and the settings and sales are
 * SkuReplenishment/{sku}'s. For each item still holding catalog data: the product gets it (with the
 * item's projection version, so its next row is newer than the one PostgreSQL holds), the SKU's
 * replenishment gets the settings and sales, and then the item keeps its stock and everything else
 * it held. What the new objects hold already (written by the new code) wins, but for sales, which add up. Safe to run again: an
 * item without catalog data is left alone. Returns the SKUs moved.
 */
export async function migrateProducts(adminUrl: string): Promise<string[]> {
  const [items, products, replenishments] = await Promise.all([
    readState(adminUrl, "InventoryItem"),
    readState(adminUrl, "Product"),
    readState(adminUrl, "SkuReplenishment"),
  ]);
  const moved: string[] = [];
  for (const [sku, state] of items) {
    const legacy = parse(state.get(ITEM)) as (InventoryState & Record<string, unknown>) | undefined;
    if (!legacy) continue;
    const { product, stock } = splitLegacyItem(legacy);
    if (!product) continue;
    if (!products.get(sku)?.has(PRODUCT)) {
      await writeState(adminUrl, "Product", sku, { [PRODUCT]: product, [VERSION]: parse(state.get(VERSION)) ?? 0 });
    }
    const settings = parse(state.get(LEGACY_SETTINGS));
    const sales = parse(state.get(SALES));
    if (settings !== undefined || sales !== undefined) {
      const current = replenishments.get(sku) ?? new Map();
      await writeState(adminUrl, "SkuReplenishment", sku, {
        ...Object.fromEntries(current),
        ...(settings !== undefined && !current.has(SETTINGS) ? { [SETTINGS]: settings } : {}),
        ...(sales !== undefined ? { [SALES]: addSales(sales as Sales, parse(current.get(SALES)) as Sales | undefined) } : {}),
      });
    }
    // Last: a run cut short before this line leaves the item as it was, and the next run finishes it.
    const kept = Object.fromEntries([...state].filter(([key]) => key !== LEGACY_SETTINGS && key !== SALES && key !== ITEM));
    await writeState(adminUrl, "InventoryItem", sku, { ...kept, [ITEM]: stock });
    moved.push(sku);
  }
  return moved;
}
