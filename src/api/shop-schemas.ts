import { z } from "@hono/zod-openapi";
import { ALERT_KINDS } from "../alerts/domain/operator-alerts.ts";
import { AddressId, IdempotencyKey } from "../customers/domain/customer.ts";
import { ReplenishmentSettings } from "../inventory/domain/replenishment.ts";
import { AddItemInput, ApplyCouponInput, UpdateItemInput } from "../orders/domain/cart.ts";
import { SetStatusInput } from "../orders/domain/fulfilment.ts";
import { CancelInput, OrderNotes, ShippingMethod } from "../orders/domain/order-input.ts";
import { orderNumberSchema } from "../orders/domain/order-numbers.ts";
import { ORDER_STATUSES, PAYMENT_STATUSES } from "../orders/domain/order-status.ts";
import { AdminRefundFields, adminRefundRules, ReceivedLine, RefundRequestInput } from "../orders/domain/returns.ts";
import { ShippingAddress } from "../platform/domain/address.ts";
import { minorUnits } from "../platform/domain/money.ts";
import { identifier, positiveQuantity } from "../platform/domain/quantity.ts";
import { freeText } from "../platform/domain/text.ts";
import { CouponFields, couponCode, couponRules } from "../pricing/domain/coupons.ts";
import { ListQuery } from "./api-schemas.ts";

// Request bodies, rewrapped from the domain's shapes so they carry OpenAPI names (see schemas.ts).

const iso = () => z.string().openapi({ description: "ISO 8601", example: "2026-01-31T12:00:00.000Z" });

/** Where to ship: a saved address by id, or one given in full; exactly one of them. */
const destination = {
  shippingAddressId: AddressId.optional().openapi({ description: "one of your saved addresses (GET /me/addresses)" }),
  shippingAddress: z.strictObject(ShippingAddress.shape).optional().openapi({ description: "an address given in full" }),
  shippingMethod: ShippingMethod.optional().openapi({ description: "standard (default) or express" }),
};

/** The same rule for OpenAPI readers: each alternative requires one of the two, and oneOf allows only one to hold. */
const ONE_DESTINATION = { oneOf: [{ required: ["shippingAddressId"] }, { required: ["shippingAddress"] }] };

function oneDestination(ctx: z.core.ParsePayload<{ shippingAddressId?: string | undefined; shippingAddress?: unknown }>): void {
  const { shippingAddressId, shippingAddress } = ctx.value;
  if ((shippingAddressId === undefined) === (shippingAddress === undefined)) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: [shippingAddressId === undefined ? "shippingAddressId" : "shippingAddress"],
      message: "give exactly one of shippingAddressId and shippingAddress",
    });
  }
}

export const AddCartItemBody = z.strictObject(AddItemInput.shape).openapi("AddCartItemRequest", { example: { sku: "MUG-1", quantity: 2 } });
export const SetQuantityBody = z
  .strictObject({ quantity: UpdateItemInput.shape.quantity })
  .openapi("SetCartQuantityRequest", { example: { quantity: 3 } });
export const ApplyCouponBody = z.strictObject(ApplyCouponInput.shape).openapi("ApplyCouponRequest", { example: { code: "WELCOME10" } });
export const ShippingBody = z
  .strictObject(destination)
  .check(oneDestination)
  .openapi("CartShippingRequest", {
    ...ONE_DESTINATION,
    example: { shippingAddressId: "adr_9b2c4f0e1d3a5b7c9e1f", shippingMethod: "standard" },
  });

export const PlaceOrderBody = z
  .strictObject({
    ...destination,
    paymentMethodId: z
      .string()
      .min(1, "must not be empty")
      .max(255, "must be at most 255 characters")
      .regex(/^[A-Za-z0-9_]+$/, "must be a payment method id such as pm_card_visa")
      .openapi({ description: "the payment method the client collected (Stripe PaymentMethod id)", example: "pm_card_visa" }),
    notes: OrderNotes.optional().openapi({ description: "for the shop: delivery instructions, a gift message" }),
    expectedTotal: minorUnits.optional().openapi({
      description:
        "the total the customer saw (GET /cart after PUT /cart/shipping); a higher total at checkout is refused with 409 instead of charged",
    }),
  })
  .check(oneDestination)
  .openapi("PlaceOrderRequest", {
    ...ONE_DESTINATION,
    example: { shippingAddressId: "adr_9b2c4f0e1d3a5b7c9e1f", paymentMethodId: "pm_card_visa", expectedTotal: 3293 },
  });

