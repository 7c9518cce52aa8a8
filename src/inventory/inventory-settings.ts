import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";
/** What the stock and its replenishment read from the runtime's settings. */
export interface InventorySettings extends CallerKeySettings {
  /** How the shop names itself to suppliers. */
  shopName: string;
  /** How often the replenishment scan runs. */
  replenishmentIntervalMs: number;
}
