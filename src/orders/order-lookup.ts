import type { Context, ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { z } from "zod";
import { identifier } from "../platform/domain/quantity.ts";

const ORDER = "orderId";
const LinkInput = z.strictObject({ orderId: identifier("orderId") });

/**
 * Provider reference → order id (`pi:<PaymentIntent>`, `track:<tracking number>`), for callbacks
 * that do not carry our metadata. There is no query across objects, so the index is kept here.
 */
export const OrderLookup = restate.object({
  name: "OrderLookup",
  description: "Provider reference (PaymentIntent, tracking number) → order id, for callbacks without our metadata.",
  metadata: { key: "{pi:…, track:…}" },
  handlers: {
    link: restate.handlers.object.exclusive(
      { input: restate.serde.schema(LinkInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: { orderId: string }) => {
        ctx.set(ORDER, input.orderId);
      },
    ),
    get: restate.handlers.object.shared(
      { input: restate.serde.empty, output: restate.serde.schema(z.string().nullable()), ingressPrivate: true },
      async (ctx: ObjectSharedContext) => ctx.get<string>(ORDER),
    ),
  },
});

export function linkReference(ctx: Context, reference: string, orderId: string): void {
  ctx.objectSendClient(OrderLookup, reference).link({ orderId });
}
