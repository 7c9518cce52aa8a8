import * as restate from "@restatedev/restate-sdk";
import { restateLogTransport } from "./logging.ts";
import { InventoryItem } from "./objects/inventory-item.ts";

/** Every service this deployment serves, bound to one endpoint. */
export function createEndpoint() {
  return restate.endpoint().setLogger(restateLogTransport()).bind(InventoryItem);
}
