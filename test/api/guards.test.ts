import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api/api-errors.ts";
import { requireOwner } from "../../src/api/auth/guards.ts";

const ada = { customerId: `cus_${"a".repeat(32)}`, role: "customer" as const, sessionId: "S".repeat(22) };

describe("object-level ownership", () => {
  it("lets the owner through", () => {
    expect(() => requireOwner(ada, ada.customerId, "order ORD-2026-000001 not found")).not.toThrow();
  });

  it("answers another customer's resource exactly like a missing one: 404 with the same message", () => {
    const theirs = (() => {
      try {
        requireOwner(ada, `cus_${"b".repeat(32)}`, "order ORD-2026-000001 not found");
      } catch (error) {
        return error;
      }
    })();
    const missing = (() => {
      try {
        requireOwner(ada, undefined, "order ORD-2026-000001 not found");
      } catch (error) {
        return error;
      }
    })();
    expect(theirs).toBeInstanceOf(ApiError);
    expect((theirs as ApiError).body()).toEqual({ error: { code: "not_found", message: "order ORD-2026-000001 not found" } });
    expect((theirs as ApiError).status).toBe(404);
    expect((missing as ApiError).body()).toEqual((theirs as ApiError).body());
  });

  it("does not let an admin token stand in for the owner on customer routes", () => {
    expect(() => requireOwner({ ...ada, role: "admin" }, `cus_${"b".repeat(32)}`, "cart not found")).toThrow(ApiError);
  });
});
