/**
 * `npm run migrate:state`: one-off moves of Restate state after an upgrade that changed where state
 * lives, through the admin API (RESTATE_ADMIN_URL, default http://127.0.0.1:9070). Today: each year's
 * order-number sequence, from `OrderNumbers/{year}` to `OrderNumberSequence/{year}`. Run it once
 * after deploying the new version, before the shop takes orders again; running it twice changes nothing.
 */
import { migrateOrderNumbers } from "./lib/migrate-order-numbers.ts";

const adminUrl = process.env.RESTATE_ADMIN_URL || "http://127.0.0.1:9070";
const moved = await migrateOrderNumbers(adminUrl);
console.log(
  moved.length === 0
    ? "nothing to move: no year is counted on the old OrderNumbers key"
    : moved.map((m) => `order numbers of ${m.year}: the sequence goes on after ${m.last}`).join("\n"),
);
