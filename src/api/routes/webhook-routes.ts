import { createRoute, z } from "@hono/zod-openapi";
import { SHIPPO_TOKEN_DIGEST_HEADER, shippoTokenDigest } from "../../providers/webhooks/shippo-token.ts";
import { ApiError, CODE_BY_STATUS } from "../api-errors.ts";
import { errorResponses, jsonAnswer } from "../api-schemas.ts";
import { routes } from "../openapi.ts";
import type { WebhookAnswer, WebhookProvider } from "../restate-client.ts";
import { WebhookReceiptAnswer } from "../shop-schemas.ts";

/** The headers each provider's verification reads; no other header of the request reaches Restate's journal. */
const SIGNATURE_HEADERS: Record<WebhookProvider, string[]> = {
  stripe: ["stripe-signature"],
  shippo: ["x-shippo-token", "shippo-auth-signature"],
  sendgrid: ["x-twilio-email-event-webhook-signature", "x-twilio-email-event-webhook-timestamp"],
};

const HOW: Record<WebhookProvider, string> = {
  stripe: "Register this URL as a Stripe webhook endpoint; its `Stripe-Signature` is checked against STRIPE_WEBHOOK_SECRET.",
  shippo:
    "Register this URL with `?token=<SHIPPO_WEBHOOK_TOKEN>` as Shippo's webhook (Shippo cannot send headers of your choosing); the token " +
    "may also come as an `X-Shippo-Token` header. With SHIPPO_WEBHOOK_SECRET set, `Shippo-Auth-Signature` is checked too.",
  sendgrid: "Register this URL as SendGrid's signed Event Webhook; the ECDSA signature is checked against SENDGRID_WEBHOOK_PUBLIC_KEY.",
};

const callback = (provider: WebhookProvider) =>
  createRoute({
    method: "post",
    path: `/webhooks/${provider}`,
    tags: ["Provider callbacks"],
    summary: `${provider[0]!.toUpperCase()}${provider.slice(1)} events`,
    description:
      `${HOW[provider]} The raw body and the signature headers go unchanged to Restate's WebhookProcessor, which verifies them ` +
      "once, drops duplicates and moves the order on. Its answer is this route's: 2xx accepted, 400 unreadable, 401 not signed by the provider.",
    request: {
      body: {
        required: true,
        content: { "*/*": { schema: z.string().openapi({ format: "binary", description: "the provider's raw body" }) } },
      },
      ...(provider === "shippo"
        ? { query: z.object({ token: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters").optional() }) }
        : {}),
    },
    responses: { 200: jsonAnswer("Accepted: what became of the events", WebhookReceiptAnswer), ...errorResponses(400, 401, 413, 429, 503) },
  });

/** The processor's answer as the contract shapes it: its receipt, or its refusal in the error shape. */
function answerOf(answer: WebhookAnswer): { status: number; receipt: unknown } {
  if (answer.status >= 200 && answer.status < 300) return { status: answer.status, receipt: JSON.parse(answer.body) };
  if (answer.status >= 500) throw new ApiError(503, "unavailable", "the callback could not be processed now; send it again");
  let message = `refused (HTTP ${answer.status})`;
  try {
    const parsed = JSON.parse(answer.body) as { message?: unknown };
    if (typeof parsed.message === "string" && parsed.message.trim()) message = parsed.message;
  } catch {
    // Not JSON: keep the generic message.
  }
  throw new ApiError(answer.status, CODE_BY_STATUS[answer.status] ?? "request_failed", message);
}

export function webhookRoutes() {
  const app = routes();
  for (const provider of ["stripe", "shippo", "sendgrid"] as const) {
    app.openapi(callback(provider), async (c) => {
      const headers: Record<string, string> = { "content-type": c.req.header("content-type") ?? "application/octet-stream" };
      for (const name of SIGNATURE_HEADERS[provider]) {
        const value = c.req.header(name);
        if (value !== undefined) headers[name] = value;
      }
      if (provider === "shippo") {
        // The ingress journals every header it gets: Shippo's token goes on as its SHA-256 only.
        const token = headers["x-shippo-token"] ?? c.req.query("token");
        delete headers["x-shippo-token"];
        if (token !== undefined) headers[SHIPPO_TOKEN_DIGEST_HEADER] = shippoTokenDigest(token);
      }
      const body = new Uint8Array(await c.req.arrayBuffer());
      const { status, receipt } = answerOf(await c.var.deps.restate.webhook(provider, body, headers));
      return c.json(receipt as z.infer<typeof WebhookReceiptAnswer>, status as 200);
    });
  }
  return app;
}
