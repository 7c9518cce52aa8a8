import { createRoute, z } from "@hono/zod-openapi";
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";
import { SmsNumbersApi, SmsSubscriptionApi } from "../../customers/customers-ingress.ts";
import { keywordOf, PhoneNumber, SmsSettings, SmsSettingsInput } from "../../customers/domain/sms.ts";
import { ApiError, notFound } from "../api-errors.ts";
import { BEARER, errorResponses, jsonAnswer, jsonBody } from "../api-schemas.ts";
import { principalOf, requireAuth } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate-client.ts";

const Settings = z.object(SmsSettings.shape).openapi("SmsSettings");
const SettingsBody = z
  .strictObject(SmsSettingsInput.shape)
  .openapi("SmsSettingsRequest", { example: { phone: "+15551234567", optIn: true } });

const get = createRoute({
  method: "get",
  path: "/me/sms",
  tags: ["Customers and sign-in"],
  summary: "Your SMS updates",
  description: "Your number, whether you opted in (and when), and whether the number texted STOP.",
  security: BEARER,
  middleware: [requireAuth] as const,
  responses: { 200: jsonAnswer("Your SMS settings", Settings), ...errorResponses(401, 429, 503) },
});

const put = createRoute({
  method: "put",
  path: "/me/sms",
  tags: ["Customers and sign-in"],
  summary: "Choose SMS updates",
  description:
    "With `optIn: true` your shipped and delivered updates also come by SMS to `phone` (E.164). Texting STOP to the shop's number " +
    "stops them whatever is set here, until you text START.",
  security: BEARER,
  middleware: [requireAuth] as const,
  request: { body: jsonBody(SettingsBody) },
  responses: { 200: jsonAnswer("Your SMS settings", Settings), ...errorResponses(400, 401, 415, 429, 503) },
});

const inbound = createRoute({
  method: "post",
  path: "/webhooks/twilio",
  tags: ["Provider callbacks"],
  summary: "Twilio inbound messages (STOP, START)",
  description:
    "Register this URL as the messaging webhook of the shop's Twilio number. `X-Twilio-Signature` is checked against TWILIO_AUTH_TOKEN " +
    "(and TWILIO_WEBHOOK_URL, the URL as configured at Twilio); STOP and its synonyms end texts to that number, START resumes them. " +
    "Answers empty TwiML. 404 when TWILIO_AUTH_TOKEN is unset, 401 for a bad signature.",
  request: {
    body: {
      required: true,
      content: {
        "application/x-www-form-urlencoded": {
          schema: z.object({ From: z.string(), Body: z.string() }).openapi({ description: "Twilio's form fields (others pass through)" }),
        },
      },
    },
  },
  responses: {
    200: { description: "Accepted", content: { "text/xml": { schema: z.string().openapi({ example: "<Response/>" }) } } },
    ...errorResponses(400, 401, 404, 429, 503),
  },
});

export function smsRoutes() {
  const app = routes();
  app.openapi(get, async (c) =>
    c.json(await call(() => c.var.deps.restate.object(SmsSubscriptionApi, principalOf(c).customerId).get()), 200),
  );
  app.openapi(put, async (c) =>
    c.json(await call(() => c.var.deps.restate.object(SmsSubscriptionApi, principalOf(c).customerId).set(c.req.valid("json"))), 200),
  );
  app.openapi(inbound, async (c) => {
    const { TWILIO_AUTH_TOKEN: token, TWILIO_WEBHOOK_URL: configured } = c.var.deps.config;
    if (!token) throw notFound("SMS webhooks are not configured here (TWILIO_AUTH_TOKEN)");
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const signature = c.req.header("x-twilio-signature") ?? "";
    if (!validateRequest(token, signature, configured ?? c.req.url, form)) {
      throw new ApiError(401, "unauthenticated", "x-twilio-signature: not a valid signature of this request by the shop's Twilio account");
    }
    const keyword = keywordOf(form.Body ?? "");
    const from = PhoneNumber.safeParse(form.From ?? "");
    if (keyword && from.success) await call(() => c.var.deps.restate.object(SmsNumbersApi, from.data).keyword({ keyword }));
    return c.body("<Response/>", 200, { "content-type": "text/xml" });
  });
  return app;
}
