import { createRoute } from "@hono/zod-openapi";
import { planAnyRefund, refundForUnits } from "../../orders/domain/returns.ts";
import { OrderOrchestratorApi, RiskReviewApi } from "../../orders/orders-ingress.ts";
import { DomainError } from "../../platform/domain/domain-errors.ts";
import { ApiError, CODE_BY_STATUS } from "../api-errors.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, optionalJsonBody } from "../api-schemas.ts";
import { principalOf, requireRole } from "../auth/guards.ts";
import { jsonIfAny, routes } from "../openapi.ts";
import { findOrder, reread } from "../order-access.ts";
import { call, writeOptions } from "../restate-client.ts";
import {
  AdminOrderAnswer,
  AdminRefundBody,
  OrderAnswer,
  OrderNumberParam,
  ReceiveReturnBody,
  RefundQuote,
  RefundQuoteBody,
  RefundRequestParams,
  ReviewRefundBody,
  RiskReviewBody,
  SetStatusBody,
} from "../shop-schemas.ts";
import { adminOrderAnswer, orderAnswer } from "../views.ts";

const tags = ["Administration"];
const theOrder = jsonAnswer("The order", OrderAnswer);

const show = createRoute({
  method: "get",
  path: "/admin/orders/{orderNumber}",
  tags,
  summary: "One order, as an admin sees it",
  description:
    "Any customer's order: the customer's view plus who ordered, the payment (intent, authorized, captured, refunded), the shipment " +
    "(label, tracking history), every email with what the provider reported, and where the order is in Restate — its checkout " +
    "invocation's id, and links into the Restate UI when RESTATE_UI_URL is set.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: OrderNumberParam },
  responses: { 200: jsonAnswer("The order", AdminOrderAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

const setStatus = createRoute({
  method: "put",
  path: "/admin/orders/{orderNumber}/status",
  tags,
  summary: "Mark an order shipped or delivered by hand",
  description:
    "For parcels handed over without a carrier scan, or a delivery confirmed another way. Only along the order's state machine: " +
    "`shipped` from processing, `delivered` from processing or shipped; anything else → 409 (cancel or refund instead). A tracking " +
    "number given here lets the carrier's webhooks find the order. The order's log records which admin did it, and the customer is emailed.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: OrderNumberParam, body: jsonBody(SetStatusBody), headers: IdempotencyHeader },
  responses: { 200: theOrder, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const refund = createRoute({
  method: "post",
  path: "/admin/orders/{orderNumber}/refund",
  tags,
  summary: "Refund an order",
  description:
    "Money back at once, with no return window or approval limit. By line: `items` (the units come back to stock) and `shipping: true` " +
    "(what is left of the shipping charge, its tax included), and the amount is computed here from them — each line's net price with its " +
    "tax, as `POST /admin/orders/{orderNumber}/refund-quote` states it — never taken from the client (`amount` with `shipping` → 400). " +
    "Or an `amount` (with `items` or `returnItems: true` restocked beside it); with neither, everything not refunded yet. " +
    "Never more than was captured and not refunded (409); shipping already refunded → 409.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: OrderNumberParam, body: jsonBody(AdminRefundBody), headers: IdempotencyHeader },
  responses: { 200: theOrder, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const quote = createRoute({
  method: "post",
  path: "/admin/orders/{orderNumber}/refund-quote",
  tags,
  summary: "What a refund of these lines and shipping would give back",
  description:
    "Moves nothing: the amount `POST /admin/orders/{orderNumber}/refund` would refund now for the same `items`, `returnItems` and `shipping`, " +
    "line by line, with the order's currency and what is left to refund. The same refusals as the refund (409 beyond what can be returned).",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: OrderNumberParam, body: jsonBody(RefundQuoteBody) },
  responses: { 200: jsonAnswer("The refund it would be", RefundQuote), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const review = (decision: "approve" | "reject") =>
  createRoute({
    method: "post",
    path: `/admin/orders/{orderNumber}/refund-requests/{id}/${decision}`,
    tags,
    summary: decision === "approve" ? "Approve a customer's waiting refund request" : "Reject a customer's waiting refund request",
    description:
      (decision === "approve"
        ? "A refund goes through as requested (what is left to refund is checked again) and the customer is emailed; a return (`kind: return`) " +
          "tells the customer to send the units, and nothing is restocked or refunded until they are received (`…/receive`)."
        : "Nothing is refunded; the order's log says who rejected it and why.") +
      " The request's id is in the order's `refundRequests`. A request decided already → 409. The body (`note`) may be left out.",
    security: BEARER,
    middleware: [requireRole("admin"), jsonIfAny] as const,
    request: { params: RefundRequestParams, body: optionalJsonBody(ReviewRefundBody), headers: IdempotencyHeader },
    responses: { 200: theOrder, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
  });

const receive = createRoute({
  method: "post",
  path: "/admin/orders/{orderNumber}/refund-requests/{id}/receive",
  tags,
  summary: "Mark an approved return's units received",
  description:
    "What came back of an approved return: per line, the units received and how many of them are damaged. Undamaged units go back to stock, " +
    "every received unit is refunded (its share of the discount and tax included), the customer is emailed. Without `items`, every requested unit " +
    "came back undamaged. More than was asked, or a request that is not an approved return → 409.",
  security: BEARER,
  middleware: [requireRole("admin"), jsonIfAny] as const,
  request: { params: RefundRequestParams, body: optionalJsonBody(ReceiveReturnBody), headers: IdempotencyHeader },
  responses: { 200: theOrder, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const riskReview = (decision: "approve" | "reject") =>
  createRoute({
    method: "post",
    path: `/admin/orders/{orderNumber}/risk-review/${decision}`,
    tags,
    summary: decision === "approve" ? "Approve an order waiting in risk review" : "Reject an order waiting in risk review",
    description:
      (decision === "approve"
        ? "The checkout goes on: the payment is captured, the label bought, the customer emailed."
        : "The authorization is voided, the stock released, the order cancelled; the customer is told the shop could not accept it.") +
      " Answers 202 with the order as it is at that moment: the checkout carries on in Restate (the order's status moves on from `review` shortly). " +
      "The order's log records the decision and the deciding admin's id; the `note` (optional, kept in the log only) is never shown to the customer. " +
      "An order that is not waiting in review, or was decided already (by another admin or by RISK_REVIEW_TIMEOUT_MS) → 409.",
    security: BEARER,
    middleware: [requireRole("admin"), jsonIfAny] as const,
    request: { params: OrderNumberParam, body: optionalJsonBody(RiskReviewBody), headers: IdempotencyHeader },
    responses: {
      202: jsonAnswer("Decided; the checkout goes on", OrderAnswer),
      ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503),
    },
  });

/** A domain rule run here rather than in the order: its refusal answered as the order would answer it. */
function ruled<T>(decision: () => T): T {
  try {
    return decision();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new ApiError(error.status, CODE_BY_STATUS[error.status] ?? "request_failed", error.message);
  }
}

export function adminOrderRoutes() {
  const app = routes();

  app.openapi(show, async (c) => {
    const { order } = await findOrder(c, c.req.valid("param").orderNumber);
    return c.json(adminOrderAnswer(order, c.var.deps.config.RESTATE_UI_URL), 200);
  });

  app.openapi(setStatus, async (c) => {
    const found = await findOrder(c, c.req.valid("param").orderNumber);
    const body = c.req.valid("json");
    await call(() =>
      c.var.deps.restate
        .object(OrderOrchestratorApi, found.orderId)
        .setStatus({ ...body, by: principalOf(c).customerId }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(orderAnswer(await reread(c, found.orderId), "staff"), 200);
  });

  app.openapi(refund, async (c) => {
    const found = await findOrder(c, c.req.valid("param").orderNumber);
    const body = c.req.valid("json");
    await call(() =>
      c.var.deps.restate
        .object(OrderOrchestratorApi, found.orderId)
        .refund({ ...body, by: principalOf(c).customerId }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(orderAnswer(await reread(c, found.orderId), "staff"), 200);
  });

  app.openapi(quote, async (c) => {
    const found = await findOrder(c, c.req.valid("param").orderNumber);
    const { order } = found;
    // The refund's own rules, on the order as it is now: the same pure function the order runs.
    const planned = ruled(() => planAnyRefund(order, c.req.valid("json")));
    return c.json(
      {
        amount: planned.amount,
        currency: order.currency,
        items: planned.items.map((item) => ({ ...item, amount: refundForUnits(order, [item]) })),
        shipping: planned.shipping ?? 0,
        left: order.payment.amountCaptured - order.payment.amountRefunded,
      },
      200,
    );
  });

  for (const decision of ["approve", "reject"] as const) {
    app.openapi(review(decision), async (c) => {
      const { orderNumber, id } = c.req.valid("param");
      const found = await findOrder(c, orderNumber);
      const { note } = c.req.valid("json");
      const input = { requestId: id, approve: decision === "approve", by: principalOf(c).customerId, ...(note ? { note } : {}) };
      await call(() =>
        c.var.deps.restate
          .object(OrderOrchestratorApi, found.orderId)
          .reviewRefundRequest(input, writeOptions(c.req.valid("header")["idempotency-key"])),
      );
      return c.json(orderAnswer(await reread(c, found.orderId), "staff"), 200);
    });
  }

  for (const decision of ["approve", "reject"] as const) {
    app.openapi(riskReview(decision), async (c) => {
      const found = await findOrder(c, c.req.valid("param").orderNumber);
      if (found.order.status !== "review") {
        throw new ApiError(
          409,
          "conflict",
          `order ${found.order.orderNumber ?? found.orderId} is ${found.order.status}, not waiting in risk review`,
        );
      }
      const { note } = c.req.valid("json");
      const input = { approve: decision === "approve", by: principalOf(c).customerId, ...(note ? { note } : {}) };
      await call(() =>
        c.var.deps.restate.object(RiskReviewApi, found.orderId).decide(input, writeOptions(c.req.valid("header")["idempotency-key"])),
      );
      return c.json(orderAnswer(await reread(c, found.orderId), "staff"), 202);
    });
  }

  app.openapi(receive, async (c) => {
    const { orderNumber, id } = c.req.valid("param");
    const found = await findOrder(c, orderNumber);
    const { items, note } = c.req.valid("json");
    const input = { requestId: id, by: principalOf(c).customerId, ...(items ? { items } : {}), ...(note ? { note } : {}) };
    await call(() =>
      c.var.deps.restate
        .object(OrderOrchestratorApi, found.orderId)
        .receiveReturn(input, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    return c.json(orderAnswer(await reread(c, found.orderId), "staff"), 200);
  });

  return app;
}