export const CancelOrderBody = z
  .strictObject(CancelInput.shape)
  .openapi("CancelOrderRequest", { example: { reason: "ordered the wrong size" } });

export const RefundBody = z.strictObject(RefundRequestInput.shape).openapi("RefundRequest", {
  example: { reason: "arrived broken", items: [{ sku: "MUG-1", quantity: 1 }] },
});
export const AdminRefundBody = z
  .strictObject({ ...RefundRequestInput.shape, ...AdminRefundFields })
  .check(adminRefundRules)
  .openapi("AdminRefundRequest", { example: { reason: "arrived broken", items: [{ sku: "MUG-1", quantity: 1 }], shipping: true } });
export const RefundQuoteBody = z
  .strictObject({ items: RefundRequestInput.shape.items, returnItems: RefundRequestInput.shape.returnItems, ...AdminRefundFields })
  .openapi("RefundQuoteRequest", { example: { items: [{ sku: "MUG-1", quantity: 1 }], shipping: true } });

export const SetStatusBody = z
  .strictObject({
    status: SetStatusInput.shape.status,
    trackingNumber: SetStatusInput.shape.trackingNumber,
    carrier: SetStatusInput.shape.carrier,
  })
  .openapi("SetOrderStatusRequest", { example: { status: "shipped", trackingNumber: "1Z999AA10123456784", carrier: "UPS" } });

export const ReviewRefundBody = z
  .strictObject({ note: freeText("note", 500).optional() })
  .openapi("ReviewRefundRequest", { example: { note: "photo shows the damage" } });

export const RiskReviewBody = z
  .strictObject({ note: freeText("note", 500).optional() })
  .openapi("RiskReviewDecision", { example: { note: "called the customer; the address is their office" } });

export const CreateCouponBody = z
  .strictObject(CouponFields.shape)
  .check(couponRules)
  .openapi("CreateCouponRequest", {
    example: { code: "WELCOME10", type: "percent", value: 10, maxRedemptions: 1000, perCustomerLimit: 1 },
  });

export const RestockBody = z
  .strictObject({
    quantity: positiveQuantity,
    reference: identifier("reference").openapi({ description: "the delivery's reference: a second restock with it changes nothing" }),
  })
  .openapi("RestockRequest", { example: { quantity: 24, reference: "PO-2026-0042" } });

export const ReplenishmentBody = z
  .strictObject(ReplenishmentSettings.shape)
  .openapi("ReplenishmentSettingsRequest", { example: { supplier: "orders@mugs-supplier.example", reorderQuantity: 48 } });
export const ReplenishmentAnswer = z.object(ReplenishmentSettings.shape).openapi("ReplenishmentSettings");

// Parameters and queries.

export const SkuParam = z.object({ sku: identifier("sku").openapi({ param: { name: "sku", in: "path" }, example: "MUG-1" }) });
export const OrderNumberParam = z.object({
  orderNumber: orderNumberSchema().openapi({ param: { name: "orderNumber", in: "path" }, example: "ORD-2026-000123" }),
});
export const ReceiveReturnBody = z
  .strictObject({
    items: z
      .array(ReceivedLine)
      .min(1, "items must name at least one line")
      .max(100)
      .optional()
      .openapi({ description: "what came back; default: every requested unit, undamaged" }),
    note: freeText("note", 500).optional(),
  })
  .openapi("ReceiveReturnRequest", { example: { items: [{ sku: "MUG-001", quantity: 2, damaged: 1 }], note: "one arrived cracked" } });

export const RefundRequestParams = OrderNumberParam.extend({
  id: z
    .string()
    .regex(/^rr-\d{1,6}$/, "must be a refund request id such as rr-1")
    .openapi({ param: { name: "id", in: "path" }, example: "rr-1" }),
});
export const AlertIdParam = z.object({
  id: z
    .string()
    .min(1, "must not be empty")
    .max(300, "must be at most 300 characters")
    .openapi({ param: { name: "id", in: "path" } }),
});
export const AlertsQuery = ListQuery.extend({
  status: z
    .enum(["open", "acknowledged", "all"], { message: "must be open, acknowledged or all" })
    .default("all")
    .openapi({ example: "open" }),
});
export const CheckoutIdempotencyHeader = z.object({
  "idempotency-key": IdempotencyKey.optional().openapi({
    description: "Strongly recommended: a retry with the same key answers the same order, even after your cart moved on",
  }),
});

