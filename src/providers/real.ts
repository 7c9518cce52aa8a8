import type { ProviderConfig } from "./provider-config.ts";
import { createRedactor } from "./provider-errors.ts";
import { type ProviderHealthRegistry, providerHealth } from "./provider-health.ts";
import { createGuard } from "./resilience.ts";
import { classifySendgridError, createSendgridEmail } from "./sendgrid-email.ts";
import { classifyShippoError, createShippoShipping } from "./shippo-shipping.ts";
import { classifyStripeError, createStripeGateway } from "./stripe-gateway.ts";
import { classifyTwilioError, createTwilioSms, noSms } from "./twilio-sms.ts";
import type { Providers } from "./types.ts";

/**
 * Stripe, Shippo and SendGrid behind the provider interfaces, each call guarded by a timeout and
 * (where configured) a circuit breaker whose state the registry reports to operators.
 */
export function createRealProviders(config: ProviderConfig, health: ProviderHealthRegistry = providerHealth): Providers {
  const redact = createRedactor([
    config.stripe.secretKey,
    config.stripe.webhookSecret,
    config.shippo.apiKey,
    config.shippo.webhookToken,
    ...(config.shippo.webhookSecret ? [config.shippo.webhookSecret] : []),
    config.sendgrid.apiKey,
    ...(config.twilio ? [config.twilio.authToken] : []),
  ]);
  const { payment, shipping, email, sms } = config.resilience;
  return {
    payments: createStripeGateway(
      config.stripe,
      payment.timeoutMs,
      createGuard({ provider: "stripe", resilience: payment, health: health.register("stripe"), classify: classifyStripeError, redact }),
    ),
    shipping: createShippoShipping(
      config.shippo,
      shipping.timeoutMs,
      createGuard({ provider: "shippo", resilience: shipping, health: health.register("shippo"), classify: classifyShippoError, redact }),
    ),
    email: createSendgridEmail(
      config.sendgrid,
      email.timeoutMs,
      createGuard({
        provider: "sendgrid",
        resilience: email,
        health: health.register("sendgrid"),
        classify: classifySendgridError,
        redact,
      }),
    ),
    sms: config.twilio
      ? createTwilioSms(
          config.twilio,
          sms.timeoutMs,
          createGuard({ provider: "twilio", resilience: sms, health: health.register("twilio"), classify: classifyTwilioError, redact }),
        )
      : noSms,
  };
}
