import type { EmailMessage } from "../providers/types.ts";
import type { AlertSettings } from "./alert-settings.ts";
import type { RaiseAlertInput } from "./domain/operator-alerts.ts";

export function operatorEmail(settings: Pick<AlertSettings, "operatorEmail">, alert: RaiseAlertInput): EmailMessage {
  const subject = `[shop alert] ${alert.kind.replace(/_/g, " ")}${alert.orderId ? ` — order ${alert.orderId}` : ""}${alert.sku ? ` — ${alert.sku}` : ""}`;
  const message: EmailMessage = {
    kind: alert.kind === "low_stock" ? "low_stock_alert" : "operator_alert",
    to: settings.operatorEmail,
    subject,
    text: alert.message,
    html: `<p>${alert.message.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!)}</p>`,
    dedupKey: `alert:${alert.id}`,
    templateData: { kind: alert.kind, message: alert.message, orderId: alert.orderId ?? "", sku: alert.sku ?? "" },
  };
  if (alert.orderId !== undefined) message.orderId = alert.orderId;
  return message;
}
