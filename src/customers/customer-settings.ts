import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";
import type { LoyaltyProgram } from "../pricing/domain/loyalty.ts";

/** What the customers' objects read from the runtime's settings. */
export interface CustomerSettings extends CallerKeySettings {
  loyalty: LoyaltyProgram;
  /** How the shop names itself to suppliers. */
  shopName: string;
}
