import type { ObjectContext, ObjectSharedContext } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { CUSTOMER_ID } from "../customers/domain/customer.ts";
import { invalid } from "../platform/domain/domain-errors.ts";
import { PageInput } from "../platform/domain/paged-list.ts";
import { append, newestPage } from "../platform/restate/chunked-list.ts";
import { reject } from "../platform/restate/decide.ts";
import {
  type CustomerOrderEntry,
  CustomerOrderPage,
  type HeldOrder,
  HeldOrders,
  PaymentAwaitedInput,
  RecordOrderInput,
  withPaymentAwaited,
} from "./domain/customer-orders.ts";

/** The orders waiting for their payment right now. */
const HELD = "awaitingPayment";

function checkKey(key: string): void {
  if (!CUSTOMER_ID.test(key)) reject(invalid("customer id (the key) must be cus_ followed by 32 hex digits"));
}

/**
 * The orders a customer placed, for `GET /orders`: number, order id and when, newest first. Kept
 * apart from the Customer object, which every sign-in reads, so a long history never weighs on it.
 * Cart.checkout records each order here with a one-way send as soon as its number is allocated.
 */
export const CustomerOrders = restate.object({
  name: "CustomerOrders",
  metadata: { key: "{cus_…}" },
  description: "The orders of one customer, newest first.",
  options: { enableLazyState: true },
  handlers: {
    record: restate.handlers.object.exclusive(
      { input: restate.serde.schema(RecordOrderInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: RecordOrderInput) => {
        checkKey(ctx.key);
        await append<CustomerOrderEntry>(ctx, input);
      },
    ),

    paymentAwaited: restate.handlers.object.exclusive(
      { input: restate.serde.schema(PaymentAwaitedInput), output: restate.serde.empty, ingressPrivate: true },
      async (ctx: ObjectContext, input: PaymentAwaitedInput) => {
        checkKey(ctx.key);
        ctx.set(HELD, withPaymentAwaited((await ctx.get<HeldOrder[]>(HELD)) ?? [], input));
      },
    ),

    awaitingPayment: restate.handlers.object.shared(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(HeldOrders),
        ingressPrivate: true,
        description: "The customer's orders holding stock while their payment is pending.",
      },
      async (ctx: ObjectSharedContext) => {
        checkKey(ctx.key);
        return { orders: (await ctx.get<HeldOrder[]>(HELD)) ?? [] };
      },
    ),

    list: restate.handlers.object.shared(
      {
        input: restate.serde.schema(PageInput),
        output: restate.serde.schema(CustomerOrderPage),
        description: "One page of the customer's orders, newest first.",
      },
      async (ctx: ObjectSharedContext, input: PageInput) => {
        checkKey(ctx.key);
        return newestPage<CustomerOrderEntry>(ctx, input);
      },
    ),
  },
});
