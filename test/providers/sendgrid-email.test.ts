import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/providers/types.ts";
import { TEST_PROVIDER_SECRETS } from "../fakes/env.ts";
import { type FakeSendgrid, startFakeSendgrid } from "../fakes/fake-sendgrid.ts";
import { jsonOf } from "../fakes/fake-server.ts";
import { expectRetryable, expectTerminal, realProviders, rejection, retryAfterOf } from "./support.ts";

let fake: FakeSendgrid;
beforeEach(async () => {
  fake = await startFakeSendgrid();
});
afterEach(async () => {
  await fake.close();
});

const email = (overrides: Record<string, string> = {}) => realProviders({ sendgrid: fake.url }, overrides);

const message = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  kind: "order_confirmation",
  to: "ada@example.com",
  subject: "Your order o-1",
  text: "Thanks for your order.",
  html: "<p>Thanks for your order.</p>",
  dedupKey: "o-1:order_confirmation",
  orderId: "o-1",
  templateData: { orderId: "o-1", total: "$50.00" },
  ...overrides,
});

describe("SendGrid email", () => {
  it("sends from EMAIL_FROM with custom args and the kind as category, and returns the message id", async () => {
    const { providers } = email();
    expect(await providers.email.send(message())).toEqual({ messageId: "fake-msg-1" });

    const [request] = fake.requests;
    expect(request?.path).toBe("/v3/mail/send");
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_PROVIDER_SECRETS.SENDGRID_API_KEY}`);
    const body = jsonOf(request!);
    expect(body).toMatchObject({
      from: { email: "orders@shop.test" },
      personalizations: [
        {
          to: [{ email: "ada@example.com" }],
          custom_args: { orderId: "o-1", dedupKey: "o-1:order_confirmation", kind: "order_confirmation" },
        },
      ],
      subject: "Your order o-1",
      content: [
        { type: "text/plain", value: "Thanks for your order." },
        { type: "text/html", value: "<p>Thanks for your order.</p>" },
      ],
      categories: ["order_confirmation"],
      mail_settings: { sandbox_mode: { enable: false } },
    });
    expect(body).not.toHaveProperty("template_id");
    expect(body).not.toHaveProperty("custom_args");
  });

  it("gives every copy of an email one Message-ID, derived from its dedup key, so a resend after a crash collapses", async () => {
    const { providers } = email();
    // A crash between SendGrid's 202 and the journal entry makes ctx.run send the same message again.
    await providers.email.send(message());
    await providers.email.send(message());
    await providers.email.send(message({ kind: "refund", dedupKey: "o-1:refund:1" }));

    const ids = fake.messages.map((m) => m.body.headers?.["Message-ID"]);
    expect(ids[0]).toMatch(/^<[A-Za-z0-9_-]{32}@shop\.test>$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).toMatch(/@shop\.test>$/);
    expect(ids[2]).not.toBe(ids[0]);
    // The provider's own ids differ per copy; the event webhook is matched on the custom args.
    expect(new Set(fake.messages.map((m) => m.messageId)).size).toBe(3);
    expect(fake.messages[2]!.body.personalizations[0].custom_args).toEqual({ orderId: "o-1", dedupKey: "o-1:refund:1", kind: "refund" });
  });

  it("uses the dynamic template configured for the kind, and sandbox mode when asked", async () => {
    const { providers } = email({
      SENDGRID_TEMPLATE_SHIPPING_NOTIFICATION: "d-5hipped",
      SENDGRID_SANDBOX_MODE: "true",
      EMAIL_FROM_NAME: "Shop",
    });
    const receipt = await providers.email.send(
      message({ kind: "shipping_notification", dedupKey: "o-1:shipping_notification", orderId: undefined }),
    );
    expect(receipt.messageId).toBe("fake-msg-1");
    expect(fake.messages[0]?.sandbox).toBe(true);
    const body = fake.messages[0]!.body;
    expect(body).toMatchObject({
      template_id: "d-5hipped",
      from: { email: "orders@shop.test", name: "Shop" },
      personalizations: [
        {
          dynamic_template_data: { orderId: "o-1", total: "$50.00" },
          custom_args: { dedupKey: "o-1:shipping_notification", kind: "shipping_notification" },
        },
      ],
      mail_settings: { sandbox_mode: { enable: true } },
    });
    expect(body.personalizations[0].custom_args).not.toHaveProperty("orderId");
    expect(body).not.toHaveProperty("content");
  });

  it("maps a rejected message to terminal 422 with SendGrid's reasons", async () => {
    const { providers } = email();
    const error = await rejection(providers.email.send(message({ to: "not-an-address" })));
    // The Mail Send document refuses the address before SendGrid's own rules would (test/contracts).
    expectTerminal(error, 422, /^sendgrid rejected email: .*personalizations\/0\/to\/0\/email: must match format "email"/);
    expect(fake.takeViolations()).toEqual(['POST /v3/mail/send body/personalizations/0/to/0/email: must match format "email"']);

    fake.failNext(1, 400, { body: { errors: [{ message: "Does not contain a valid address.", field: "personalizations.0.to.0.email" }] } });
    expectTerminal(
      await rejection(providers.email.send(message())),
      422,
      "sendgrid rejected email: personalizations.0.to.0.email: Does not contain a valid address.",
    );
  });

  it("treats 5xx, 429 (with its reset time), bad credentials and timeouts as retryable", async () => {
    const { providers } = email({ EMAIL_CALL_TIMEOUT_MS: "200" });
    fake.failNext(1, 502);
    expectRetryable(await rejection(providers.email.send(message())), /HTTP 502/);

    fake.failNext(1, 429, { headers: { "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 30) } });
    const limited = await rejection(providers.email.send(message()));
    expect(retryAfterOf(limited)).toBeGreaterThan(25_000);

    fake.failNext(1, 401);
    expectRetryable(await rejection(providers.email.send(message())), /check SENDGRID_API_KEY/);

    fake.stallNext(1);
    expectRetryable(await rejection(providers.email.send(message())), /sendgrid email timed out after 200 ms/);
    expect(fake.messages).toHaveLength(0);
  });

  it("has no circuit breaker by default: every attempt reaches SendGrid", async () => {
    const { providers, status } = email();
    fake.failNext(8, 503);
    for (let i = 0; i < 8; i++) expectRetryable(await rejection(providers.email.send(message())), /HTTP 503/);
    expect(fake.requests).toHaveLength(8);
    expect(await providers.email.send(message())).toEqual({ messageId: "fake-msg-1" });
    expect(status("sendgrid")).toMatchObject({ breaker: "disabled", failures: 8, successes: 1 });
  });

  it("keeps the API key out of errors even when a connection fails", async () => {
    const { providers } = realProviders({ sendgrid: "http://127.0.0.1:1/" });
    const error = await rejection(providers.email.send(message()));
    expectRetryable(error, /sendgrid email failed: ECONNREFUSED/);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(TEST_PROVIDER_SECRETS.SENDGRID_API_KEY);
  });
});
