import { describe, expect, it } from "vitest";
import { api, errorShape, newCustomer, signedInAdmin } from "../support/api.ts";
import { eventually, uniqueId } from "../support/restate.ts";

const word = () =>
  uniqueId("w")
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()
    .slice(-10);

describe("the catalog over HTTP", () => {
  it("lets an admin build a category tree and products; the public finds active ones by search and slug, never a draft", async () => {
    const admin = await signedInAdmin();
    const token = word();
    const asAdmin = (method: string, path: string, body?: unknown) =>
      api(method, path, { token: admin.accessToken, ...(body === undefined ? {} : { body }) });

    const kitchen = await asAdmin("POST", "/admin/categories", { name: `Kitchen ${token}` });
    expect(kitchen.status).toBe(201);
    expect(kitchen.body).toMatchObject({ id: `kitchen-${token}`, slug: `kitchen-${token}`, parentId: null });
    const mugs = await asAdmin("POST", "/admin/categories", { name: `Mugs ${token}`, parentId: kitchen.body.id });
    expect(mugs.body).toMatchObject({ id: `mugs-${token}`, parentId: kitchen.body.id });
    expect((await asAdmin("POST", "/admin/categories", { name: "Orphan", parentId: `nowhere-${token}` })).status).toBe(400);

    const sku = uniqueId("MUG");
    const created = await asAdmin("POST", "/admin/products", {
      sku,
      name: `Stoneware mug ${token}`,
      price: 1800,
      compareAtPrice: 2200,
      categoryId: mugs.body.id,
      status: "active",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      sku,
      slug: `stoneware-mug-${token}`,
      status: "active",
      category: mugs.body.id,
      price: 1800,
      compareAtPrice: 2200,
      onHand: 0,
      available: 0,
    });
    const id = created.body.id as string;
    expect(id).toMatch(/^prd_[0-9a-f]{24}$/);
    const draft = await asAdmin("POST", "/admin/products", {
      sku: uniqueId("JUG"),
      name: `Secret jug ${token}`,
      price: 900,
      categoryId: kitchen.body.id,
    });
    expect(draft.body.status).toBe("draft");
    expect((await asAdmin("POST", "/admin/products", { sku, name: "Again", price: 100 })).status).toBe(409);

    // Search reads the projection, which follows within moments; the category includes those below it.
    const found = await eventually(
      () => api("GET", `/products?q=${token}&category=${kitchen.body.id}`),
      (r) => r.body.total === 1,
    );
    expect(found.body).toMatchObject({ page: 1, limit: 20, total: 1 });
    expect(found.body.items).toEqual([
      {
        id,
        slug: created.body.slug,
        name: `Stoneware mug ${token}`,
        price: 1800,
        compareAtPrice: 2200,
        currency: "USD",
        category: mugs.body.id,
        images: [],
        available: 0,
        rating: { average: null, count: 0 },
      },
    ]);
    expect((await api("GET", `/products?q=${token}&inStock=true`)).body.total).toBe(0);

    const page = await api("GET", `/products/${created.body.slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ id, sku, status: "active", inStock: false, description: null });
    expect((await api("GET", `/products/${draft.body.slug}`)).status).toBe(404);
    expect((await api("GET", `/products/${draft.body.slug}`)).body).toEqual(errorShape("not_found"));

    // The admin sees drafts; an update applies only the fields given, and publishing makes it public.
    const adminList = await eventually(
      () => asAdmin("GET", `/admin/products?q=${token}&status=draft`),
      (r) => r.body.total === 1,
    );
    expect(adminList.body.items[0]).toMatchObject({ id: draft.body.id, status: "draft" });
    const published = await asAdmin("PUT", `/admin/products/${draft.body.id}`, { status: "active", price: 950 });
    expect(published.body).toMatchObject({ status: "active", price: 950, name: `Secret jug ${token}` });
    // The product page reads the query side: public within moments.
    await eventually(
      async () => (await api("GET", `/products/${draft.body.slug}`)).status,
      (status) => status === 200,
    );
    expect((await asAdmin("GET", `/admin/products/${id}`)).body).toMatchObject({ sku, onHand: 0 });
    expect((await asAdmin("PUT", "/admin/products/prd_000000000000000000000000", { price: 1 })).status).toBe(404);

    const tree = (await api("GET", "/categories")).body as Array<{ id: string; children: Array<{ id: string; children: unknown[] }> }>;
    expect(tree.find((c) => c.id === kitchen.body.id)).toEqual({
      id: kitchen.body.id,
      name: `Kitchen ${token}`,
      slug: kitchen.body.id,
      children: [{ id: mugs.body.id, name: `Mugs ${token}`, slug: mugs.body.id, children: [] }],
    });
  });

  it("refuses bad queries with the field named, and keeps the admin's routes from customers", async () => {
    const bad = await api("GET", "/products?limit=500&sort=cheapest");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/limit|sort/);
    const customer = await newCustomer();
    for (const [method, path] of [
      ["POST", "/admin/products"],
      ["GET", "/admin/products"],
      ["POST", "/admin/categories"],
    ] as const) {
      expect(
        (
          await api(method, path, {
            token: customer.accessToken,
            ...(method === "POST" ? { body: { name: "x", sku: "X-1", price: 1 } } : {}),
          })
        ).status,
        `${method} ${path}`,
      ).toBe(403);
      expect((await api(method, path)).status, `${method} ${path} without a token`).toBe(401);
    }
  });
});
