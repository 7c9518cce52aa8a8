import { z } from "zod";
import { notFound } from "../../platform/domain/domain-errors.ts";
import { identifier } from "../../platform/domain/quantity.ts";

export const ALERT_KINDS = [
  "low_stock",
  "payment_step_stuck",
  "compensation_failed",
  "capture_failed",
  "dispute_opened",
  "refund_failed",
  "refund_amount_mismatch",
  "webhook_unknown_order",
  "shipping_exception",
  "provider_circuit_open",
  "order_failed",
] as const;

export const RaiseAlertInput = z.strictObject({
  id: z.string().min(1).max(300),
  kind: z.enum(ALERT_KINDS),
  message: z.string().min(1).max(2_000),
  orderId: identifier("orderId").optional(),
  sku: identifier("sku").optional(),
});
export type RaiseAlertInput = z.infer<typeof RaiseAlertInput>;

export const AcknowledgeInput = z.strictObject({ id: z.string().min(1).max(300) });

export const OperatorAlert = RaiseAlertInput.extend({
  raisedAt: z.number().int(),
  acknowledgedAt: z.number().int().optional(),
  emailed: z.boolean().describe("whether the operator email went out"),
  chatted: z.boolean().optional().describe("whether it was posted to the chat webhook (SLACK_WEBHOOK_URL), when one is set"),
});
export type OperatorAlert = z.infer<typeof OperatorAlert>;

/** The inbox keeps the latest alerts; older ones are history an operator has had days to see. */
export const MAX_ALERTS = 500;

/**
 * An alert the inbox already holds, or a second low-stock alert for an item whose first one nobody has
 * acknowledged yet: one open alert per item, so a flapping stock level cannot flood the operators.
 */
export function isRedundant(alerts: OperatorAlert[], alert: RaiseAlertInput): boolean {
  return alerts.some(
    (a) =>
      a.id === alert.id || (alert.kind === "low_stock" && a.kind === "low_stock" && a.sku === alert.sku && a.acknowledgedAt === undefined),
  );
}

export function addAlert(alerts: OperatorAlert[], alert: OperatorAlert): OperatorAlert[] {
  if (isRedundant(alerts, alert)) return alerts;
  return [...alerts, alert].slice(-MAX_ALERTS);
}

/** The alert an operator acknowledges; an id the inbox never held is the caller's mistake (404). */
export function requireAlert(alerts: OperatorAlert[], id: string): OperatorAlert {
  const alert = alerts.find((a) => a.id === id);
  if (!alert) throw notFound(`no alert ${id} in this inbox`);
  return alert;
}