// Answers.

const money = () => z.number().int().openapi({ description: "integer minor units of `currency`" });

export const CartAnswer = z
  .object({
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: money(), lineTotal: money() })),
    subtotal: money(),
    discount: money(),
    coupon: z
      .object({ code: z.string(), valid: z.boolean(), reason: z.string().optional() })
      .optional()
      .openapi({ description: "the coupon in use; `valid: false` with the reason when it no longer applies" }),
    shipping: z
      .object({ amount: money(), carrier: z.string(), service: z.string(), method: ShippingMethod, address: ShippingAddress })
      .optional()
      .openapi({
        description:
          "the carrier's quote, once PUT /cart/shipping named an address (and the cart still has as many units), with the address and method it was made for: place the order with those",
      }),
    tax: money().optional().openapi({ description: "once the shipping address is known" }),
    total: money().openapi({
      description: "subtotal − discount + shipping + tax, as far as known: what POST /orders charges if nothing changes",
    }),
    currency: z
      .string()
      .openapi({ description: "ISO 4217; MIXED when lines are priced in different currencies (such a cart cannot be ordered)" }),
    lastCheckoutFailure: z
      .object({ orderNumber: z.string().optional(), message: z.string(), status: z.number().int() })
      .optional()
      .openapi({ description: "why the last POST /orders of this cart failed; the failed order keeps its number" }),
  })
  .openapi("Cart");

const OrderLineAnswer = z.object({
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: money(),
  lineTotal: money(),
  discount: money().openapi({ description: "this line's share of the order's discount" }),
  tax: money().openapi({ description: "this line's share of the order's tax" }),
});
const ReturnedUnits = z.array(z.object({ sku: z.string(), quantity: z.number().int() }));

export const OrderAnswer = z
  .object({
    orderNumber: z.string().openapi({ example: "ORD-2026-000123" }),
    orderId: z.string().openapi({ description: "Restate's key of the order (support, the Restate UI)" }),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    items: z.array(OrderLineAnswer),
    subtotal: money(),
    discount: money(),
    shippingCost: money(),
    tax: money(),
    total: money(),
    currency: z.string(),
    coupon: z.object({ code: z.string(), type: z.string() }).optional(),
    shippingAddress: z.object({
      name: z.string().optional(),
      street: z.string(),
      city: z.string(),
      state: z.string(),
      zip: z.string(),
      country: z.string(),
    }),
    shippingMethod: ShippingMethod,
    carrier: z.string().optional(),
    trackingNumber: z.string().optional(),
    trackingUrl: z.string().optional(),
    notes: z.string().optional(),
    createdAt: iso(),
    updatedAt: iso(),
    shippedAt: iso().optional(),
    deliveredAt: iso().optional(),
    backorderedUntil: iso()
      .optional()
      .openapi({ description: "a backordered order waits for stock until then, and is cancelled and voided after" }),
    amountRefunded: money(),
    refunds: z.array(z.object({ amount: money(), reason: z.string(), at: iso(), items: ReturnedUnits })),
    refundRequests: z.array(
      z.object({
        id: z.string(),
        kind: z
          .enum(["refund", "return"])
          .openapi({ description: "refund: money only; return: units to send back, refunded once the shop received them" }),
        amount: money(),
        items: ReturnedUnits,
        reason: z.string(),
        status: z.enum(["pending", "approved", "received", "rejected"]).openapi({
          description:
            "refund: pending → approved (refunded) or rejected; return: pending → approved (send the units) → received (restocked and refunded) or rejected",
        }),
        requestedAt: iso(),
        decidedAt: iso().optional(),
        decision: z.string().optional(),
        received: z.array(z.object({ sku: z.string(), quantity: z.number().int(), damaged: z.number().int() })).optional(),
        receivedAt: iso().optional(),
      }),
    ),
    failureReason: z.string().optional(),
    cancelReason: z.string().optional(),
    events: z.array(z.object({ at: iso(), type: z.string(), detail: z.string().optional() })).openapi({
      description:
        "what happened, oldest first: to a customer, the steps of their order (provider references, admins and housekeeping left out); to an admin, the whole log",
    }),
  })
  .openapi("Order");

