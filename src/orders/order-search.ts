import type pg from "pg";
import { z } from "zod";
import { CustomerId } from "../customers/domain/customer.ts";
import { pagingFields, searchText, sqlParameters } from "../platform/database/paging.ts";
import { identifier } from "../platform/domain/quantity.ts";
import { couponCode } from "../pricing/domain/coupons.ts";
import { ORDER_STATUSES } from "./domain/order-status.ts";
import { OrderRow, ordersTable } from "./order-row.ts";

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time such as 2026-12-01T00:00:00Z" });

/** An admin's order search: every filter optional, all given filters must match. */
export const OrderSearchInput = z
  .strictObject({
    status: z.enum(ORDER_STATUSES, { message: `must be one of ${ORDER_STATUSES.join(", ")}` }).optional(),
    from: instant.optional().describe("orders created at or after this instant"),
    to: instant.optional().describe("orders created before this instant"),
    email: z
      .string()
      .trim()
      .min(3, "email must be at least 3 characters")
      .max(254, "email must be at most 254 characters")
      .optional()
      .describe("the customer's email, any case"),
    orderId: identifier("orderId").optional(),
    orderNumber: z.string().trim().min(1, "orderNumber must not be empty").max(50, "orderNumber must be at most 50 characters").optional(),
    customerId: CustomerId.optional().describe("the account that placed the order (orders placed through the HTTP API)"),
    couponCode: couponCode
      .optional()
      .describe("orders that used this coupon (any case): its redemptions, failed and cancelled checkouts included"),
    text: searchText("part of the customer's name or email, or of the order number or id, any case"),
    ...pagingFields,
  })
  .check((ctx) => {
    const { from, to } = ctx.value;
    if (from && to && Date.parse(to) <= Date.parse(from))
      ctx.issues.push({ code: "custom", input: to, path: ["to"], message: "must be after from" });
  });
export type OrderSearchInput = z.infer<typeof OrderSearchInput>;

export const OrderSearchResult = z.object({
  orders: z.array(OrderRow).describe("newest first"),
  total: z.number().int().describe("orders matching the filters, on all pages"),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type OrderSearchResult = z.infer<typeof OrderSearchResult>;

const COLUMNS = Object.entries(ordersTable.columns)
  .map(([field, c]) => `${c.column} AS "${field}"`)
  .join(", ");

/** Newest first, paged, with the total; each filter uses an index of the orders table. */
export async function searchOrders(pool: pg.Pool, input: OrderSearchInput): Promise<OrderSearchResult> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  const where: string[] = [];
  const { values, param } = sqlParameters();
  if (input.status) where.push(`status = ${param(input.status)}`);
  if (input.from) where.push(`created_at >= ${param(new Date(input.from))}`);
  if (input.to) where.push(`created_at < ${param(new Date(input.to))}`);
  if (input.email) where.push(`lower(customer_email) = lower(${param(input.email)})`);
  if (input.orderId) where.push(`order_id = ${param(input.orderId)}`);
  if (input.orderNumber) where.push(`order_number = ${param(input.orderNumber)}`);
  if (input.customerId) where.push(`customer_id = ${param(input.customerId)}`);
  if (input.couponCode) where.push(`coupon_code = ${param(input.couponCode)}`);
  if (input.text) {
    // A substring of any of them: no index serves it, so it scans what the other filters leave.
    const p = param(`%${input.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(customer_name ILIKE ${p} OR customer_email ILIKE ${p} OR order_number ILIKE ${p} OR order_id ILIKE ${p})`);
  }
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [rows, count] = await Promise.all([
    pool.query(
      `SELECT ${COLUMNS} FROM orders ${filter} ORDER BY created_at DESC, order_id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM orders ${filter}`, values),
  ]);
  const orders = rows.rows.map((r: Record<string, unknown>) => ({
    ...r,
    createdAt: (r.createdAt as Date).getTime(),
    updatedAt: (r.updatedAt as Date).getTime(),
  })) as OrderSearchResult["orders"];
  return { orders, total: count.rows[0]!.total, page, pageSize };
}
