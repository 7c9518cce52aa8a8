import type { RaiseAlertInput } from "./domain/operator-alerts.ts";

/** The message a Slack-compatible incoming webhook shows for an operator alert. */
export function slackMessage(alert: RaiseAlertInput): { text: string } {
  const about = [alert.orderId && `order ${alert.orderId}`, alert.sku && `SKU ${alert.sku}`].filter(Boolean).join(", ");
  return { text: `:rotating_light: *${alert.kind.replace(/_/g, " ")}*${about ? ` (${about})` : ""}: ${alert.message}` };
}

/** Posts to the incoming webhook; a refusal or an unreachable host is an error the caller's retry policy handles. */
export async function postToSlack(url: string, body: { text: string }): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`the chat webhook answered HTTP ${res.status}`);
}
