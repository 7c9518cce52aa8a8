import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { testMockKeys as MOCK_WEBHOOK_CREDENTIALS } from "../support/mock-keys.ts";
import { post, uniqueId } from "../support/restate.ts";
import { orderOf, orderRequest, processOrder, product } from "../support/shop.ts";
import { sendgridWebhook, shippoWebhook, stripeRaw, stripeWebhook, trackUpdate } from "../support/webhooks.ts";

async function paidOrder() {
  const sku = await product(5);
  const orderId = uniqueId("ord");
  const answer = await processOrder(orderId, orderRequest([[sku, 1]]));
  expect(answer.status).toBe(200);
  return { orderId, paymentIntentId: answer.body.paymentIntentId as string };
}

const dispute = (orderId: string, paymentIntentId: string) => ({
  id: uniqueId("evt"),
  type: "charge.dispute.created",
  data: { object: { id: uniqueId("dp"), payment_intent: paymentIntentId, amount: 1500, reason: "fraudulent", metadata: { orderId } } },
});

describe("webhook verification", () => {
  it("rejects a Stripe callback with a wrong secret, a stale or future timestamp, a tampered body or no header — changing nothing", async () => {
    const { orderId, paymentIntentId } = await paidOrder();
    const before = await orderOf(orderId);
    const stale = Math.floor(Date.now() / 1000) - 600;
    const future = Math.floor(Date.now() / 1000) + 400;
    const answers = [
      await stripeWebhook(dispute(orderId, paymentIntentId), { secret: "whsec_wrong" }),
      await stripeWebhook(dispute(orderId, paymentIntentId), { timestamp: stale }),
      await stripeWebhook(dispute(orderId, paymentIntentId), { timestamp: future }),
      await stripeWebhook(dispute(orderId, paymentIntentId), { tamper: true }),
      await stripeRaw(JSON.stringify(dispute(orderId, paymentIntentId)), {}),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.map((a) => a.body.message)).toEqual([
      "invalid stripe signature",
      "stripe signature timestamp outside the tolerance",
      "stripe signature timestamp outside the tolerance",
      "invalid stripe signature",
      "missing stripe-signature header",
    ]);
    const after = await orderOf(orderId);
    expect(after.events.filter((e: { type: string }) => e.type.startsWith("webhook_"))).toEqual(
      before.events.filter((e: { type: string }) => e.type.startsWith("webhook_")),
    );
  });

  it("rejects Shippo callbacks without the token or with a wrong one, and SendGrid ones with bad signatures", async () => {
    const body = trackUpdate("TRK-NOBODY", "TRANSIT", new Date().toISOString());
    expect((await shippoWebhook(body, { token: "wrong-token" })).body.message).toBe("invalid shippo webhook token");
    const stale = await shippoWebhook(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    expect(stale.body.message).toBe("shippo signature timestamp outside the tolerance");
    const tooEarly = await shippoWebhook(body, { timestamp: Math.floor(Date.now() / 1000) + 400 });
    expect([tooEarly.status, tooEarly.body.message]).toEqual([401, "shippo signature timestamp outside the tolerance"]);
    const noToken = await post("/WebhookProcessor/shippo", undefined, {
      rawBody: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
    expect(noToken.status).toBe(401);

    const events = [{ event: "delivered", timestamp: 1_700_000_000, sg_message_id: "m-1", orderId: "nobody" }];
    expect((await sendgridWebhook(events, { tamper: true })).status).toBe(401);
    const old = await sendgridWebhook(events, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(old.status).toBe(401);
    expect(old.body.message).toBe("sendgrid signature timestamp outside the tolerance");
    const futureEvent = await sendgridWebhook(events, { timestamp: Math.floor(Date.now() / 1000) + 400 });
    expect([futureEvent.status, futureEvent.body.message]).toEqual([401, "sendgrid signature timestamp outside the tolerance"]);
  });

  it("answers malformed JSON with a valid signature with 400, and unknown event types with 200", async () => {
    const malformed = await stripeRaw("{not json", {});
    expect(malformed.status).toBe(401);
    const payload = "{not json";
    const signed = await stripeRaw(payload, {
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: MOCK_WEBHOOK_CREDENTIALS.stripeWebhookSecret }),
    });
    expect(signed.status).toBe(400);
    expect(signed.body.message).toBe("webhook body is not valid JSON");

    const unknown = await stripeWebhook({ id: uniqueId("evt"), type: "customer.created", data: { object: {} } });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ received: 1, ignored: 1, applied: 0 });
  });
});
