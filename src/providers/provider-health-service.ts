import type { Context } from "@restatedev/restate-sdk";
import * as restate from "@restatedev/restate-sdk";
import { HealthSnapshot, providerHealth } from "./provider-health.ts";

/**
 * The numbers live in the endpoint process that serves the call (each replica has its own
 * breakers), so they are read inside `ctx.run`: a replay returns what was seen, not what another
 * replica sees now.
 */
export const providerHealthStatus = (ctx: Context): Promise<HealthSnapshot> =>
  ctx.run("provider health snapshot", () => providerHealth.snapshot());

/** Operators' view of the real providers: breaker states and recent failures. */
export const ProviderHealth = restate.service({
  name: "ProviderHealth",
  description: "Circuit-breaker states and recent failures of Stripe, Shippo and SendGrid in the serving endpoint process.",
  handlers: {
    status: restate.handlers.handler(
      {
        input: restate.serde.empty,
        output: restate.serde.schema(HealthSnapshot),
        description: "Snapshot of provider health in this endpoint process; empty when MOCK_MODE serves the providers.",
      },
      async (ctx: Context) => providerHealthStatus(ctx),
    ),
  },
});
