import { createRoute, z } from "@hono/zod-openapi";
import { scrapeVerdict } from "../../platform/metrics/metrics-bearer.ts";
import { forbidden, unauthenticated } from "../api-errors.ts";
import { errorResponses } from "../api-schemas.ts";
import { routes } from "../openapi.ts";
import { type ShopFigures, shopFigures } from "../shop-figures.ts";

const scrape = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["Operations"],
  summary: "Prometheus metrics",
  description: `The Prometheus text format. When the API runs with \`METRICS_TOKEN\`, a scrape must send \`Authorization: Bearer <METRICS_TOKEN>\` (401 otherwise); without it (as under \`npm start\`) only clients on the API's own machine may scrape (403 for others). Scrapes are limited per client address (\`METRICS_RATE_LIMIT_PER_MINUTE\`, 429 with Retry-After) and do not count against the general request limit.

- \`http_request_duration_seconds{method, route, status}\`: this replica's requests, by route pattern (\`/orders/:orderNumber\`), never the path.
- Shop-wide figures read at each scrape (orders from the query side, deliveries from Restate), the same on every replica (aggregate with \`max\`, not \`sum\`): \`shop_orders_placed_total{currency}\`, \`shop_revenue_minor_units_total{currency}\`, \`shop_orders_failed_total{reason}\`, \`shop_orders{status}\`, \`shop_event_deliveries{state}\`, \`shop_webhook_subscriptions{state}\`, and \`shop_figures_up\` (0 when they could not be read).
- Process metrics (\`process_*\`, \`nodejs_*\`). The service endpoints serve their own on \`METRICS_PORT\`.`,
  security: [{ metricsToken: [] }],
  responses: {
    200: {
      description: "The metrics",
      content: { "text/plain": { schema: z.string().openapi({ example: 'shop_orders_placed_total{currency="USD"} 42' }) } },
    },
    ...errorResponses(401, 403, 429),
  },
});

export function metricsRoutes() {
  const app = routes();
  app.openapi(scrape, async (c) => {
    const { config, metrics, log } = c.var.deps;
    // Limited before the token is compared, so guessing it costs as much as scraping.
    await c.var.deps.limits.scrape(c.var.clientIp);
    const verdict = scrapeVerdict(config.METRICS_TOKEN, c.req.header("authorization"), c.var.clientIp);
    if (verdict === "not_loopback")
      throw forbidden(
        "GET /metrics without METRICS_TOKEN is served to clients on this machine only; set METRICS_TOKEN to scrape from elsewhere",
      );
    if (verdict === "unauthenticated") throw unauthenticated("this route needs the metrics token: Authorization: Bearer <METRICS_TOKEN>");
    let figures: ShopFigures | undefined;
    try {
      figures = await shopFigures(c.var.deps);
    } catch (error) {
      // The scrape still answers (this replica's own metrics are good); shop_figures_up says what is missing.
      log.warn(
        { reason: error instanceof Error ? error.message.split("\n", 1)[0] : String(error) },
        "shop figures not read for this scrape",
      );
    }
    metrics.showFigures(figures);
    return c.text(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
  return app;
}