export const AdminOrderAnswer = OrderAnswer.extend({
  customer: z.object({ email: z.string(), name: z.string() }),
  customerId: z.string().optional().openapi({ description: "the account that ordered, when it came through this API" }),
  paymentMethod: z.string(),
  payment: z.object({
    paymentIntentId: z.string().optional(),
    amountAuthorized: money(),
    amountCaptured: money(),
    amountRefunded: money(),
    failureReason: z.string().optional(),
  }),
  shipment: z.object({
    method: ShippingMethod,
    carrier: z.string().optional(),
    service: z.string().optional(),
    trackingNumber: z.string().optional(),
    trackingUrl: z.string().optional(),
    trackingStatus: z.string().optional(),
    trackingHistory: z.array(z.object({ status: z.string(), details: z.string(), at: z.string() })),
    labelUrl: z.string().optional(),
    labelCost: z.object({ amount: money(), currency: z.string() }).optional(),
    labelVoidedAt: iso().optional(),
  }),
  emails: z
    .array(z.object({ kind: z.string(), status: z.string(), at: iso(), messageId: z.string().optional(), detail: z.string().optional() }))
    .openapi({ description: "every email about the order, with what the email provider last reported" }),
  restate: z
    .object({
      invocationId: z.string().optional().openapi({ description: "the processOrder invocation that ran the checkout saga" }),
      invocationUrl: z.string().optional().openapi({ description: "that invocation's journal in the Restate UI (RESTATE_UI_URL)" }),
      objectUrl: z.string().optional().openapi({ description: "the order's object in the Restate UI: its state and invocations" }),
    })
    .openapi({ description: "where to see the order inside Restate; links only when RESTATE_UI_URL is set" }),
}).openapi("AdminOrder");

export const OrderSummary = z
  .object({
    orderNumber: z.string(),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    total: money().nullable().openapi({ description: "null for a moment after POST /orders, until the checkout has recorded the order" }),
    currency: z.string().nullable(),
    itemCount: z.number().int().nullable(),
    createdAt: iso(),
  })
  .openapi("OrderSummary");

export const OrderList = z
  .object({ items: z.array(OrderSummary), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("OrderList");

export const AlertAnswer = z
  .object({
    id: z.string(),
    kind: z.enum(ALERT_KINDS),
    message: z.string(),
    orderNumber: z.string().optional(),
    orderId: z.string().optional(),
    sku: z.string().optional(),
    raisedAt: iso(),
    acknowledgedAt: iso().optional(),
    emailed: z.boolean().openapi({ description: "whether the operator email went out" }),
  })
  .openapi("Alert");
export const AlertList = z
  .object({ items: z.array(AlertAnswer), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("AlertList");

export const CouponAnswer = z
  .object({
    code: z.string(),
    type: z.enum(["percent", "fixed", "free_shipping"]),
    value: z.number().int().optional(),
    currency: z.string().optional(),
    minSubtotal: money().optional(),
    maxRedemptions: z.number().int().optional(),
    perCustomerLimit: z.number().int().optional(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    redeemed: z.number().int().openapi({ description: "redemptions of captured orders" }),
    reserved: z.number().int().openapi({ description: "redemptions held by checkouts in flight" }),
    remaining: z
      .number()
      .int()
      .optional()
      .openapi({ description: "redemptions left of maxRedemptions (held ones count as taken); absent when unlimited" }),
    disabled: z.boolean().openapi({ description: "withdrawn by the shop: carts and checkouts refuse it" }),
    disabledAt: iso().optional(),
    createdAt: iso(),
  })
  .openapi("Coupon");
export const CouponCodeParam = z.object({
  code: couponCode.describe("the coupon's code, any case (WELCOME10)"),
});
export const CouponList = z
  .object({ items: z.array(CouponAnswer), page: z.number().int(), limit: z.number().int(), total: z.number().int() })
  .openapi("CouponList");

export const StockAnswer = z
  .object({
    sku: z.string(),
    name: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    backordered: z.number().int(),
    lowStock: z.boolean(),
    lowStockThreshold: z.number().int().nullable(),
    restocked: z.number().int().openapi({ description: "units received, all time" }),
  })
  .openapi("Stock");

/** `GET /admin/inventory?skus=A,B`: up to a page of SKUs, each by the rules of a SKU. */
export const StockQuery = z.object({
  skus: z
    .string()
    .min(1, "must name at least one SKU")
    .transform((s) => s.split(","))
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "each SKU must be 1-128 letters, digits, '.', '_', ':' or '-'"))
        .max(100, "must name at most 100 SKUs")
        .refine((list) => new Set(list).size === list.length, "must not name a SKU twice"),
    )
    .openapi({ description: "comma-separated SKUs, at most 100", example: "MUG-1,TEA-1", type: "string" }),
});
export const StockList = z
  .object({
    items: z.array(StockAnswer).openapi({ description: "in the order asked for" }),
    unknown: z.array(z.string()).openapi({ description: "SKUs that were never configured" }),
  })
  .openapi("StockList");

export const WebhookReceiptAnswer = z
  .object({
    received: z.number().int(),
    applied: z.number().int(),
    duplicate: z.number().int(),
    ignored: z.number().int(),
    unknown_order: z.number().int(),
  })
  .openapi("WebhookReceipt");

export const RefundQuote = z
  .object({
    amount: money().openapi({ description: "what a refund of these lines and shipping gives back now, in minor units" }),
    currency: z.string(),
    items: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        amount: money().openapi({ description: "these units' net price with their tax" }),
      }),
    ),
    shipping: money().openapi({ description: "of the amount, the shipping charge and its tax; 0 when not asked" }),
    left: money().openapi({ description: "what is left to refund on the order before this refund" }),
  })
  .openapi("RefundQuote");
