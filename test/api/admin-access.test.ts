import { describe, expect, it } from "vitest";
import { api, errorShape, newCustomer } from "../support/api.ts";

describe("every admin route, as the OpenAPI document lists them", () => {
  it("answers 401 without a token and 403 to a customer, before it reads anything else, and documents both", async () => {
    const doc = (await api("GET", "/openapi.json")).body as {
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/admin/"))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
      );
    // The catalog, orders, purchasing and webhooks among them.
    expect(operations.length).toBeGreaterThanOrEqual(25);
    const customer = await newCustomer();
    for (const { method, path, operation } of operations) {
      const route = `${method} ${path}`;
      expect(operation.security, route).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(operation.responses), route).toEqual(expect.arrayContaining(["401", "403"]));
      // Parameters as odd as can be and an empty body: the role is checked first.
      const url = path.replace(/\{[^}]+\}/g, "x");
      const body = method === "POST" || method === "PUT" ? {} : undefined;
      const anonymous = await api(method, url, { body });
      expect(anonymous.status, route).toBe(401);
      expect(anonymous.body, route).toEqual(errorShape("unauthenticated"));
      const byCustomer = await api(method, url, { body, token: customer.accessToken });
      expect(byCustomer.status, route).toBe(403);
      expect(byCustomer.body, route).toEqual(errorShape("forbidden"));
    }
  });
});
