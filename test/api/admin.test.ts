import { describe, expect, inject, it } from "vitest";
import { createApiDeps } from "../../src/api/api-server.ts";
import { ensureAdmin } from "../../src/api/startup.ts";
import { api, errorShape, newCustomer, PASSWORD, signedInAdmin, uniqueEmail } from "../support/api.ts";
import { testApiEnv } from "../support/global-setup.ts";
import { eventually, ingressUrl, post, sql, uniqueId } from "../support/restate.ts";
import { address, product } from "../support/shop.ts";

const setRole = (token: string, id: string, role: string) => api("PUT", `/admin/customers/${id}/role`, { token, body: { role } });

describe("PUT /admin/customers/{id}/role", () => {
  it("lets an admin promote a customer; admin routes then accept the customer", async () => {
    const admin = await signedInAdmin();
    const customer = await newCustomer();
    const res = await setRole(admin.accessToken, customer.id, "admin");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: customer.id,
      email: customer.email,
      name: "Ada Lovelace",
      role: "admin",
      loyaltyTier: "bronze",
      createdAt: expect.any(String),
    });
    const relogged = await api("POST", "/auth/login", { body: { email: customer.email, password: PASSWORD } });
    expect(relogged.body.customer.role).toBe("admin");
    const other = await newCustomer();
    expect((await setRole(relogged.body.accessToken, other.id, "admin")).status).toBe(200);
  });

  it("is 403 for a customer, 401 without a token, and changes nothing", async () => {
    const customer = await newCustomer();
    const target = await newCustomer();
    const forbidden = await setRole(customer.accessToken, target.id, "admin");
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual(errorShape("forbidden"));
    const self = await setRole(customer.accessToken, customer.id, "admin");
    expect(self.status).toBe(403);
    const anonymous = await api("PUT", `/admin/customers/${target.id}/role`, { body: { role: "admin" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(errorShape("unauthenticated"));
    expect((await api("GET", "/me", { token: target.accessToken })).body.role).toBe("customer");
    expect((await api("GET", "/me", { token: customer.accessToken })).body.role).toBe("customer");
  });

  it("takes a demotion into effect at once, although the old token still says admin", async () => {
    const admin = await signedInAdmin();
    const deputy = await newCustomer();
    await setRole(admin.accessToken, deputy.id, "admin");
    const deputyToken = (await api("POST", "/auth/refresh", { body: { refreshToken: deputy.refreshToken } })).body.accessToken;
    const target = await newCustomer();
    expect((await setRole(deputyToken, target.id, "customer")).status).toBe(200);
    expect((await setRole(admin.accessToken, deputy.id, "customer")).status).toBe(200);
    const after = await setRole(deputyToken, target.id, "admin");
    expect(after.status).toBe(403);
    expect((await api("GET", "/me", { token: target.accessToken })).body.role).toBe("customer");
  });

  it("answers 404 for an unknown customer, 400 for a bad id or role, 409 for demoting oneself", async () => {
    const admin = await signedInAdmin();
    const unknown = await setRole(admin.accessToken, `cus_${"0".repeat(32)}`, "admin");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(errorShape("not_found"));
    const badId = await setRole(admin.accessToken, "someone", "admin");
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe("id");
    const customer = await newCustomer();
    const badRole = await setRole(admin.accessToken, customer.id, "owner");
    expect(badRole.status).toBe(400);
    expect(badRole.body.error).toMatchObject({ field: "role", message: "role: must be customer or admin" });
    const self = await setRole(admin.accessToken, admin.id, "customer");
    expect(self.status).toBe(409);
    expect((await api("GET", "/me", { token: admin.accessToken })).body.role).toBe("admin");
  });
});

describe("admin bootstrap (ADMIN_EMAIL / ADMIN_PASSWORD)", () => {
  const deps = (extra: Record<string, string> = {}) => createApiDeps({ env: testApiEnv(ingressUrl(), extra) });

  it("made the configured admin at startup, and is idempotent: a second run writes nothing", async () => {
    const admin = await signedInAdmin();
    expect((await api("GET", "/me", { token: admin.accessToken })).body).toMatchObject({ email: inject("adminEmail"), role: "admin" });
    // Profile and password only: other test files sign the admin in (new sessions) meanwhile.
    const account = `SELECT key, value_utf8 FROM state WHERE service_name = 'Customer' AND service_key = '${admin.id}' AND key IN ('profile', 'passwordHash') ORDER BY key`;
    const before = await sql(account);
    expect(before).toHaveLength(2);
    const again = await ensureAdmin(deps(), inject("adminEmail"), inject("adminPassword"));
    expect(again.id).toBe(admin.id);
    expect(await sql(account)).toEqual(before);
    // The admin's session survived the second run.
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: admin.refreshToken } })).status).toBe(200);
  });

  it("creates a missing admin account", async () => {
    const email = uniqueEmail("boss");
    const made = await ensureAdmin(deps(), email, "the boss password");
    expect(made).toMatchObject({ email, role: "admin" });
    const login = await api("POST", "/auth/login", { body: { email, password: "the boss password" } });
    expect(login.body.customer).toMatchObject({ id: made.id, role: "admin" });
  });

  it("promotes an existing customer and sets the configured password, ending its sessions", async () => {
    const customer = await newCustomer();
    const promoted = await ensureAdmin(deps(), customer.email, "a brand new password");
    expect(promoted).toMatchObject({ id: customer.id, role: "admin" });
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: customer.refreshToken } })).status).toBe(401);
    expect((await api("POST", "/auth/login", { body: { email: customer.email, password: PASSWORD } })).status).toBe(401);
    expect(
      (await api("POST", "/auth/login", { body: { email: customer.email, password: "a brand new password" } })).body.customer.role,
    ).toBe("admin");
  });

  it("promotes without touching the password or sessions when the password already matches", async () => {
    const customer = await newCustomer();
    expect(await ensureAdmin(deps(), customer.email, PASSWORD)).toMatchObject({ id: customer.id, role: "admin" });
    expect((await api("POST", "/auth/refresh", { body: { refreshToken: customer.refreshToken } })).body.customer.role).toBe("admin");
  });

  it("keeps the handlers it uses internally off the ingress", async () => {
    const customer = await newCustomer();
    const res = await post(`/Customer/${customer.id}/grantAdmin`, {});
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await api("GET", "/me", { token: customer.accessToken })).body.role).toBe("customer");
    expect(
      (
        await post(`/Customer/cus_${"1".repeat(32)}/create`, {
          email: uniqueEmail(),
          name: "X",
          passwordHash: "scrypt$ln=15,r=8,p=1$AAAA$AAAA",
          role: "admin",
        })
      ).status,
    ).toBeGreaterThanOrEqual(400);
  });
});

