import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDeployment } from "../../scripts/lib/restate-server.ts";
import { restateLogTransport } from "../../src/platform/logging.ts";
import { loadProviderConfig } from "../../src/providers/provider-config.ts";
import { ProviderHealthRegistry } from "../../src/providers/provider-health.ts";
import { createRealProviders } from "../../src/providers/real.ts";
import { runPolicies } from "../../src/providers/run-policies.ts";
import type { AuthorizeRequest, EmailMessage } from "../../src/providers/types.ts";
import { type FakeProviders, startFakeProviders } from "../fakes/env.ts";
import { adminUrl, post, uniqueId } from "../support/restate.ts";

/**
 * The real clients inside a real `ctx.run` with the run policies: Restate does the retrying, the
 * idempotency key survives it, and an open circuit makes Restate wait rather than fail. The probe
 * service has a unique name, so its deployment cannot shadow any other service.
 */

let fakes: FakeProviders;
let server: http2.Http2Server;
const service = uniqueId("TestProviderRunProbe").replace(/-/g, "_");

beforeAll(async () => {
  fakes = await startFakeProviders({
    PAYMENT_RETRY_INTERVAL_MS: "50",
    PAYMENT_BREAKER_FAILURES: "2",
    PAYMENT_BREAKER_HALF_OPEN_MS: "500",
    EMAIL_MAX_RETRIES: "2",
    EMAIL_RETRY_INTERVAL_MS: "50",
  });
  const config = loadProviderConfig(fakes.env);
  const providers = createRealProviders(config, new ProviderHealthRegistry());
  const policies = runPolicies(config.resilience);
  const probe = restate.service({
    name: service,
    handlers: {
      authorize: async (ctx: Context, request: AuthorizeRequest) =>
        ctx.run("authorize", () => providers.payments.authorize(request), policies.authorize),
      email: async (ctx: Context, message: EmailMessage) => ctx.run("email", () => providers.email.send(message), policies.email),
    },
  });
  server = http2.createServer(restate.endpoint().setLogger(restateLogTransport()).bind(probe).http2Handler());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await registerDeployment(adminUrl(), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fakes.close();
});

const authorizeRequest = (orderId: string, paymentMethod = "pm_card_visa"): AuthorizeRequest => ({
  orderId,
  amount: 2500,
  currency: "EUR",
  paymentMethod,
  customerEmail: "ada@example.com",
  idempotencyKey: `${orderId}:authorize`,
});

describe("provider clients inside ctx.run", () => {
  it("retries through an outage and an open circuit with one idempotency key, ending with one PaymentIntent", async () => {
    fakes.stripe.failNext(2, 503);
    const answer = await post(`/${service}/authorize`, authorizeRequest("run-1"));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: "authorized", amount: 2500, currency: "EUR" });
    // 2 × 503 opened the circuit; the attempt refused by it never reached Stripe; the probe succeeded.
    const posts = fakes.stripe.posts().filter((r) => r.headers["idempotency-key"] === "run-1:authorize");
    expect(posts).toHaveLength(3);
    expect(fakes.stripe.paymentIntents.size).toBe(1);
  });

  it("reports a decline to the caller as 402 without retrying", async () => {
    const answer = await post(`/${service}/authorize`, authorizeRequest("run-2", "pm_card_chargeDeclinedInsufficientFunds"));
    expect(answer.status).toBe(402);
    expect(answer.body.message).toContain("payment declined: card_declined (insufficient_funds)");
    expect(fakes.stripe.posts().filter((r) => r.headers["idempotency-key"] === "run-2:authorize")).toHaveLength(1);
  });

  it("gives up on an email after its retries", async () => {
    fakes.sendgrid.failNext(10, 500);
    const answer = await post(`/${service}/email`, {
      kind: "operator_alert",
      to: "ops@shop.test",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      dedupKey: "run-3:alert",
      templateData: {},
    } satisfies EmailMessage);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(fakes.sendgrid.requests).toHaveLength(3);
    expect(fakes.sendgrid.messages).toHaveLength(0);
  });
});
