import type pg from "pg";
import { z } from "zod";
import { pagingFields, searchText, sqlParameters } from "../platform/database/paging.ts";
import { CustomerRow } from "./customer-row.ts";
import { Role } from "./domain/customer.ts";

/** An admin's search of the accounts: part of an email or name, a role; newest first, paged. */
export const CustomerSearchInput = z.strictObject({
  text: searchText("part of the email or the name, any case"),
  role: Role.optional(),
  ...pagingFields,
});
export type CustomerSearchInput = z.infer<typeof CustomerSearchInput>;

export const CustomerSearchResult = z.object({
  customers: z
    .array(CustomerRow.extend({ paidOrders: z.number().int().describe("orders whose payment was captured, refunded ones included") }))
    .describe("newest first"),
  total: z.number().int().describe("accounts matching, on all pages"),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CustomerSearchResult = z.infer<typeof CustomerSearchResult>;

/**
 * From the customers projection, with each account's paid orders counted from the orders projection
 * (by the index on the account). A substring of the email or name scans what the role leaves: the
 * accounts table is small next to the orders.
 */
export async function searchCustomers(pool: pg.Pool, input: CustomerSearchInput): Promise<CustomerSearchResult> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  const where: string[] = [];
  const { values, param } = sqlParameters();
  if (input.role) where.push(`c.role = ${param(input.role)}`);
  if (input.text) {
    const p = param(`%${input.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(c.email ILIKE ${p} OR c.name ILIKE ${p})`);
  }
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [rows, count] = await Promise.all([
    pool.query(
      `SELECT c.customer_id, c.email, c.name, c.role, c.loyalty_tier, c.created_at,
              (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id AND o.captured > 0)::int AS paid_orders
       FROM customers c ${filter} ORDER BY c.created_at DESC, c.customer_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    ),
    pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM customers c ${filter}`, values),
  ]);
  const customers = rows.rows.map((r: Record<string, unknown>) => ({
    customerId: r.customer_id as string,
    email: r.email as string,
    name: r.name as string,
    role: r.role as string,
    loyaltyTier: r.loyalty_tier as string,
    createdAt: (r.created_at as Date).getTime(),
    paidOrders: r.paid_orders as number,
  }));
  return { customers, total: count.rows[0]!.total, page, pageSize };
}
