import type { ObjectContext, ObjectSharedContext, RestatePromise } from "@restatedev/restate-sdk";

const INTERRUPT = "interrupt";

/** Why a waiting checkout was called off. */
export interface Interrupt {
  reason: string;
}

/**
 * A waiting checkout holds its order's key — for minutes while a payment settles, for days while a
 * backorder waits — so a customer's cancel cannot queue behind it. Instead the checkout opens an
 * awakeable when it starts and every wait races it; the shared `cancel` handler (which runs beside
 * the waiting checkout) resolves it. Its id is kept under its own state key, never in the order.
 */
export function openInterrupt(ctx: ObjectContext): RestatePromise<Interrupt> {
  const { id, promise } = ctx.awakeable<Interrupt>();
  ctx.set(INTERRUPT, id);
  return promise;
}

/** The checkout is over: nobody is left to interrupt. */
export function closeInterrupt(ctx: ObjectContext): void {
  ctx.clear(INTERRUPT);
}

/** Calls off the running checkout, if there is one; answers whether there was. */
export async function interruptCheckout(ctx: ObjectSharedContext, reason: string): Promise<boolean> {
  const id = await ctx.get<string>(INTERRUPT);
  if (id === null) return false;
  ctx.resolveAwakeable<Interrupt>(id, { reason });
  return true;
}
