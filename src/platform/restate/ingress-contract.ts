/**
 * How trusted clients call the shop's services through the Restate ingress (the shop's HTTP API,
 * scripts, tests, learners' code): each feature declares its services as type-only definitions beside
 * them (`*-ingress.ts`). Each constant carries the service's name, typed as the service it names, so a
 * caller gets typed `@restatedev/restate-sdk-clients` calls without loading any handler code:
 * `ingress.objectClient(OrderOrchestratorApi, id).refund({ reason })`.
 */

import { type Serde, serde } from "@restatedev/restate-sdk-clients";
import { iface } from "@restatedev/restate-sdk-core";

/** The key of the shop-wide objects (the operator inbox, the coupon registry, the purchase-order book, …). */
export const SHOP = "shop";

/**
 * A caller's definition of a service: its name, typed as the service, declared with the SDK's
 * service-interface API (iface) — only the handlers whose input is not JSON need declaring: none at
 * all (a body or a content-type there is a 400) or raw bytes. The client then sends those right
 * without the handler code that declares them; every other handler takes JSON.
 */
function contract<D>(kind: "object" | "service", name: string, inputs: Record<string, Serde<unknown>> = {}): D {
  const handlers = Object.fromEntries(Object.entries(inputs).map(([handler, input]) => [handler, iface.serdes({ input })]));
  return (kind === "object" ? iface.object(name, handlers) : iface.service(name, handlers)) as unknown as D;
}
export const object = <D>(name: string, inputs?: Record<string, Serde<unknown>>) => contract<D>("object", name, inputs);
export const service = <D>(name: string, inputs?: Record<string, Serde<unknown>>) => contract<D>("service", name, inputs);
export const noInput = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.empty as Serde<unknown>]));
export const rawBytes = (...handlers: string[]) => Object.fromEntries(handlers.map((handler) => [handler, serde.binary as Serde<unknown>]));
