import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionSecret } from "../../src/events/signing.ts";
import { TEST_EVENTS_SIGNING_KEY } from "../support/global-setup.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder, product } from "../support/shop.ts";

interface Received {
  id: string;
  type: string;
  subject: string;
  verified: boolean;
  status: number;
  data: Record<string, unknown>;
}

/**
 * A subscriber on loopback that checks every delivery's Standard Webhooks signature with the secret
 * the API would have shown, and answers as the test tells it to.
 */
async function receiver() {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  let secret = "";
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      let verified = false;
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const payload = JSON.parse(body) as { type: string; data: { subject: string } & Record<string, unknown> };
      const status = answers.get(payload.data.subject)?.shift() ?? 200;
      received.push({
        id: String(req.headers["webhook-id"]),
        type: payload.type,
        subject: payload.data.subject,
        verified,
        status,
        data: payload.data,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    /** Statuses for the next deliveries about this subject, in order; then 200. (Other tests' events pass by.) */
    answerNext: (subject: string, ...statuses: number[]) => answers.set(subject, statuses),
    useSecretOf: (subscriptionId: string) => (secret = subscriptionSecret(TEST_EVENTS_SIGNING_KEY, subscriptionId)),
    about: (subject: string) => received.filter((r) => r.subject === subject),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const subscribe = async (url: string, events: string[]) => {
  const answer = await post("/WebhookSubscriptions/shop/create", { url, events });
  expect(answer.status).toBe(200);
  return answer.body.id as string;
};
const subscription = async (id: string) =>
  ((await post("/WebhookSubscriptions/shop/list")).body as Array<{ id: string }>).find((s) => s.id === id) as any;

describe("domain events to subscribers (Standard Webhooks)", () => {
  let hooks: Awaited<ReturnType<typeof receiver>>;
  const subscriptions: string[] = [];

  beforeAll(async () => {
    hooks = await receiver();
  });

  afterAll(async () => {
    for (const id of subscriptions) await post("/WebhookSubscriptions/shop/remove", { id });
    await hooks.close();
  });

  it("delivers an order's events once each, signed, in the order they happened", async () => {
    const id = await subscribe(hooks.url, ["OrderConfirmed", "OrderPlaced", "OrderShipped", "OrderDelivered"]);
    subscriptions.push(id);
    hooks.useSecretOf(id);
    const sku = await product(5, 2000);
    const orderId = uniqueId("evt");
    expect((await processOrder(orderId, orderRequest([[sku, 1]]))).status).toBe(200);

    const mine = await eventually(
      async () => hooks.about(orderId),
      (r) => r.some((e) => e.type === "OrderDelivered"),
    );
    expect(mine.map((e) => e.type)).toEqual(["OrderConfirmed", "OrderPlaced", "OrderShipped", "OrderDelivered"]);
    expect(mine[0]!.data.items).toEqual([{ sku, quantity: 1 }]);
    expect(mine.every((e) => e.verified)).toBe(true);
    expect(new Set(mine.map((e) => e.id)).size).toBe(mine.length);
    await post("/WebhookSubscriptions/shop/remove", { id });
  });

  it("takes the specifications' event names too, and delivers under the shop's own types", async () => {
    const other = await receiver();
    try {
      const id = await subscribe(other.url, ["payment.processed", "order.shipped", "order.delivered"]);
      subscriptions.push(id);
      other.useSecretOf(id);
      const sku = await product(5, 2000);
      const orderId = uniqueId("evt");
      expect((await processOrder(orderId, orderRequest([[sku, 1]]))).status).toBe(200);
      // One subject's events arrive in order: an unwanted OrderConfirmed would have come first.
      const mine = await eventually(
        async () => other.about(orderId),
        (r) => r.some((e) => e.type === "OrderDelivered"),
      );
      expect(mine.map((e) => e.type)).toEqual(["OrderPlaced", "OrderShipped", "OrderDelivered"]);
      expect(mine.every((e) => e.verified)).toBe(true);
      await post("/WebhookSubscriptions/shop/remove", { id });
    } finally {
      await other.close();
    }
  });

  it("retries a subscriber that fails three times, then logs the delivery", async () => {
    const id = await subscribe(hooks.url, ["StockUpdated"]);
    subscriptions.push(id);
    hooks.useSecretOf(id);
    const sku = await product(0, 100);
    hooks.answerNext(sku, 500, 503, 500);
    await post(`/InventoryItem/${sku}/restock`, { quantity: 7, reference: `${sku}-r1` });

    const attempts = await eventually(
      async () => hooks.about(sku),
      (r) => r.some((e) => e.status === 200),
    );
    expect(attempts.map((a) => a.status)).toEqual([500, 503, 500, 200]);
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1);
    // The subscription's log (other tests' restocks are delivered to it too, so only what must hold).
    const log = await eventually(
      () => subscription(id),
      (s) => s.deliveries.succeeded >= 1,
    );
    expect(log.deliveries).toMatchObject({ failed: 0, lastAttempt: { type: "StockUpdated", status: expect.any(Number) } });
    await post("/WebhookSubscriptions/shop/remove", { id });
  });

  it("disables a subscriber that answers 410 Gone", async () => {
    const id = await subscribe(hooks.url, ["StockUpdated"]);
    subscriptions.push(id);
    hooks.useSecretOf(id);
    const sku = await product(0, 100);
    hooks.answerNext(sku, 410);
    await post(`/InventoryItem/${sku}/restock`, { quantity: 1 });
    const disabled = await eventually(
      () => subscription(id),
      (s) => s.disabled !== undefined,
    );
    expect(disabled.disabled.reason).toMatch(/410 Gone/);
    await post(`/InventoryItem/${sku}/restock`, { quantity: 1 });
    await post(`/InventoryItem/${sku}/restock`, { quantity: 1 });
    // Deliveries already queued stop at their next attempt; nothing new is sent.
    expect(hooks.about(sku)).toHaveLength(1);
  });

  it("refuses a subscription without a usable URL or event type, naming the field", async () => {
    const noUrl = await post("/WebhookSubscriptions/shop/create", { url: "ftp://example.com", events: ["OrderPlaced"] });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.message).toContain("url");
    const badEvent = await post("/WebhookSubscriptions/shop/create", { url: hooks.url, events: ["OrderExploded"] });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.message).toContain("events");
  });
});