/** A guest's cart: the browser draws the token (32 random bytes) and keeps it; the API keeps only its hash. */
export const GuestCartHeader = z.object({
  "x-guest-cart": z
    .string({ message: "is required: the guest cart's token (gc_ and 43 base64url characters, drawn by the client)" })
    .regex(/^gc_[A-Za-z0-9_-]{43}$/, "must be gc_ followed by 43 base64url characters (32 random bytes the client draws)")
    .openapi({ description: "The guest cart's token: `gc_` and 32 random bytes in base64url, drawn once by the client and kept" }),
});

export const GuestOrderBody = z
  .strictObject({
    email: z
      .email("must be a valid email address")
      .max(254, "must be at most 254 characters")
      .openapi({ description: "where the confirmation, with the order's link, goes" }),
    name: freeText("name", 200),
    shippingAddress: z.strictObject(ShippingAddress.shape),
    shippingMethod: ShippingMethod.optional().openapi({ description: "standard (default) or express" }),
    paymentMethodId: z
      .string()
      .min(1, "must not be empty")
      .max(255, "must be at most 255 characters")
      .regex(/^[A-Za-z0-9_]+$/, "must be a payment method id such as pm_card_visa"),
    notes: OrderNotes.optional(),
    expectedTotal: minorUnits
      .optional()
      .openapi({ description: "the total the guest saw; a higher total at checkout is refused with 409 instead of charged" }),
  })
  .openapi("GuestOrderRequest", {
    example: {
      email: "ada@example.com",
      name: "Ada Lovelace",
      shippingAddress: { street: "1 Analytical Way", city: "London", state: "LDN", zip: "10001", country: "US" },
      paymentMethodId: "pm_card_visa",
    },
  });

export const GuestOrderTokenHeader = z.object({
  "x-order-token": z
    .string({ message: "is required: the token of the order's link" })
    .max(100, "must be at most 100 characters")
    .openapi({ description: "The token from the link in the order's confirmation email (or the checkout's answer)" }),
});

/** A product's reviews as shoppers and the shop see them. */
export const Rating = z.object({ average: z.number().nullable(), count: z.number().int() });

export const PublicReview = z
  .object({
    id: z.string(),
    authorName: z.string().openapi({ description: "the author's first name" }),
    rating: z.number().int().min(1).max(5),
    title: z.string(),
    text: z.string().openapi({ description: "plain text: show it as text, never as HTML" }),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("Review");
export const ReviewPage = z.object({ items: z.array(PublicReview), rating: Rating }).openapi("ProductReviews");
export const AdminReview = PublicReview.extend({ customerId: z.string(), hidden: z.boolean() }).openapi("AdminReview");
export const AdminReviewPage = z.object({ items: z.array(AdminReview), rating: Rating }).openapi("AdminProductReviews");

/** A guest's order, with the token of its link. */
export const GuestOrderAnswer = OrderAnswer.extend({
  orderToken: z.string().openapi({
    description: "opens this order (GET /guest/orders/{orderNumber} with X-Order-Token); the confirmation email links to it too",
  }),
}).openapi("GuestOrder");
