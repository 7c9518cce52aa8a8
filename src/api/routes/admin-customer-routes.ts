import { createRoute, z } from "@hono/zod-openapi";
import { CustomerSearchInput, searchCustomers } from "../../customers/customer-search.ts";
import { CustomerApi } from "../../customers/customers-ingress.ts";
import { CustomerId } from "../../customers/domain/customer.ts";
import { searchOrders } from "../../orders/order-search.ts";
import { ApiError } from "../api-errors.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, Profile, SetRoleBody } from "../api-schemas.ts";
import { principalOf, requireRole } from "../auth/guards.ts";
import { routes } from "../openapi.ts";
import { AdminCustomerAnswer, AdminCustomerList, AdminCustomerQuery, adminOrderListItem } from "../operations-schemas.ts";
import { queryInput } from "../query-input.ts";
import { call, writeOptions } from "../restate-client.ts";

const setRole = createRoute({
  method: "put",
  path: "/admin/customers/{id}/role",
  tags: ["Administration"],
  summary: "Make a customer an admin, or an admin a customer",
  description:
    "The only way to become admin besides ADMIN_EMAIL at startup. The new role is in the customer's next access token " +
    "(after a refresh); admin routes also check the current role, so a demotion takes effect at once. An admin cannot " +
    "demote themselves (409), so a shop never loses its last admin by a slip.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({ id: CustomerId }),
    body: jsonBody(SetRoleBody),
    headers: IdempotencyHeader,
  },
  responses: { 200: jsonAnswer("The customer's profile", Profile), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 503) },
});

const list = createRoute({
  method: "get",
  path: "/admin/customers",
  tags: ["Administration"],
  summary: "Every account, newest first, searched by email or name",
  description:
    "From the query side (it follows the accounts within moments): `q` is part of the email or the name, any case; `role` customer or admin. " +
    "Each with its paid orders. 503 while the database is away.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { query: AdminCustomerQuery },
  responses: { 200: jsonAnswer("One page of accounts", AdminCustomerList), ...errorResponses(400, 401, 403, 429, 503) },
});

const show = createRoute({
  method: "get",
  path: "/admin/customers/{id}",
  tags: ["Administration"],
  summary: "One account: its profile, loyalty tier and spend, and its orders",
  description:
    "The profile and the loyalty standing from the account itself (Restate); its orders from the query side, newest first (the latest 20, " +
    "and how many in all). Unknown account → 404.",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: z.object({ id: CustomerId }) },
  responses: { 200: jsonAnswer("The account", AdminCustomerAnswer), ...errorResponses(400, 401, 403, 404, 429, 503) },
});

export function adminCustomerRoutes() {
  const app = routes();

  app.openapi(list, async (c) => {
    const { q, role, page, limit } = c.req.valid("query");
    const input = queryInput(
      CustomerSearchInput,
      { page, pageSize: limit, ...(q ? { text: q } : {}), ...(role ? { role } : {}) },
      {
        pageSize: "limit",
        text: "q",
      },
    );
    const found = await c.var.deps.query.read((pool) => searchCustomers(pool, input));
    const items = found.customers.map(({ customerId, createdAt, ...rest }) => ({
      id: customerId,
      ...rest,
      createdAt: new Date(createdAt).toISOString(),
    }));
    return c.json({ items, page: found.page, limit: found.pageSize, total: found.total }, 200);
  });

  app.openapi(show, async (c) => {
    const { id } = c.req.valid("param");
    const { restate, query } = c.var.deps;
    // The account first: an unknown one is a 404 before anything else is asked (and left running).
    const profile = await call(() => restate.object(CustomerApi, id).get());
    const [loyalty, orders] = await Promise.all([
      call(() => restate.object(CustomerApi, id).loyalty()),
      query.read((pool) => searchOrders(pool, { customerId: id, pageSize: 20 })),
    ]);
    const { email, name, role, loyaltyTier, createdAt } = profile;
    return c.json(
      {
        id: profile.id,
        email,
        name,
        role,
        loyaltyTier,
        createdAt,
        loyalty,
        addresses: profile.addresses.length,
        orders: { items: orders.orders.map(adminOrderListItem), total: orders.total },
      },
      200,
    );
  });

  app.openapi(setRole, async (c) => {
    const { id } = c.req.valid("param");
    const { role } = c.req.valid("json");
    if (id === principalOf(c).customerId && role !== "admin")
      throw new ApiError(409, "conflict", "role: an admin cannot demote themselves; ask another admin", { field: "role" });
    const profile = await call(() =>
      c.var.deps.restate.object(CustomerApi, id).setRole({ role }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    const { email, name, loyaltyTier, createdAt } = profile;
    return c.json({ id: profile.id, email, name, role: profile.role, loyaltyTier, createdAt }, 200);
  });

  return app;
}
