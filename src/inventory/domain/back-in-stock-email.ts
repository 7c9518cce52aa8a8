import { escapeHtml } from "../../platform/domain/email-text.ts";
import type { EmailMessage } from "../../providers/types.ts";
import type { BackInStock, Wisher } from "./back-in-stock.ts";

/** One wishlisted product back in stock, to one customer, once per restock. */
export function backInStockEmail(wisher: Wisher, sku: string, restock: BackInStock, shopName: string): EmailMessage {
  const paragraphs = [
    `${restock.name}, on your wishlist at ${shopName}, is back in stock.`,
    "Stock is first come, first served: order soon if you want it. You can remove it from your wishlist in your account.",
  ];
  return {
    kind: "back_in_stock",
    to: wisher.email,
    subject: `${restock.name} is back in stock`,
    text: [`Hello ${wisher.name},`, "", ...paragraphs].join("\n"),
    html: [`<p>Hello ${escapeHtml(wisher.name)},</p>`, ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)].join("\n"),
    dedupKey: `${sku}:${restock.restockId}:back_in_stock:${wisher.customerId}`,
    templateData: { customerName: wisher.name, productName: restock.name, sku, slug: restock.slug ?? "" },
  };
}
