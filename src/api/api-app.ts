import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { ApiError, CODE_BY_STATUS, fromRestateError } from "./api-errors.ts";
import { identify } from "./auth/guards.ts";
import { clientIp } from "./client-ip.ts";
import type { ApiDeps } from "./context.ts";
import { routes } from "./openapi.ts";
import { requestSpans } from "./request-span.ts";
import { routePattern } from "./route-pattern.ts";
import { meRoutes } from "./routes/account-routes.ts";
import { adminAnalyticsRoutes } from "./routes/admin-analytics-routes.ts";
import { adminCatalogRoutes } from "./routes/admin-catalog-routes.ts";
import { adminCustomerRoutes } from "./routes/admin-customer-routes.ts";
import { adminOrderRoutes } from "./routes/admin-order-routes.ts";
import { adminAlertRoutes } from "./routes/alert-routes.ts";
import { analyticsRoutes } from "./routes/analytics-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { cartRoutes } from "./routes/cart-routes.ts";
import { catalogRoutes } from "./routes/catalog-routes.ts";
import { adminCouponRoutes } from "./routes/coupon-routes.ts";
import { docsRoutes } from "./routes/docs-routes.ts";
import { guestRoutes } from "./routes/guest-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { adminInventoryRoutes } from "./routes/inventory-routes.ts";
import { mediaRoutes } from "./routes/media-routes.ts";
import { metricsRoutes } from "./routes/metrics-routes.ts";
import { adminOperationRoutes } from "./routes/operations-routes.ts";
import { orderRoutes } from "./routes/order-routes.ts";
import { reviewRoutes } from "./routes/review-routes.ts";
import { smsRoutes } from "./routes/sms-routes.ts";
import { uiRoutes } from "./routes/ui-routes.ts";
import { webhookRoutes } from "./routes/webhook-routes.ts";
import { wishlistRoutes } from "./routes/wishlist-routes.ts";

const DESCRIPTION = `The public HTTP API of restate-commerce. Orders, carts and accounts live in Restate; this API
authenticates callers and calls Restate's ingress on their behalf (the ingress itself must not be public).

- Auth: \`Authorization: Bearer <accessToken>\` from \`/auth/register\` or \`/auth/login\`; refresh with \`/auth/refresh\`.
- Errors: \`{"error": {"code", "message", "field"?}}\`; the message names the field and the rule.
- Writes that create things take \`Idempotency-Key\`: the same key and body answer the same, once; the same key with another request (body, route or path) is a 422 \`idempotency_key_reused\`.
- Money is integer minor units (cents) with an ISO 4217 \`currency\`. Lists take \`?page=1&limit=20\` (limit ≤ 100).
- Rate limits answer 429 with \`Retry-After\` (seconds).`;

/** Maps anything thrown by a route to the contract's error shape; only real bugs are 500s, and logged. */
function errorResponse(error: unknown, c: Context, deps: ApiDeps): Response {
  const known = error instanceof ApiError ? error : error instanceof HTTPException ? fromHttpException(error) : fromRestateError(error);
  if (known) {
    if (known.status >= 500)
      deps.log.warn({ method: c.req.method, path: c.req.path, code: known.code }, `backend call failed: ${known.message}`);
    return c.json(known.body(), known.status as never, known.headers);
  }
  deps.log.error({ err: error, method: c.req.method, path: c.req.path }, "unexpected error in the API");
  return c.json({ error: { code: "internal", message: "unexpected error; it has been logged" } }, 500);
}

function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400 && /json/i.test(error.message)) return new ApiError(400, "invalid_json", "body: is not valid JSON");
  if (error.status === 415)
    return new ApiError(415, "unsupported_media_type", "body: must be JSON, sent with Content-Type: application/json");
  return new ApiError(error.status, CODE_BY_STATUS[error.status] ?? "request_failed", error.message || `HTTP ${error.status}`);
}

/** The catalog's answers are the same for everyone; every other JSON answer may name a customer. */
const PUBLIC_JSON = new Set(["/products", "/products/:slug", "/categories", "/openapi.json"]);

/**
 * No answer is sniffed into another type, and no JSON answer that may carry personal data (a
 * profile, an order, an address, tokens) is kept by a browser or a shared cache: `no-store` unless
 * the route chose its own caching or the answer is the public catalog's.
 */
function secureAnswer(c: Context, pattern: string | undefined): void {
  c.header("x-content-type-options", "nosniff");
  const json = /^application\/([a-z0-9.+-]*\+)?json/i.test(c.res.headers.get("content-type") ?? "");
  const isPublic = c.req.method === "GET" && pattern !== undefined && PUBLIC_JSON.has(pattern);
  if (json && !isPublic && !c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
}

/** Route patterns (`/me/addresses/:id`) as matchers, to tell a wrong method (405) from a wrong path (404). */
function methodsByPath(app: { routes: Array<{ method: string; path: string }> }) {
  const table = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const { method, path } of app.routes) {
    if (method === "ALL" || path.includes("*")) continue;
    const entry = table.get(path) ?? { pattern: new RegExp(`^${path.replace(/:[^/]+/g, "[^/]+")}$`), methods: new Set<string>() };
    entry.methods.add(method);
    table.set(path, entry);
  }
  return (path: string) => [...table.values()].filter((e) => e.pattern.test(path)).flatMap((e) => [...e.methods]);
}

