import { TerminalError } from "@restatedev/restate-sdk";
import { endpointMetrics, type ProviderOutcome } from "../platform/metrics/endpoint-metrics.ts";
import { isCircuitOpen, type ProviderName } from "./provider-errors.ts";
import type { Providers } from "./types.ts";

/**
 * Which provider each interface stands for: the real clients are these, and in mock mode the mocks
 * stand in for them under the same names.
 */
const NAMES: Record<keyof Providers, ProviderName> = { payments: "stripe", shipping: "shippo", email: "sendgrid", sms: "twilio" };

function outcomeOf(error: unknown): ProviderOutcome {
  if (error instanceof TerminalError) return "refused";
  return isCircuitOpen(error) ? "circuit_open" : "failed";
}

/** Every method of one provider, timed and counted by outcome. */
function timed<T extends object>(client: T, provider: ProviderName): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || typeof property !== "string") return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        const seconds = () => (performance.now() - started) / 1000;
        try {
          const result: unknown = await value.apply(target, args);
          endpointMetrics.providerCall(provider, property, "success", seconds());
          return result;
        } catch (error) {
          endpointMetrics.providerCall(provider, property, outcomeOf(error), seconds());
          throw error;
        }
      };
    },
  });
}

/**
 * The providers with each call measured. Handlers call providers only inside `ctx.run` (see
 * test/providers/in-ctx-run.test.ts), so what is counted here are attempts that really reached the
 * provider (or its open circuit), never a replay of a journaled answer.
 */
export function instrumented(providers: Providers): Providers {
  return {
    payments: timed(providers.payments, NAMES.payments),
    shipping: timed(providers.shipping, NAMES.shipping),
    email: timed(providers.email, NAMES.email),
    sms: timed(providers.sms, NAMES.sms),
  };
}
