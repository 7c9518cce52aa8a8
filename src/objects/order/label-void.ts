import { TerminalError, type ObjectContext } from "@restatedev/restate-sdk";
import type { Order } from "../../domain/order.ts";
import { providers } from "../../providers/registry.ts";
import { isBusinessFailure, providerStep } from "./effects.ts";

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
export async function voidLabel(ctx: ObjectContext, order: Order, rateId: string): Promise<LabelVoidOutcome> {
  try {
    const answer = await providerStep(ctx, "void label", "voidLabel", () => providers().shipping.voidLabel({ orderId: order.orderId, rateId }));
    return answer.status === "voided" ? { kind: "voided" } : { kind: "none" };
  } catch (error) {
    if (!(error instanceof TerminalError)) throw error;
    return isBusinessFailure(error) ? { kind: "refused", reason: error.message } : { kind: "gave-up", reason: error.message };
  }
}
