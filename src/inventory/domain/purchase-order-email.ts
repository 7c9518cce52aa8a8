import { escapeHtml } from "../../platform/domain/email-text.ts";
import type { EmailMessage } from "../../providers/types.ts";
import type { PurchaseOrder } from "./replenishment.ts";

/** What the supplier receives when an admin approves a purchase order. */
export function purchaseOrderEmail(po: PurchaseOrder, shopName: string): EmailMessage {
  const lines = po.lines.map((l) => `${l.ordered} × ${l.name} (${l.sku})`);
  const text = [
    `Hello,`,
    "",
    `${shopName} orders the following (purchase order ${po.id}):`,
    "",
    ...lines,
    "",
    "Please quote this number on the delivery note.",
  ].join("\n");
  return {
    kind: "purchase_order",
    to: po.supplier,
    subject: `Purchase order ${po.id}`,
    text,
    html: `<p>Hello,</p><p>${escapeHtml(shopName)} orders the following (purchase order ${escapeHtml(po.id)}):</p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul><p>Please quote this number on the delivery note.</p>`,
    dedupKey: `${po.id}:purchase_order`,
    templateData: { purchaseOrderId: po.id, lines: lines.join("; ") },
  };
}
