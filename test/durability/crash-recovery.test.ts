import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileLedger } from "../../mocks/ledger.ts";
import { type EndpointProcess, endpointProcess } from "../../scripts/lib/endpoint-process.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { testMockKeys as MOCK_WEBHOOK_CREDENTIALS } from "../support/mock-keys.ts";
import { ownRestateServer } from "../support/own-server.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { address, customer } from "../support/shop.ts";

describe("crash recovery (own restate-server, endpoint in its own process)", () => {
  let server: Awaited<ReturnType<typeof ownRestateServer>>;
  let endpoint: EndpointProcess;
  const dir = mkdtempSync(path.join(tmpdir(), "commerce-crash-"));
  const ledgerFile = path.join(dir, "ledger.sqlite");
  const call = (p: string, body?: unknown) => post(p, body, { url: server.ingressUrl });
  const ops = (orderId: string) =>
    fileLedger(ledgerFile)
      .find({ orderId })
      .map((e) => e.op);

  beforeAll(async () => {
    server = await ownRestateServer();
    const env = {
      MOCK_MODE: "true",
      MOCK_LEDGER_FILE: ledgerFile,
      // Each provider call takes a while, so the kill lands between two steps of the saga.
      MOCK_LATENCY_MS: "300",
      MOCK_WEBHOOKS: "false",
      RESTATE_INGRESS_URL: server.ingressUrl,
      LOG_LEVEL: "warn",
    };
    endpoint = endpointProcess({ port: await freePort(), env, logFile: path.join(dir, "endpoint.log") });
    await endpoint.start();
    await server.register(endpoint.url);
    await call("/InventoryItem/SKU-CRASH/upsert", { name: "Crash-test dummy", price: 2500 });
    await call("/InventoryItem/SKU-CRASH/restock", { quantity: 10 });
  });

  afterAll(async () => {
    await endpoint?.kill();
    await server?.dispose();
  });

  it("completes an order whose endpoint died right after the authorization: one authorization, one capture", async () => {
    const orderId = uniqueId("crash");
    const running = call(`/OrderOrchestrator/${orderId}/processOrder`, {
      items: [{ sku: "SKU-CRASH", quantity: 2 }],
      customer,
      shipping: address,
      paymentMethod: "pm_card_visa",
    });
    const deadline = Date.now() + 15_000;
    while (!ops(orderId).includes("authorize")) {
      if (Date.now() > deadline) throw new Error("the authorization never happened");
      await new Promise((r) => setTimeout(r, 20));
    }
    await endpoint.kill("SIGKILL");
    expect(ops(orderId)).not.toContain("capture");

    await endpoint.start();
    const answer = await running;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ orderId, status: "processing", paymentStatus: "captured", subtotal: 5000, total: 5000 + 695 });
    const done = ops(orderId);
    expect(done.filter((op) => op === "authorize")).toHaveLength(1);
    expect(done.filter((op) => op === "capture")).toHaveLength(1);
    expect(done.filter((op) => op === "label")).toHaveLength(1);
    expect((await call("/InventoryItem/SKU-CRASH/get")).body).toMatchObject({ onHand: 8, reserved: 0 });
  });

  it("applies a webhook event once even when it is redelivered after a restart of the restate-server", async () => {
    const orderId = uniqueId("redeliver");
    const placed = await call(`/OrderOrchestrator/${orderId}/processOrder`, {
      items: [{ sku: "SKU-CRASH", quantity: 1 }],
      customer,
      shipping: address,
    });
    expect(placed.status).toBe(200);
    const event = {
      id: uniqueId("evt"),
      type: "charge.dispute.created",
      data: { object: { id: "dp_1", payment_intent: placed.body.paymentIntentId, metadata: { orderId } } },
    };
    const deliver = () => {
      const payload = JSON.stringify(event);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: MOCK_WEBHOOK_CREDENTIALS.stripeWebhookSecret });
      return post("/WebhookProcessor/stripe", undefined, {
        url: server.ingressUrl,
        rawBody: payload,
        headers: { "content-type": "application/json", "stripe-signature": signature },
      });
    };
    const first = await Promise.all(Array.from({ length: 5 }, deliver));
    expect(first.map((a) => a.body.applied).reduce((a, b) => a + b, 0)).toBe(1);

    await server.restart();
    // Just after a start the ingress may answer 404 until it knows the services (Restate's RT0018);
    // Stripe would deliver again, and so does this.
    const again = await eventually(deliver, (a) => a.status !== 404, 10_000);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: 1, applied: 0 });
    // The event reaches the order one way; it may queue behind the order's own confirmation email.
    const order = (
      await eventually(
        () => call(`/OrderOrchestrator/${orderId}/getOrder`),
        (r) => r.body.events.some((e: { type: string }) => e.type === "webhook_dispute_opened"),
      )
    ).body;
    expect(order.events.filter((e: { type: string }) => e.type === "webhook_dispute_opened")).toHaveLength(1);
  });
});
