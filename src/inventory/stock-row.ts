import { z } from "zod";
import { int, type Table } from "../platform/database/projection-table.ts";
import { availableUnits, backorderedUnits, type InventoryState, reservedUnits } from "./domain/inventory.ts";

/** A SKU's stock row, from the InventoryItem/{sku} that keeps it, beside its catalog row: search filters on what is in stock. */
export const StockRow = z.object({
  sku: z.string(),
  onHand: int,
  reserved: int,
  available: int,
  backordered: int,
  lowStockThreshold: int.nullable(),
  allowBackorder: z.boolean(),
});
export type StockRow = z.infer<typeof StockRow>;

export function stockRow(item: InventoryState): StockRow {
  return {
    sku: item.sku,
    onHand: item.onHand,
    reserved: reservedUnits(item),
    available: availableUnits(item),
    backordered: backorderedUnits(item),
    lowStockThreshold: item.lowStockThreshold ?? null,
    allowBackorder: item.allowBackorder ?? false,
  };
}

export const stockTable: Table<StockRow> = {
  name: "stock_levels",
  handler: "stock",
  schema: StockRow,
  key: "sku",
  columns: {
    sku: { column: "sku" },
    onHand: { column: "on_hand" },
    reserved: { column: "reserved" },
    available: { column: "available" },
    backordered: { column: "backordered" },
    lowStockThreshold: { column: "low_stock_threshold" },
    allowBackorder: { column: "allow_backorder" },
  },
};
