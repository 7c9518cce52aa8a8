import { createRoute, z } from "@hono/zod-openapi";
import { CustomerId } from "../../domain/customer.ts";
import { principalOf, requireRole } from "../auth/guards.ts";
import { ApiError } from "../errors.ts";
import { routes } from "../openapi.ts";
import { call, writeOptions } from "../restate.ts";
import { BEARER, errorResponses, IdempotencyHeader, jsonAnswer, jsonBody, Profile, SetRoleBody } from "../schemas.ts";

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

export function adminCustomerRoutes() {
  const app = routes();

  app.openapi(setRole, async (c) => {
    const { id } = c.req.valid("param");
    const { role } = c.req.valid("json");
    if (id === principalOf(c).customerId && role !== "admin")
      throw new ApiError(409, "conflict", "role: an admin cannot demote themselves; ask another admin", { field: "role" });
    const profile = await call(() =>
      c.var.deps.restate.customer(id).setRole({ role }, writeOptions(c.req.valid("header")["idempotency-key"])),
    );
    const { email, name, loyaltyTier, createdAt } = profile;
    return c.json({ id: profile.id, email, name, role: profile.role, loyaltyTier, createdAt }, 200);
  });

  return app;
}
