import http from "node:http";
import { describe, expect, it } from "vitest";
import { ingressUrl, sql, uniqueId } from "../support/restate.ts";
import { product } from "../support/shop.ts";
import { sendgridWebhook } from "../support/webhooks.ts";

/** restate.toml's `[ingress] request-size-limit`. */
const LIMIT = 1024 * 1024;

/**
 * A large POST announced with `Expect: 100-continue`, as curl sends one, so the ingress can refuse
 * it on its declared length instead of resetting a half-sent upload.
 */
function postLarge(path: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${ingressUrl()}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": body.length, expect: "100-continue" },
      timeout: 30_000,
    });
    request.on("continue", () => request.end(body));
    request.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer to a ${body.length}-byte body`)));
    request.on("error", reject);
    request.flushHeaders();
  });
}

const invocationsOf = (target: string) => sql(`SELECT id, status FROM sys_invocation WHERE target = '${target}'`);

describe("ingress request size limit (restate.toml)", () => {
  it("accepts the largest legitimate body: a SendGrid event batch at its 768 KB cap, plus the event that crossed it", async () => {
    // SendGrid posts a batch every 30 s or once it reaches 768 kilobytes, whichever comes first.
    const events: object[] = [];
    let size = 2;
    for (let i = 0; size <= 768 * 1024; i++) {
      const event = {
        email: `customer-${i}@example.com`,
        timestamp: Math.floor(Date.now() / 1000),
        event: "group_unsubscribe",
        asm_group_id: 42,
        sg_event_id: uniqueId("sge"),
        sg_message_id: `${uniqueId("msg")}.filter0001.16648.5515E0B88.0`,
        useragent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        ip: "203.0.113.7",
        url: `https://shop.example.com/unsubscribe?token=${"t".repeat(200)}`,
      };
      events.push(event);
      size += JSON.stringify(event).length + 1;
    }
    expect(size).toBeGreaterThan(768 * 1024);
    expect(size).toBeLessThan(LIMIT);
    const answer = await sendgridWebhook(events);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: events.length, ignored: events.length });
  });

  it("refuses a body above the limit with 413 before any invocation exists, for a handler and for a webhook", async () => {
    const sku = await product(0);
    for (const bytes of [LIMIT + 1, 10 * 1024 * 1024]) {
      const restock = await postLarge(
        `/InventoryItem/${sku}/restock`,
        Buffer.from(JSON.stringify({ quantity: 1, reference: "r".repeat(bytes) })),
      );
      expect(restock.status, `${bytes} bytes`).toBe(413);
      const webhook = await postLarge(
        "/WebhookProcessor/sendgrid",
        Buffer.from(JSON.stringify([{ event: "open", pad: "p".repeat(bytes) }])),
      );
      expect(webhook.status, `${bytes} bytes`).toBe(413);
    }
    expect(await invocationsOf(`InventoryItem/${sku}/restock`)).toEqual([]);
  });
});
