import { describe, expect, it } from "vitest";
import { loadProviderConfig, loadResilienceConfig } from "../../src/providers/provider-config.ts";
import { fakeProviderEnv, TEST_PROVIDER_SECRETS } from "../fakes/env.ts";

const messageOf = (env: Record<string, string | undefined>) => {
  try {
    loadProviderConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the configuration to be rejected");
};

describe("loadProviderConfig", () => {
  it("reads a complete environment and applies the resilience defaults", () => {
    const config = loadProviderConfig(fakeProviderEnv({}));
    expect(config.stripe).toEqual({
      secretKey: TEST_PROVIDER_SECRETS.STRIPE_SECRET_KEY,
      webhookSecret: TEST_PROVIDER_SECRETS.STRIPE_WEBHOOK_SECRET,
      endpoint: null,
    });
    expect(config.shippo).toMatchObject({
      apiBase: null,
      labelFileType: "PDF_4x6",
      rates: { standard: "cheapest", express: "fastest" },
      shipFrom: { name: "Test Shop", street: "1 Warehouse Way", city: "San Francisco", state: "CA", zip: "94107", country: "US" },
      parcelCm: { length: 30, width: 20, height: 10 },
    });
    expect(config.sendgrid).toMatchObject({
      sandboxMode: false,
      from: { email: "orders@shop.test" },
      operatorEmail: "ops@shop.test",
      templates: {},
    });
    expect(config.resilience).toEqual({
      payment: {
        timeoutMs: 30_000,
        maxRetries: 3,
        backoff: "exponential",
        retryIntervalMs: 1_000,
        breaker: { failures: 5, windowMs: 60_000, halfOpenAfterMs: 30_000 },
      },
      shipping: {
        timeoutMs: 15_000,
        maxRetries: 2,
        backoff: "exponential",
        retryIntervalMs: 1_000,
        breaker: { failures: 10, windowMs: 300_000, halfOpenAfterMs: 60_000 },
      },
      email: { timeoutMs: 10_000, maxRetries: 3, backoff: "linear", retryIntervalMs: 2_000, breaker: null },
      sms: {
        timeoutMs: 10_000,
        maxRetries: 3,
        backoff: "linear",
        retryIntervalMs: 2_000,
        breaker: { failures: 5, windowMs: 60_000, halfOpenAfterMs: 30_000 },
      },
      settle: { maxRetryDurationMs: 6 * 24 * 3_600_000, maxRetryIntervalMs: 300_000 },
    });
  });

  it("turns base-URL overrides into client settings and reads the optional knobs", () => {
    const config = loadProviderConfig(
      fakeProviderEnv(
        { stripe: "http://127.0.0.1:4242", shippo: "http://127.0.0.1:4343", sendgrid: "http://127.0.0.1:4444/" },
        {
          SENDGRID_SANDBOX_MODE: "true",
          EMAIL_FROM_NAME: "Shop",
          EMAIL_BREAKER_FAILURES: "4",
          SHIPPING_RATE_EXPRESS: "bestvalue",
          SHIP_PARCEL_DIMENSIONS_CM: "40x30x12.5",
          SENDGRID_TEMPLATE_ORDER_CONFIRMATION: "d-0123abcd",
          SENDGRID_TEMPLATE_REFUND: "",
        },
      ),
    );
    expect(config.stripe.endpoint).toEqual({ host: "127.0.0.1", port: 4242, protocol: "http" });
    expect(config.shippo.apiBase).toBe("http://127.0.0.1:4343");
    expect(config.shippo.rates.express).toBe("bestvalue");
    expect(config.shippo.parcelCm).toEqual({ length: 40, width: 30, height: 12.5 });
    expect(config.sendgrid).toMatchObject({
      apiBase: "http://127.0.0.1:4444/",
      sandboxMode: true,
      from: { email: "orders@shop.test", name: "Shop" },
    });
    expect(config.sendgrid.templates).toEqual({ order_confirmation: "d-0123abcd" });
    expect(config.resilience.email.breaker).toEqual({ failures: 4, windowMs: 60_000, halfOpenAfterMs: 30_000 });
  });

  it("takes Twilio's three settings together for SMS, or none (SMS off), and refuses one alone", () => {
    expect(loadProviderConfig(fakeProviderEnv({})).twilio).toBeNull();
    const twilio = { TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`, TWILIO_AUTH_TOKEN: "t".repeat(32), TWILIO_FROM: "+15550001111" };
    expect(loadProviderConfig(fakeProviderEnv({}, twilio)).twilio).toEqual({
      accountSid: twilio.TWILIO_ACCOUNT_SID,
      authToken: twilio.TWILIO_AUTH_TOKEN,
      from: "+15550001111",
    });
    expect(() => loadProviderConfig(fakeProviderEnv({}, { TWILIO_FROM: "+15550001111" }))).toThrow(
      /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together/,
    );
    expect(() => loadProviderConfig(fakeProviderEnv({}, { ...twilio, TWILIO_FROM: "5550001111" }))).toThrow(
      /TWILIO_FROM must be a sending number/,
    );
  });

  it("names every missing variable in one error", () => {
    const message = messageOf({});
    for (const name of [
      "STRIPE_SECRET_KEY",
      "STRIPE_WEBHOOK_SECRET",
      "SHIPPO_API_KEY",
      "SHIPPO_WEBHOOK_TOKEN",
      "SENDGRID_API_KEY",
      "SENDGRID_WEBHOOK_PUBLIC_KEY",
      "EMAIL_FROM",
      "OPERATOR_EMAIL",
      "SHIP_FROM_NAME",
      "SHIP_FROM_STREET",
      "SHIP_FROM_CITY",
      "SHIP_FROM_STATE",
      "SHIP_FROM_ZIP",
    ]) {
      expect(message).toContain(`${name} is required`);
    }
    expect(message).not.toContain("SHIPPO_WEBHOOK_SECRET");
    expect(message).not.toContain("SHIP_FROM_COUNTRY");
  });

  it("names each malformed variable without echoing any value", () => {
    const secrets = {
      STRIPE_SECRET_KEY: "pk_live_PublishableNotSecret123",
      STRIPE_WEBHOOK_SECRET: "not-a-whsec-value-4711",
      SHIPPO_API_KEY: "ShippoToken raw-token-value-4711",
      SENDGRID_API_KEY: "sendgrid-key-without-prefix-4711",
      SHIPPO_WEBHOOK_TOKEN: "short",
    };
    const message = messageOf(
      fakeProviderEnv(
        {},
        {
          ...secrets,
          SENDGRID_WEBHOOK_PUBLIC_KEY: Buffer.from("not a key").toString("base64"),
          STRIPE_API_BASE: "http://127.0.0.1:4242/v1",
          PAYMENT_CALL_TIMEOUT_MS: "soon",
          SHIPPING_MAX_RETRIES: "-1",
          EMAIL_RETRY_BACKOFF: "fibonacci",
          SENDGRID_SANDBOX_MODE: "perhaps",
          SHIPPING_RATE_STANDARD: "slowest",
          SHIP_FROM_COUNTRY: "USA",
          OPERATOR_EMAIL: "ops-at-shop",
          SENDGRID_TEMPLATE_REFUND: "template-7",
          SENDGRID_TEMPLATE_ORDER_SHIPPED: "d-123",
        },
      ),
    );
    for (const name of [
      ...Object.keys(secrets),
      "SENDGRID_WEBHOOK_PUBLIC_KEY",
      "STRIPE_API_BASE",
      "PAYMENT_CALL_TIMEOUT_MS",
      "SHIPPING_MAX_RETRIES",
      "EMAIL_RETRY_BACKOFF",
      "SENDGRID_SANDBOX_MODE",
      "SHIPPING_RATE_STANDARD",
      "SHIP_FROM_COUNTRY",
      "OPERATOR_EMAIL",
      "SENDGRID_TEMPLATE_REFUND",
      "SENDGRID_TEMPLATE_ORDER_SHIPPED",
    ]) {
      expect(message).toContain(name);
    }
    for (const value of Object.values(secrets)) expect(message).not.toContain(value);
    expect(message).not.toContain("4711");
  });

  it("reads the resilience knobs alone, without any provider secret", () => {
    expect(loadResilienceConfig({})).toEqual(loadProviderConfig(fakeProviderEnv({})).resilience);
    expect(loadResilienceConfig({ SHIPPING_CALL_TIMEOUT_MS: "500" }).shipping.timeoutMs).toBe(500);
    expect(() => loadResilienceConfig({ SHIPPING_CALL_TIMEOUT_MS: "5", EMAIL_MAX_RETRIES: "many" })).toThrow(
      "invalid provider configuration: SHIPPING_CALL_TIMEOUT_MS must be at least 100; EMAIL_MAX_RETRIES must be a whole number",
    );
  });
});
