import type { Context } from "@restatedev/restate-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadProviderConfig } from "../../src/providers/provider-config.ts";
import { ProviderHealth, providerHealthStatus } from "../../src/providers/provider-health-service.ts";
import { createRealProviders } from "../../src/providers/real.ts";
import { fakeProviderEnv } from "../fakes/env.ts";
import { type FakeStripe, startFakeStripe } from "../fakes/fake-stripe.ts";
import { realProviders, rejection } from "./support.ts";

let fake: FakeStripe;
beforeEach(async () => {
  fake = await startFakeStripe();
});
afterEach(async () => {
  await fake.close();
});

const authorize = (providers: ReturnType<typeof realProviders>["providers"], paymentMethod = "pm_card_visa") =>
  providers.payments.authorize({
    orderId: "h-1",
    amount: 100,
    currency: "USD",
    paymentMethod,
    customerEmail: "a@b.test",
    idempotencyKey: `h-1:${paymentMethod}`,
  });

describe("provider health", () => {
  it("reports per provider: breaker state, counters and the latest failures, as plain JSON", async () => {
    const { providers, health } = realProviders({ stripe: fake.url }, { PAYMENT_BREAKER_FAILURES: "2" });
    await authorize(providers);
    await rejection(authorize(providers, "pm_card_chargeDeclined"));
    fake.failNext(2, 503);
    await rejection(authorize(providers));
    await rejection(authorize(providers));
    await rejection(authorize(providers));

    const snapshot = health.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.instance).toMatch(/:\d+$/);
    expect(snapshot.providers.map((p) => [p.provider, p.breaker])).toEqual([
      ["stripe", "open"],
      ["shippo", "closed"],
      ["sendgrid", "disabled"],
    ]);
    const stripe = snapshot.providers[0]!;
    expect(stripe).toMatchObject({ calls: 5, successes: 1, terminal: 1, failures: 2, rejected: 1 });
    expect(Date.parse(stripe.probeAfter!) - Date.parse(stripe.openedAt!)).toBe(30_000);
    expect(stripe.recentFailures.map((f) => [f.operation, f.kind])).toEqual([
      ["authorize", "unavailable"],
      ["authorize", "unavailable"],
      ["authorize", "circuit-open"],
    ]);
  });

  it("is served by the ProviderHealth service, read inside ctx.run", async () => {
    // No registry passed: the process-wide one, which is what the service reads.
    await authorize(createRealProviders(loadProviderConfig(fakeProviderEnv({ stripe: fake.url }))));
    const runs: string[] = [];
    const ctx = {
      run: async (name: string, action: () => unknown) => {
        runs.push(name);
        return action();
      },
    } as unknown as Context;

    const status = await providerHealthStatus(ctx);
    expect(runs).toEqual(["provider health snapshot"]);
    expect(status.providers.find((p) => p.provider === "stripe")).toMatchObject({ breaker: "closed", successes: 1 });
    expect(ProviderHealth.name).toBe("ProviderHealth");
  });
});
