import { z } from "zod";
import { epochMs, type Table } from "../platform/database/projection-table.ts";
import type { Profile } from "./domain/customer.ts";

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

export const customersTable: Table<CustomerRow> = {
  name: "customers",
  handler: "customer",
  schema: CustomerRow,
  key: "customerId",
  columns: {
    customerId: { column: "customer_id" },
    email: { column: "email" },
    name: { column: "name" },
    role: { column: "role" },
    loyaltyTier: { column: "loyalty_tier" },
    createdAt: { column: "created_at", time: true },
  },
};