describe("GET /admin/customers and GET /admin/customers/{id}", () => {
  it("finds accounts by part of their email or name, paged, and shows one with its tier, spend and orders; admins only", async () => {
    const admin = await signedInAdmin();
    const surname = uniqueId("Quill").replace(/[^A-Za-z0-9]/g, "");
    const buyer = await newCustomer({ name: `Ada ${surname}` });
    const browser = await newCustomer({ name: `Bea ${surname}` });
    const sku = await product(5, 3000);
    await api("POST", "/cart/items", { token: buyer.accessToken, body: { sku, quantity: 2 } });
    const placed = await api("POST", "/orders", {
      token: buyer.accessToken,
      body: { shippingAddress: address, paymentMethodId: "pm_card_visa" },
    });
    expect(placed.status).toBe(201);

    const get = (path: string, token = admin.accessToken) => api("GET", path, { token });
    const byName = await eventually(
      () => get(`/admin/customers?q=${surname.toLowerCase()}`),
      (r) => r.body.total === 2 && r.body.items.some((c: { paidOrders: number }) => c.paidOrders === 1),
    );
    // Newest first, with each one's paid orders.
    expect(byName.body).toMatchObject({ page: 1, limit: 20, total: 2 });
    expect(byName.body.items).toEqual([
      {
        id: browser.id,
        email: browser.email,
        name: `Bea ${surname}`,
        role: "customer",
        loyaltyTier: expect.any(String),
        createdAt: expect.any(String),
        paidOrders: 0,
      },
      {
        id: buyer.id,
        email: buyer.email,
        name: `Ada ${surname}`,
        role: "customer",
        loyaltyTier: expect.any(String),
        createdAt: expect.any(String),
        paidOrders: 1,
      },
    ]);
    const paged = await get(`/admin/customers?q=${surname}&limit=1&page=2`);
    expect(paged.body).toMatchObject({ page: 2, limit: 1, total: 2, items: [{ id: buyer.id }] });
    const byEmail = await get(`/admin/customers?q=${encodeURIComponent(buyer.email.toUpperCase())}`);
    expect(byEmail.body.items.map((c: { id: string }) => c.id)).toEqual([buyer.id]);
    expect((await get(`/admin/customers?q=${surname}&role=admin`)).body.total).toBe(0);
    // A wildcard typed is a character, not a pattern.
    expect((await get("/admin/customers?q=%25%25%25")).body.total).toBe(0);

    const one = await eventually(
      () => get(`/admin/customers/${buyer.id}`),
      (r) => r.body.loyalty?.orders === 1 && r.body.orders?.total === 1,
    );
    expect(one.body).toEqual({
      id: buyer.id,
      email: buyer.email,
      name: `Ada ${surname}`,
      role: "customer",
      loyaltyTier: one.body.loyalty.tier,
      createdAt: expect.any(String),
      loyalty: { tier: expect.any(String), lifetimeSpend: placed.body.total, currency: "USD", orders: 1 },
      addresses: 0,
      orders: {
        total: 1,
        items: [expect.objectContaining({ orderNumber: placed.body.orderNumber, customerId: buyer.id, total: placed.body.total })],
      },
    });

    // Customers may not; an unknown account is a 404; bad input a 400 naming the field.
    expect((await get("/admin/customers", buyer.accessToken)).status).toBe(403);
    expect((await get(`/admin/customers/${browser.id}`, buyer.accessToken)).status).toBe(403);
    expect((await api("GET", "/admin/customers")).status).toBe(401);
    expect((await get(`/admin/customers/cus_${"0".repeat(32)}`)).status).toBe(404);
    const badId = await get("/admin/customers/not-an-id");
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe("id");
    const badRole = await get("/admin/customers?role=owner");
    expect(badRole.body.error).toMatchObject({ field: "role", message: "role: must be customer or admin" });
    expect((await get(`/admin/customers?q=${"q".repeat(101)}`)).status).toBe(400);
  });
});
