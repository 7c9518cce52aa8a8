/**
 * `npm run migrate:state`: one-off moves of Restate state after an upgrade that changed where state
 * lives, through the admin API (RESTATE_ADMIN_URL, default http://127.0.0.1:9070). Today: each year's
 * order-number sequence, from `OrderNumbers/{year}` to `OrderNumberSequence/{year}`; and each SKU's
 * catalog data, from `InventoryItem/{sku}` to `Product/{sku}`, with its replenishment settings and
 * sales going to `SkuReplenishment/{sku}`. Run it once
 * after deploying the new version, before the shop takes orders again; running it twice changes nothing.
 */
import { migrateOrderNumbers } from "./lib/migrate-order-numbers.ts";
import { migrateProducts } from "./lib/migrate-products.ts";

const adminUrl = process.env.RESTATE_ADMIN_URL || "http://127.0.0.1:9070";
const moved = await migrateOrderNumbers(adminUrl);
console.log(
  moved.length === 0
    ? "nothing to move: no year is counted on the old OrderNumbers key"
    : moved.map((m) => `order numbers of ${m.year}: the sequence goes on after ${m.last}`).join("\n"),
);
const split = await migrateProducts(adminUrl);
console.log(
  split.length === 0
    ? "nothing to move: no InventoryItem holds catalog data"
    : `catalog data of ${split.length} SKU(s) moved from InventoryItem to Product: ${split.slice(0, 20).join(", ")}${split.length > 20 ? ", …" : ""}`,
);
