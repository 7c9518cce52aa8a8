import { createHash, randomUUID } from "node:crypto";
import { createRoute } from "@hono/zod-openapi";
import * as clients from "@restatedev/restate-sdk-clients";
import type { Context } from "hono";
import { AnalyticsApi } from "../../analytics/analytics-ingress.ts";
import { TrackAnswer, TrackBody } from "../analytics-schemas.ts";
import { errorResponses, IdempotencyHeader, jsonAnswer, jsonBody } from "../api-schemas.ts";
import type { ApiEnv } from "../context.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate-client.ts";

const track = createRoute({
  method: "post",
  path: "/analytics/track",
  tags: ["Catalog"],
  summary: "Report a storefront event for the conversion funnel",
  description: [
    "`product_view`, `product_list_view`, `search` or `cart_view`; no token needed (with one, the event names the customer).",
    "Adding to the cart, checking out, paying and completing an order are recorded by the shop itself and cannot be sent here.",
    "Accepted at once (202) and stored within moments. With an `Idempotency-Key` an event counts once however often it is sent.",
  ].join(" "),
  request: { headers: IdempotencyHeader, body: jsonBody(TrackBody) },
  responses: { 202: jsonAnswer("Accepted", TrackAnswer), ...errorResponses(400, 429, 503) },
});

/**
 * The event's id: from the Idempotency-Key within the caller's own space (an account, else an
 * address), so two clients choosing the same key never drop each other's events; hashed, so the key
 * itself is stored nowhere. Without a key every request is an event of its own.
 */
function eventIdOf(c: Context<ApiEnv>, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `evt_${randomUUID().replace(/-/g, "")}`;
  const space = c.var.principal ? `customer:${c.var.principal.customerId}` : `ip:${c.var.clientIp}`;
  return `evt_${createHash("sha256").update(`${space}\n${idempotencyKey}`).digest("hex").slice(0, 32)}`;
}

/** Storefront analytics: public, sent one way to Restate so a page never waits for its analytics. */
export function analyticsRoutes() {
  const app = routes();

  app.openapi(track, async (c) => {
    const body = c.req.valid("json");
    const eventId = eventIdOf(c, c.req.valid("header")["idempotency-key"]);
    const customerId = c.var.principal?.customerId;
    await call(() =>
      c.var.deps.restate
        .send(AnalyticsApi)
        .track({ eventId, ...body, ...(customerId ? { customerId } : {}) }, clients.rpc.sendOpts({ idempotencyKey: eventId })),
    );
    return c.json({ status: "accepted" as const }, 202);
  });

  return app;
}
