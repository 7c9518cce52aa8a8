import { type Context, type ObjectContext, type RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import type { ProviderOperation } from "../../providers/run-policies.ts";
import { type Runtime, runPolicy } from "../../providers/runtime.ts";
import type { EmailMessage } from "../../providers/types.ts";
import { type NotificationRecord, type Order, record } from "../domain/order.ts";
import type { OrderSettings } from "../order-settings.ts";

/** A provider call as one journaled step, retried by Restate per the operation's policy; combinable with other steps. */
export function providerStep<T>(
  ctx: Context,
  rt: Runtime<OrderSettings>,
  name: string,
  operation: ProviderOperation,
  action: () => Promise<T>,
): RestatePromise<T> {
  return ctx.run(name, action, runPolicy(rt, operation));
}

/** A provider said no for a business reason (4xx), as opposed to Restate giving up after retries. */
export function isBusinessFailure(error: unknown): boolean {
  return error instanceof TerminalError && error.code >= 400 && error.code < 500;
}

const STUCK_PAUSE_MS = 15 * 60_000;

/**
 * Capture, void and refund never give up on money. When the step's long retry policy runs out,
 * an operator alert is raised and the step starts over after a durable pause, with the same
 * provider idempotency key, so the money moves at most once however often it is tried.
 */
export async function moneyStep<T>(
  ctx: ObjectContext,
  rt: Runtime<OrderSettings>,
  name: string,
  operation: "capture" | "void" | "refund",
  orderId: string,
  action: () => Promise<T>,
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await providerStep(ctx, rt, round === 1 ? name : `${name}#${round}`, operation, action);
    } catch (error) {
      if (!(error instanceof TerminalError) || isBusinessFailure(error)) throw error;
      raiseOperatorAlert(ctx, {
        id: `${orderId}:${name}:stuck:${round}`,
        kind: "payment_step_stuck",
        orderId,
        message: `${name} for order ${orderId} keeps failing (${error.message}); still retrying`,
      });
      await ctx.sleep(STUCK_PAUSE_MS);
    }
  }
}

/**
 * Sends an email as one journaled step. An email never rolls anything back: a failure is
 * recorded on the order (event log and notifications) and the flow goes on.
 */
export async function notify(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order, message: EmailMessage): Promise<Order> {
  let notification: NotificationRecord;
  try {
    const receipt = await providerStep(ctx, rt, `email:${message.dedupKey}`, "email", async () => ({
      ...(await rt.providers.email.send(message)),
      at: Date.now(),
    }));
    notification = { kind: message.kind, dedupKey: message.dedupKey, status: "sent", at: receipt.at, messageId: receipt.messageId };
  } catch (error) {
    if (!(error instanceof TerminalError)) throw error;
    notification = { kind: message.kind, dedupKey: message.dedupKey, status: "failed", at: await ctx.date.now(), detail: error.message };
  }
  const next = { ...order, notifications: [...order.notifications, notification] };
  return notification.status === "sent"
    ? record(next, notification.at, "email_sent", `${message.kind} (${notification.messageId})`)
    : record(next, notification.at, "email_failed", `${message.kind}: ${notification.detail}`);
}

/** A provider step that also journals when it started and ended, so the order's events need no clock reads of their own. */
export function timedStep<T>(
  ctx: Context,
  rt: Runtime<OrderSettings>,
  name: string,
  operation: ProviderOperation,
  action: () => Promise<T>,
) {
  return providerStep(ctx, rt, name, operation, async () => {
    const startedAt = Date.now();
    const value = await action();
    return { value, startedAt, at: Date.now() };
  });
}
