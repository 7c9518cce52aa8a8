import { type ObjectContext, RestatePromise, TerminalError } from "@restatedev/restate-sdk";
import { raiseOperatorAlert } from "../../alerts/operator-inbox.ts";
import type { Runtime } from "../../providers/runtime.ts";
import type { ShipmentRequest, ShippingLabel } from "../../providers/types.ts";
import type { Order } from "../domain/order.ts";
import { orderName } from "../domain/order-model.ts";
import { LabelWatch } from "../label-watch.ts";
import type { OrderSettings } from "../order-settings.ts";
import { isBusinessFailure, providerStep, timedStep } from "./effects.ts";

/**
 * The carrier's rate for an order's address, parcel and method, in a currency, with when it was asked;
 * `name` tells a second quote (another currency) from the first in the journal.
 */
export function quoteShipping(ctx: ObjectContext, rt: Runtime<OrderSettings>, request: ShipmentRequest, name = "quote") {
  return timedStep(ctx, rt, name, "quote", () => rt.providers.shipping.quote(request));
}

/**
 * Buys the label for the quoted rate; a retried purchase finds the label already bought for it. A
 * purchase the carrier queued is waited for durably: woken by the carrier's transaction webhook, or
 * by a timer every LABEL_POLL_INTERVAL_MS, the order looks it up again, until LABEL_QUEUE_WAIT_MS.
 */
export async function buyLabel(
  ctx: ObjectContext,
  rt: Runtime<OrderSettings>,
  order: Order,
  rateId: string,
  onQueued: (labelId: string, at: number) => void,
): Promise<{ label: ShippingLabel; at: number }> {
  const purchase = () => rt.providers.shipping.buyLabel({ orderId: order.orderId, rateId });
  let step = await timedStep(ctx, rt, "label", "label", purchase);
  if (step.value.status === "queued") onQueued(step.value.labelId, step.at);
  const { labelPollIntervalMs, labelQueueWaitMs } = rt.settings;
  const giveUpAt = step.at + labelQueueWaitMs;
  for (let round = 2; step.value.status === "queued"; round++) {
    if (step.at >= giveUpAt) {
      throw new TerminalError(
        `the carrier still had the label for rate ${rateId} queued after ${Math.round(labelQueueWaitMs / 60_000)} minutes`,
        { errorCode: 422 },
      );
    }
    const news = ctx.awakeable();
    ctx.objectSendClient(LabelWatch, order.orderId).watch({ awakeableId: news.id });
    await RestatePromise.race([news.promise, ctx.sleep(labelPollIntervalMs)]);
    step = await timedStep(ctx, rt, `label#${round}`, "label", purchase);
  }
  return { label: step.value.label, at: step.at };
}

/** voided: nothing will ship. none: no label existed. refused: the carrier said no. gave-up: the provider could not be reached. */
export type LabelVoidOutcome =
  | { kind: "voided" }
  | { kind: "none" }
  | { kind: "refused"; reason: string }
  | { kind: "gave-up"; reason: string };

/**
 * Voids the label bought for the order's quoted rate as one journaled step. The provider looks the
 * label up by rate, so a purchase whose answer was lost is voided too.
 */
export async function voidLabel(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order, rateId: string): Promise<LabelVoidOutcome> {
  try {
    const answer = await providerStep(ctx, rt, "void label", "voidLabel", () =>
      rt.providers.shipping.voidLabel({ orderId: order.orderId, rateId }),
    );
    return answer.status === "voided" ? { kind: "voided" } : { kind: "none" };
  } catch (error) {
    if (!(error instanceof TerminalError)) throw error;
    return isBusinessFailure(error) ? { kind: "refused", reason: error.message } : { kind: "gave-up", reason: error.message };
  }
}

/** Compensation: a label bought for a failed order must not ship; a carrier's refusal needs a person. */
export async function voidLabelOf(ctx: ObjectContext, rt: Runtime<OrderSettings>, order: Order, rateId: string): Promise<void> {
  const outcome = await voidLabel(ctx, rt, order, rateId);
  if (outcome.kind === "refused" || outcome.kind === "gave-up") {
    raiseOperatorAlert(ctx, {
      id: `${order.orderId}:label-void-failed`,
      kind: "compensation_failed",
      orderId: order.orderId,
      message: `the label of failed order ${orderName(order)} could not be voided (${outcome.reason}); stop the parcel with the carrier`,
    });
  }
}
