import type { AlertSettings } from "../alerts/alert-settings.ts";
import type { CustomerSettings } from "../customers/customer-settings.ts";
import type { EventSettings } from "../events/event-settings.ts";
import type { InventorySettings } from "../inventory/inventory-settings.ts";
import type { OrderSettings } from "../orders/order-settings.ts";
import type { CallerKeySettings } from "../platform/restate/caller-keys.ts";

/**
 * The settings of one endpoint, fixed at startup from the validated configuration (a part of the
 * Runtime): each feature declares the ones it reads, and an endpoint holds them all.
 */
export interface Settings extends CallerKeySettings, EventSettings, AlertSettings, InventorySettings, CustomerSettings, OrderSettings {}