/** The whole API as a Hono app: middleware, routes, the OpenAPI document and the docs. */
export function createApiApp(deps: ApiDeps) {
  const app = routes();

  // First, so the span covers every middleware and sees the final status.
  if (deps.tracing) app.use(requestSpans(deps.tracing.tracer));
  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("clientIp", clientIp(c.env?.incoming?.socket?.remoteAddress, c.req.header("x-forwarded-for"), deps.config.TRUST_PROXY));
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const pattern = routePattern(c);
    secureAnswer(c, pattern);
    deps.metrics.observeRequest(c.req.method, pattern, c.res.status, seconds);
    // Method, path and status only: bodies and headers carry passwords and tokens.
    deps.log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) }, "request");
  });
  app.use(
    bodyLimit({
      maxSize: deps.config.API_BODY_LIMIT_BYTES,
      onError: () => {
        // The rest of the upload is never read: closing the connection keeps a client from reusing it mid-body.
        throw new ApiError(413, "payload_too_large", `body: must be at most ${deps.config.API_BODY_LIMIT_BYTES} bytes`, {
          headers: { connection: "close" },
        });
      },
    }),
  );
  app.use(identify);
  app.use(async (c, next) => {
    // Load balancers and Prometheus poll these; a busy address behind a NAT must not lock them out.
    if (!c.req.path.startsWith("/health") && c.req.path !== "/metrics") {
      await deps.limits.request(c.var.principal ? `customer:${c.var.principal.customerId}` : `ip:${c.var.clientIp}`);
    }
    await next();
  });

  app.route("/", healthRoutes());
  app.route("/", metricsRoutes());
  app.route("/", authRoutes());
  app.route("/", meRoutes());
  app.route("/", wishlistRoutes());
  app.route("/", reviewRoutes());
  app.route("/", smsRoutes());
  app.route("/", catalogRoutes());
  app.route("/", analyticsRoutes());
  app.route("/", cartRoutes());
  app.route("/", orderRoutes());
  app.route("/", guestRoutes());
  app.route("/", adminCustomerRoutes());
  app.route("/", adminOrderRoutes());
  app.route("/", adminAlertRoutes());
  app.route("/", adminCouponRoutes());
  app.route("/", adminInventoryRoutes());
  app.route("/", adminCatalogRoutes());
  app.route("/", adminOperationRoutes());
  app.route("/", adminAnalyticsRoutes());
  app.route("/", webhookRoutes());

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
    type: "http",
    scheme: "bearer",
    description: "METRICS_TOKEN, when the API runs with one",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "restate-commerce API",
      version: "1",
      description: DESCRIPTION,
      license: { name: "MIT", url: "https://opensource.org/license/mit" },
    },
    // Relative: the document describes the API that served it, wherever it is deployed.
    servers: [{ url: "/", description: "the API that served this document" }],
    tags: [
      { name: "Customers and sign-in", description: "Accounts, tokens, your profile and saved addresses" },
      { name: "Catalog", description: "Public: no token needed. Only active products" },
      { name: "Cart and checkout", description: "Your cart is yours alone; after an order you get a fresh one" },
      { name: "Orders", description: "Your own orders only: another customer's order is a 404" },
      {
        name: "Guest checkout",
        description: "No account: a cart by a token the browser draws, an order read through the signed link of its confirmation email",
      },
      {
        name: "Administration",
        description: "Admins only: 403 for customers. Admin actions are recorded in the order's log with the admin's id",
      },
      { name: "Provider callbacks", description: "Stripe, Shippo and SendGrid call these; their signatures are the authentication" },
      { name: "Operations", description: "Liveness, readiness and metrics, for load balancers and Prometheus" },
    ],
  });
  app.route("/", docsRoutes());
  app.route("/", uiRoutes());
  if (deps.config.MEDIA_DIR) app.route("/", mediaRoutes(deps.config.MEDIA_DIR));

  const allowed = methodsByPath(app);
  app.notFound((c) => {
    const methods = allowed(c.req.path);
    if (methods.length > 0) {
      const allow = [...new Set(methods)].join(", ");
      return errorResponse(
        new ApiError(405, "method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow}`, {
          headers: { allow },
        }),
        c,
        deps,
      );
    }
    return errorResponse(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}; see /docs`), c, deps);
  });
  app.onError((error, c) => errorResponse(error, c, deps));
  return app;
}
