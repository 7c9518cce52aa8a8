import { z } from "@hono/zod-openapi";
import { type Subscription, SubscriptionInput } from "../events/domain/domain-events.ts";
import { PO_STATUSES, PurchaseOrder } from "../inventory/domain/replenishment.ts";
import { ORDER_STATUSES } from "../orders/domain/order-status.ts";
import type { OrderRow } from "../orders/order-row.ts";
import { identifier, positiveQuantity } from "../platform/domain/quantity.ts";
import { couponCode } from "../pricing/domain/coupons.ts";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z" });
const listPage = {
  page: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000").default(1),
  limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(20),
};

/** `GET /admin/orders`: every filter optional; all given must match. */
export const AdminOrderQuery = z.object({
  status: z.enum(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(", ")}` }).optional(),
  from: instant.optional().openapi({ description: "created at or after" }),
  to: instant.optional().openapi({ description: "created before" }),
  customer: z
    .string()
    .min(3, "must be at least 3 characters")
    .max(254, "must be at most 254 characters")
    .optional()
    .openapi({ description: "an account id (cus_…) or the customer's email, any case" }),
  q: z
    .string()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .optional()
    .openapi({ description: "an order number (ORD-2026-000123), or text in the customer's name or email, the number or the id" }),
  coupon: couponCode.optional().describe("orders that used this coupon code (any case): its redemptions"),
  ...listPage,
});

/**
 * The order search's input from the query string: `customer` is an account id (cus_…) or an email;
 * `q` an order number when it looks like one, otherwise text in the customer's name or email, the
 * number or the id.
 */
export function orderSearchInput(query: z.infer<typeof AdminOrderQuery>) {
  const { customer, q, limit, coupon, ...rest } = query;
  const byAccount = customer !== undefined && /^cus_/.test(customer);
  const byNumber = q !== undefined && /^ORD-\d{4}-\d{6}$/i.test(q);
  return {
    ...rest,
    pageSize: limit,
    ...(customer === undefined ? {} : byAccount ? { customerId: customer } : { email: customer }),
    ...(q === undefined ? {} : byNumber ? { orderNumber: q.toUpperCase() } : { text: q }),
    ...(coupon === undefined ? {} : { couponCode: coupon }),
  };
}

/** The query string's name of each field orderSearchInput makes, for refusals that name what the client sent. */
export const ORDER_SEARCH_FIELDS = {
  pageSize: "limit",
  customerId: "customer",
  email: "customer",
  text: "q",
  orderNumber: "q",
  couponCode: "coupon",
};

export const AdminOrderListItem = z
  .object({
    orderNumber: z.string().nullable().openapi({ description: "null for orders placed straight through the ingress" }),
    orderId: z.string(),
    status: z.string(),
    paymentStatus: z.string(),
    customerId: z.string().nullable(),
    customerEmail: z.string(),
    customerName: z.string(),
    subtotal: z.number().int(),
    discount: z.number().int(),
    shippingCost: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    currency: z.string(),
    couponCode: z.string().nullable(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
  })
  .openapi("AdminOrderListItem");
export const AdminOrderList = z
  .object({ items: z.array(AdminOrderListItem), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("AdminOrderList");

/** `GET /admin/customers`: part of an email or name, a role. */
export const AdminCustomerQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .optional()
    .openapi({ description: "part of the email or the name, any case" }),
  role: z.enum(["customer", "admin"], { message: "must be customer or admin" }).optional(),
  ...listPage,
});

export const AdminCustomerListItem = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    loyaltyTier: z.string(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
    paidOrders: z.number().int().openapi({ description: "orders whose payment was captured (refunded ones included)" }),
  })
  .openapi("AdminCustomerSummary");
export const AdminCustomerList = z
  .object({ items: z.array(AdminCustomerListItem), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("AdminCustomerList");

export const AdminCustomerAnswer = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    loyaltyTier: z.string(),
    createdAt: z.string().openapi({ description: "ISO 8601" }),
    loyalty: z.object({ tier: z.string(), lifetimeSpend: z.number().int(), currency: z.string(), orders: z.number().int() }).openapi({
      description:
        "the tier and what earns it: lifetime spend (captured minus refunded, minor units of the program's currency) over its captured orders",
    }),
    addresses: z.number().int().openapi({ description: "saved addresses" }),
    orders: z.object({ items: z.array(AdminOrderListItem), total: z.number().int() }).openapi({
      description:
        "the account's orders, newest first: the latest 20 and how many in all (`GET /admin/orders?customer={id}` pages through them)",
    }),
  })
  .openapi("AdminCustomer");

export function adminOrderListItem(row: OrderRow): z.infer<typeof AdminOrderListItem> {
  const { cartId: _cart, updatedAt: _updated, createdAt, ...rest } = row;
  return { ...rest, createdAt: new Date(createdAt).toISOString() };
}

// Made anew here: schemas built before @hono/zod-openapi was loaded have no .openapi().
export const PurchaseOrderAnswer = z.object(PurchaseOrder.shape).openapi("PurchaseOrder");
export const PurchaseOrderListItem = z
  .object({
    id: z.string(),
    supplier: z.string(),
    status: z.enum(PO_STATUSES),
    createdAt: z.number().int(),
    skus: z.array(z.string()),
    units: z.number().int(),
  })
  .openapi("PurchaseOrderSummary");
export const PurchaseOrderList = z
  .object({ items: z.array(PurchaseOrderListItem), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("PurchaseOrderList");
export const PurchaseOrderListQuery = z.object(listPage);

export const PurchaseOrderIdParam = z.object({
  id: identifier("id").openapi({ param: { name: "id", in: "path" }, example: "po_0123456789abcdef0123" }),
});

export const ReceiveBody = z
  .strictObject({
    reference: identifier("reference").openapi({
      description: "the delivery note or receipt number: booking it again restocks nothing more",
    }),
    lines: z
      .array(z.strictObject({ sku: identifier("sku"), quantity: positiveQuantity }))
      .min(1, "lines must name at least one SKU")
      .max(500),
  })
  .openapi("ReceivePurchaseOrderRequest", { example: { reference: "DN-1001", lines: [{ sku: "MUG-1", quantity: 24 }] } });

export const ScanReport = z
  .object({
    scan: z.number().int(),
    at: z.number().int(),
    low: z.array(z.string()).openapi({ description: "SKUs at or below their threshold" }),
    drafted: z.array(
      z.object({ id: z.string(), supplier: z.string(), lines: z.array(z.object({ sku: z.string(), ordered: z.number().int() })) }),
    ),
    skipped: z.array(z.object({ sku: z.string(), reason: z.string() })),
  })
  .openapi("ReplenishmentScan");
export const ReplenishmentStatus = z
  .object({
    intervalMs: z.number().int().nullable(),
    nextTickAt: z.number().int().nullable(),
    scans: z.number().int(),
    lastScan: ScanReport.nullable(),
  })
  .openapi("ReplenishmentStatus");

export const WebhookBody = z.strictObject(SubscriptionInput.shape).openapi("WebhookSubscriptionRequest", {
  example: { url: "https://erp.example.com/hooks/shop", events: ["OrderPlaced", "OrderShipped"] },
});

export const WebhookAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    createdAt: z.string(),
    disabled: z.object({ at: z.string(), reason: z.string() }).optional(),
    deliveries: z.object({ succeeded: z.number().int(), failed: z.number().int(), pending: z.number().int() }),
  })
  .openapi("WebhookSubscription");
export const CreatedWebhook = WebhookAnswer.extend({
  secret: z.string().openapi({ description: "the Standard Webhooks signing secret (whsec_…): shown this once, never again" }),
}).openapi("CreatedWebhookSubscription");
export const WebhookList = z.object({ items: z.array(WebhookAnswer) }).openapi("WebhookSubscriptionList");

export const WebhookIdParam = z.object({
  id: z
    .string()
    .regex(/^whs_[0-9a-f]{20}$/, "id must be whs_ followed by 20 hex digits")
    .openapi({ param: { name: "id", in: "path" } }),
});

export function webhookAnswer(s: Subscription): z.infer<typeof WebhookAnswer> {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    createdAt: new Date(s.createdAt).toISOString(),
    ...(s.disabled ? { disabled: { at: new Date(s.disabled.at).toISOString(), reason: s.disabled.reason } } : {}),
    deliveries: { succeeded: s.deliveries.succeeded, failed: s.deliveries.failed, pending: s.deliveries.pending },
  };
}
