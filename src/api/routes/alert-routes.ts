import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { OperatorInboxApi } from "../../alerts/alerts-ingress.ts";
import type { OperatorAlert } from "../../alerts/domain/operator-alerts.ts";
import { OrderOrchestratorApi } from "../../orders/orders-ingress.ts";
import { SHOP } from "../../platform/restate/ingress-contract.ts";
import { notFound } from "../api-errors.ts";
import { BEARER, errorResponses, jsonAnswer, page } from "../api-schemas.ts";
import { requireRole } from "../auth/guards.ts";
import type { ApiEnv } from "../context.ts";
import { routes } from "../openapi.ts";
import { call } from "../restate-client.ts";
import { AlertAnswer, AlertIdParam, AlertList, AlertsQuery } from "../shop-schemas.ts";
import { alertAnswer } from "../views.ts";

const tags = ["Administration"];

const list = createRoute({
  method: "get",
  path: "/admin/alerts",
  tags,
  summary: "The operator inbox, newest first",
  description:
    "What needs a person: low stock, stuck or refused payments, disputes, failed refunds, labels the carrier would not void, webhooks " +
    "for unknown orders, open provider circuits. `?status=open` shows those nobody acknowledged yet. The inbox keeps the latest 500.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: AlertsQuery },
  responses: { 200: jsonAnswer("One page of alerts", AlertList), ...errorResponses(400, 401, 403, 429, 503) },
});

const acknowledge = createRoute({
  method: "post",
  path: "/admin/alerts/{id}/ack",
  tags,
  summary: "Acknowledge an alert",
  description: "Marks it seen (again changes nothing). A low-stock alert acknowledged lets the item raise a new one.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: AlertIdParam },
  responses: { 200: jsonAnswer("The alert", AlertAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

/** Alerts about orders name the order's number, which is what the admin routes take. */
async function withOrderNumbers(c: Context<ApiEnv>, alerts: OperatorAlert[]) {
  const numbers = await Promise.all(
    alerts.map((alert) =>
      alert.orderId
        ? call(() => c.var.deps.restate.object(OrderOrchestratorApi, alert.orderId!).getOrder()).then(
            (o) => o.orderNumber,
            () => undefined,
          )
        : undefined,
    ),
  );
  return alerts.map((alert, i) => alertAnswer(alert, numbers[i]));
}

export function adminAlertRoutes() {
  const app = routes();

  app.openapi(list, async (c) => {
    const query = c.req.valid("query");
    const all = (await call(() => c.var.deps.restate.object(OperatorInboxApi, SHOP).list())).reverse();
    const chosen = all.filter((a) => query.status === "all" || (query.status === "open") === (a.acknowledgedAt === undefined));
    const shown = page(chosen, query);
    return c.json({ ...shown, items: await withOrderNumbers(c, shown.items) }, 200);
  });

  app.openapi(acknowledge, async (c) => {
    const { id } = c.req.valid("param");
    const inbox = c.var.deps.restate.object(OperatorInboxApi, SHOP);
    await call(() => inbox.acknowledge({ id }));
    const alert = (await call(() => inbox.list())).find((a) => a.id === id);
    // The inbox keeps the latest alerts only: one pushed out in the meantime is gone.
    if (!alert) throw notFound(`no alert ${id} in the inbox`);
    const [answer] = await withOrderNumbers(c, [alert]);
    return c.json(answer!, 200);
  });

  return app;
}
