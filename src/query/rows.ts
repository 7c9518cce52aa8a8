import { z } from "zod";
import type { CategoryTree } from "../domain/catalog.ts";
import type { CouponCounts, CouponDefinition } from "../domain/coupons.ts";
import type { Profile } from "../domain/customer.ts";
import { availableUnits, backorderedUnits, type InventoryState, reservedUnits } from "../domain/inventory.ts";
import type { Order } from "../domain/order.ts";
import { orderMilestones } from "../domain/order-facts.ts";
import type { Review } from "../domain/reviews.ts";

/**
 * What each projection row holds, made from the Restate state it mirrors by pure functions. The live
 * projection (handlers → Projector) and the rebuild (admin SQL → the same functions) share them, so
 * both write the same rows. Times are epoch milliseconds; money is integer minor units.
 */

const int = z.number().int();
const epochMs = int.describe("milliseconds since the Unix epoch");

export const OrderRow = z.object({
  orderId: z.string(),
  orderNumber: z.string().nullable(),
  cartId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerEmail: z.string(),
  customerName: z.string(),
  status: z.string(),
  paymentStatus: z.string(),
  currency: z.string(),
  subtotal: int,
  discount: int,
  shippingCost: int,
  tax: int,
  total: int,
  couponCode: z.string().nullable(),
  /** The HTTP status a failed checkout ended with (402 declined, 409 stock or price, …); null otherwise. */
  failureCode: int.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  captured: int.describe("captured from the customer"),
  refunded: int.describe("refunded to the customer"),
  paymentStartedAt: epochMs.nullable(),
  completedAt: epochMs.nullable().describe("when the payment was captured"),
  lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: int, lineTotal: int })),
});
export type OrderRow = z.infer<typeof OrderRow>;

export function orderRow(order: Order): OrderRow {
  return {
    orderId: order.orderId,
    // Orders placed straight through processOrder (trusted clients, tests) have no number.
    orderNumber: order.orderNumber ?? null,
    cartId: order.cartId ?? null,
    customerId: order.customerId ?? null,
    customerEmail: order.customer.email,
    customerName: order.customer.name,
    status: order.status,
    paymentStatus: order.paymentStatus,
    currency: order.currency,
    subtotal: order.subtotal,
    discount: order.discount,
    shippingCost: order.shippingCost,
    tax: order.tax,
    total: order.total,
    couponCode: order.coupon?.code ?? null,
    failureCode: order.status === "failed" ? (order.failureCode ?? null) : null,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    captured: order.payment.amountCaptured,
    refunded: order.payment.amountRefunded,
    ...orderMilestones(order),
    lines: order.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, lineTotal: i.lineTotal })),
  };
}

export const ProductRow = z.object({
  sku: z.string(),
  name: z.string(),
  price: int,
  currency: z.string(),
  onHand: int,
  reserved: int,
  available: int,
  backordered: int,
  lowStockThreshold: int.nullable(),
  allowBackorder: z.boolean(),
  productId: z.string().nullable(),
  slug: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  images: z.array(z.string()),
  compareAtPrice: int.nullable(),
  status: z.string(),
  createdAt: epochMs.nullable(),
});
export type ProductRow = z.infer<typeof ProductRow>;

export function productRow(item: InventoryState): ProductRow {
  return {
    sku: item.sku,
    name: item.name,
    price: item.price,
    currency: item.currency,
    onHand: item.onHand,
    reserved: reservedUnits(item),
    available: availableUnits(item),
    backordered: backorderedUnits(item),
    lowStockThreshold: item.lowStockThreshold ?? null,
    allowBackorder: item.allowBackorder ?? false,
    productId: item.productId ?? null,
    slug: item.slug ?? null,
    description: item.description ?? null,
    category: item.category ?? null,
    images: item.images ?? [],
    compareAtPrice: item.compareAtPrice ?? null,
    status: item.status ?? "active",
    createdAt: item.createdAt ?? null,
  };
}

export const CategoryRow = z.object({
  slug: z.string(),
  name: z.string(),
  parent: z.string().nullable(),
  createdAt: epochMs,
});
export type CategoryRow = z.infer<typeof CategoryRow>;

/** The whole tree is one entity (one object, one version): its rows travel together. */
export function categoryRows(tree: CategoryTree): CategoryRow[] {
  return Object.values(tree)
    .map((c) => ({ slug: c.slug, name: c.name, parent: c.parent, createdAt: c.createdAt }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export const CustomerRow = z.object({
  customerId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  loyaltyTier: z.string(),
  createdAt: epochMs,
});
export type CustomerRow = z.infer<typeof CustomerRow>;

export function customerRow(profile: Profile): CustomerRow {
  return {
    customerId: profile.id,
    email: profile.email,
    name: profile.name,
    role: profile.role,
    loyaltyTier: profile.loyaltyTier,
    createdAt: Date.parse(profile.createdAt),
  };
}

export const CouponRow = z.object({
  code: z.string(),
  type: z.string(),
  value: int.nullable(),
  currency: z.string().nullable(),
  minSubtotal: int.nullable(),
  maxRedemptions: int.nullable(),
  perCustomerLimit: int.nullable(),
  startsAt: epochMs.nullable(),
  endsAt: epochMs.nullable(),
  redeemed: int,
  reserved: int,
  createdAt: epochMs,
  disabledAt: epochMs.nullable(),
});
export type CouponRow = z.infer<typeof CouponRow>;

export function couponRow(definition: CouponDefinition, counts: CouponCounts, createdAt: number, disabledAt?: number): CouponRow {
  return {
    code: definition.code,
    type: definition.type,
    value: definition.value ?? null,
    currency: definition.type === "fixed" ? (definition.currency ?? "USD") : (definition.currency ?? null),
    minSubtotal: definition.minSubtotal ?? null,
    maxRedemptions: definition.maxRedemptions ?? null,
    perCustomerLimit: definition.perCustomerLimit ?? null,
    startsAt: definition.startsAt ? Date.parse(definition.startsAt) : null,
    endsAt: definition.endsAt ? Date.parse(definition.endsAt) : null,
    redeemed: counts.redeemed,
    reserved: counts.reserved,
    createdAt,
    disabledAt: disabledAt ?? null,
  };
}

/** The row type of each projection, by the name the Projector's handlers have. */
/** A product's rating for search and sorting: the visible reviews' count and sum (ProductReviews/{sku}). */
export const RatingRow = z.object({ sku: z.string(), ratingCount: int, ratingSum: int });
export type RatingRow = z.infer<typeof RatingRow>;

export function ratingRow(sku: string, reviews: Review[]): RatingRow {
  const visible = reviews.filter((r) => !r.hidden);
  return { sku, ratingCount: visible.length, ratingSum: visible.reduce((s, r) => s + r.rating, 0) };
}

export interface ProjectionRows {
  order: OrderRow;
  product: ProductRow;
  customer: CustomerRow;
  coupon: CouponRow;
  rating: RatingRow;
}

/** A row with the entity version it was made from: the unit the Projector writes. */
export const versioned = <T extends z.ZodType>(row: T) =>
  z.object({ version: int.min(1).describe("the entity's projection version; older versions never overwrite newer rows"), row });
