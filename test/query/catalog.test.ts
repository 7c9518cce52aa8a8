import { beforeAll, describe, expect, it } from "vitest";
import { api, newCustomer, signedInAdmin } from "../support/api.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";
import { orderRequest, processOrder } from "../support/shop.ts";

const admin = (handler: string, body: unknown) => post(`/CatalogAdmin/${handler}`, body);
const catalog = (handler: string, body?: unknown) => post(`/Catalog/${handler}`, body);
/** The HTTP API's catalog search (GET /products, or GET /admin/products with an admin's token): PostgreSQL, straight from the API. */
const searchUrl = (path: string, query: Record<string, unknown>) =>
  `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`;
const letters = () => Array.from({ length: 8 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]).join("");

describe("the catalog: products on InventoryItem, categories in Restate, search and product pages in PostgreSQL", () => {
  // A word of this run only, so the shared database's other products never match.
  const token = letters();
  const cat = (name: string) => `${name}-${token}`;
  const made: Record<string, any> = {};

  async function create(key: string, body: Record<string, unknown>, stock = 0) {
    const sku = uniqueId("CAT");
    const answer = await admin("createProduct", { sku, ...body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    if (stock > 0) expect((await post(`/InventoryItem/${sku}/restock`, { quantity: stock })).status).toBe(200);
    made[key] = answer.body;
    return answer.body;
  }

  let adminToken: string;
  const search = async (query: Record<string, unknown>) => (await api("GET", searchUrl("/products", query))).body;
  const adminSearch = async (query: Record<string, unknown>) =>
    (await api("GET", searchUrl("/admin/products", query), { token: adminToken })).body;
  const searchable = (query: Record<string, unknown>) => search({ q: token, ...query });
  /** A public page names products by id (no SKU): the ids of the products made here, in the page's order. */
  const idsOf = (page: any) => page.items.map((p: any) => p.id);
  const ids = (...keys: string[]) => keys.map((key) => made[key].productId);
  const productPage = (slug: string) => api("GET", `/products/${slug}`);

  beforeAll(async () => {
    adminToken = (await signedInAdmin()).accessToken;
    for (const [name, parent] of [
      ["apparel", undefined],
      ["shoes", "apparel"],
      ["running", "shoes"],
      ["kitchen", undefined],
    ] as const) {
      const answer = await admin("createCategory", {
        name: `${name} ${token}`,
        slug: cat(name),
        ...(parent ? { parent: cat(parent) } : {}),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    await create(
      "trail",
      {
        name: `Trail Runner ${token}`,
        price: 12000,
        category: cat("running"),
        status: "active",
        description: "Leather upper, rubber sole",
      },
      5,
    );
    await create(
      "boot",
      {
        name: `Leather Boot ${token}`,
        price: 18000,
        compareAtPrice: 21000,
        category: cat("shoes"),
        status: "active",
        images: ["https://img.example/boot.jpg"],
      },
      0,
    );
    await create(
      "shirt",
      {
        name: `Linen Shirt ${token}`,
        price: 4500,
        category: cat("apparel"),
        status: "active",
        description: "Made to be worn with a leather belt",
      },
      3,
    );
    await create("mug", { name: `Stoneware Mug ${token}`, price: 1500, category: cat("kitchen"), status: "active" }, 10);
    await create("draft", { name: `Secret Leather Jacket ${token}`, price: 30000, category: cat("apparel") }, 2);
    await eventually(
      () => searchable({}),
      (page) => page.total === 4,
    );
    // Stock rows follow the restocks a moment later (a quiet item's first move): until then a product reads as out of stock.
    await eventually(
      () => searchable({ inStock: true }),
      (page) => page.total === 3,
    );
  });

  it("gives each product a stable id and a slug from its name, and a product page by slug", async () => {
    expect(made.trail).toMatchObject({
      productId: expect.stringMatching(/^prd_[0-9a-f]{24}$/),
      slug: `trail-runner-${token}`,
      status: "active",
    });
    const expected = {
      sku: made.trail.sku,
      name: `Trail Runner ${token}`,
      price: 12000,
      available: 5,
      inStock: true,
      category: cat("running"),
    };
    const page = await productPage(made.trail.slug);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ id: made.trail.productId, slug: made.trail.slug, status: "active", ...expected });
    expect((await productPage(`no-such-${token}`)).status).toBe(404);
    // Restate's own word, for the reviews' routes: the same product.
    const exact = await catalog("product", { slug: made.trail.slug });
    expect(exact.body).toMatchObject({ productId: made.trail.productId, ...expected });
    expect((await catalog("product", { slug: `no-such-${token}` })).status).toBe(404);
  });

  it("hides drafts from the public, not from admins; activating one makes it findable", async () => {
    expect(made.draft.status).toBe("draft");
    expect(idsOf(await searchable({}))).not.toContain(made.draft.productId);
    expect((await productPage(made.draft.slug)).status).toBe(404);
    expect((await catalog("product", { slug: made.draft.slug })).status).toBe(404);
    const drafts = await adminSearch({ q: token, status: "draft" });
    expect(drafts.items.map((p: any) => p.sku)).toEqual([made.draft.sku]);
    expect((await adminSearch({ q: token })).total).toBe(5);
    expect((await admin("getProduct", { productId: made.draft.productId })).body).toMatchObject({ sku: made.draft.sku, status: "draft" });

    // A draft is not for sale: the checkout's reservation is refused.
    const order = await processOrder(uniqueId("draft-order"), orderRequest([[made.draft.sku, 1]]));
    expect(order.status).toBe(409);
    expect(order.body.message).toContain("not for sale");
  });

  it("searches text ranked, the last word as a prefix, name before description", async () => {
    const leather = await search({ q: `${token} leath` });
    expect(idsOf(leather)).toEqual(ids("boot", "trail", "shirt"));
    expect(leather.total).toBe(3);
    const running = await search({ q: `runni ${token}` });
    expect(idsOf(running)).toEqual([]);
    const runner = await search({ q: `${token} runn` });
    expect(idsOf(runner)).toEqual(ids("trail"));
    expect(idsOf(await search({ q: made.mug.sku }))).toEqual(ids("mug"));
  });

  it("finds a SKU by its parts as typed, even a part English stemming would change", async () => {
    const sku = `cups-${letters()}s-boxes`;
    const created = await admin("createProduct", { sku, name: "Plain tumbler", price: 900, status: "active" });
    expect(created.status).toBe(200);
    await eventually(
      async () => idsOf(await search({ q: sku })),
      (found) => found.length > 0,
    );
    expect(idsOf(await search({ q: sku }))).toEqual([created.body.productId]);
  });

  it("filters by a category and everything below it, by price, by stock", async () => {
    expect(idsOf(await searchable({ category: cat("apparel"), sort: "price_asc" }))).toEqual(ids("shirt", "trail", "boot"));
    expect(idsOf(await searchable({ category: cat("shoes"), sort: "price_asc" }))).toEqual(ids("trail", "boot"));
    expect(idsOf(await searchable({ category: cat("kitchen") }))).toEqual(ids("mug"));
    expect(idsOf(await searchable({ minPrice: 4500, maxPrice: 12000, sort: "price_desc" }))).toEqual(ids("trail", "shirt"));
    const inStock = await searchable({ inStock: true, sort: "price_asc" });
    expect(idsOf(inStock)).toEqual(ids("mug", "shirt", "trail"));
    expect(inStock.items.every((p: any) => p.available > 0)).toBe(true);
  });

  it("sorts by price or newest and pages with the total", async () => {
    expect(idsOf(await searchable({ sort: "price_desc" }))).toEqual(ids("boot", "trail", "shirt", "mug"));
    expect(idsOf(await searchable({ sort: "newest" }))).toEqual(ids("mug", "shirt", "boot", "trail"));
    const first = await searchable({ sort: "price_asc", limit: 3 });
    const second = await searchable({ sort: "price_asc", limit: 3, page: 2 });
    expect(first).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(second).toMatchObject({ total: 4, page: 2 });
    expect([...idsOf(first), ...idsOf(second)]).toEqual(ids("mug", "shirt", "trail", "boot"));
    expect((await searchable({ page: 3, limit: 3 })).total).toBe(4);
  });

  it("updates by product id at once (found through Restate), keeping id and slug; null clears a field", async () => {
    const sku = uniqueId("CAT");
    const created = (await admin("createProduct", { sku, name: `Teapot ${token}`, price: 2500, description: "round" })).body;
    const updated = await admin("updateProduct", {
      productId: created.productId,
      name: `Big Teapot ${token}`,
      status: "active",
      description: null,
      compareAtPrice: 3000,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      productId: created.productId,
      sku,
      slug: created.slug,
      name: `Big Teapot ${token}`,
      status: "active",
      description: null,
      compareAtPrice: 3000,
    });
    const found = await eventually(
      () => search({ q: `${token} teap` }),
      (page) => page.total === 1,
    );
    expect(found.items[0]).toMatchObject({ id: created.productId, name: `Big Teapot ${token}` });
    expect((await productPage(created.slug)).body).toMatchObject({ sku, description: null, compareAtPrice: 3000 });
    const renamed = await admin("updateProduct", { productId: created.productId, slug: `teapot-xl-${token}` });
    expect(renamed.body.slug).toBe(`teapot-xl-${token}`);
    // Restate has the new slug at once; the product pages follow within moments.
    expect((await catalog("product", { slug: `teapot-xl-${token}` })).status).toBe(200);
    expect((await catalog("product", { slug: created.slug })).status).toBe(404);
    await eventually(
      async () => (await productPage(`teapot-xl-${token}`)).status,
      (status) => status === 200,
    );
    expect((await productPage(created.slug)).status).toBe(404);
  });

  it("gives a contested slug to exactly one of many concurrent creates", async () => {
    const slug = `contested-${token}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => admin("createProduct", { sku: uniqueId("RACE"), name: "Contested", price: 100, slug })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers.every((a) => a.status === 409 && a.body.message.includes(`slug: ${slug} belongs to another product`))).toBe(true);
    // Without a slug, the same name gets its own: the name's slug is taken, so name and SKU.
    const second = (await admin("createProduct", { sku: uniqueId("RACE"), name: `Trail Runner ${token}`, price: 100 })).body;
    expect(second.slug).toBe(`trail-runner-${token}-${second.sku.toLowerCase()}`.replace(/[^a-z0-9]+/g, "-"));
  });

  it("keeps the category tree a tree, and serves it", async () => {
    const cycle = await admin("updateCategory", { slug: cat("apparel"), parent: cat("running") });
    expect(cycle.status).toBe(409);
    expect(cycle.body.message).toContain("parent");
    const orphan = await admin("createCategory", { name: "Orphan", parent: `nowhere-${token}` });
    expect(orphan.status).toBe(400);
    expect(orphan.body.message).toContain("parent");
    expect((await admin("createCategory", { name: `kitchen ${token}`, slug: cat("kitchen") })).status).toBe(409);
    const tree = (await catalog("categories")).body.categories.filter((c: any) => c.slug.endsWith(token));
    expect(tree.map((c: any) => [c.slug, c.parent])).toEqual([
      [cat("apparel"), null],
      [cat("shoes"), cat("apparel")],
      [cat("running"), cat("shoes")],
      [cat("kitchen"), null],
    ]);
  });

  it.each([
    ["/products", { q: "x".repeat(201) }, "q"],
    ["/products", { limit: 0 }, "limit"],
    ["/products", { sort: "cheapest" }, "sort"],
    ["/products", { minPrice: 500, maxPrice: 100 }, "maxPrice"],
    ["/products", { category: "Not A Slug" }, "category"],
    ["/admin/products", { minPrice: 500, maxPrice: 100 }, "maxPrice"],
    ["/admin/products", { status: "live" }, "status"],
  ])("GET %s %j answers 400 naming %s", async (path, query, field) => {
    const answer = await api("GET", searchUrl(path, query), { token: adminToken });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_input", field });
  });

  it("keeps the admin's search for admins: a shopper's token is a 403", async () => {
    const shopper = await newCustomer();
    const refused = await api("GET", searchUrl("/admin/products", { q: token, status: "draft" }), { token: shopper.accessToken });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(made.draft.sku);
  });

  it.each([
    ["Catalog/product", { slug: "UPPER" }, "slug"],
    ["CatalogAdmin/createProduct", { sku: "S-1", name: "X", price: 100, slug: "bad slug" }, "slug"],
    ["CatalogAdmin/createProduct", { sku: "S-1", name: "X", price: 100, images: ["ftp://x"] }, "images"],
    ["CatalogAdmin/createProduct", { sku: "S-1", name: "X", price: 100, status: "live" }, "status"],
    ["CatalogAdmin/updateProduct", { productId: "nope" }, "productId"],
    ["CatalogAdmin/createCategory", { name: "" }, "name"],
  ])("%s %j answers 400 naming %s", async (path, body, field) => {
    const answer = await post(`/${path}`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
  });

  it("refuses a former price that is not above the price, and an unknown category, naming the field and creating nothing", async () => {
    const sku = uniqueId("CAT");
    const cheap = await admin("createProduct", { sku, name: "Cheap", price: 1000, compareAtPrice: 900 });
    expect(cheap.status).toBe(400);
    expect(cheap.body.message).toContain("compareAtPrice");
    const lost = await admin("createProduct", { sku, name: "Lost", price: 1000, category: `nowhere-${token}` });
    expect(lost.status).toBe(400);
    expect(lost.body.message).toContain("category");
    expect((await post(`/InventoryItem/${sku}/get`)).status).toBe(404);
    expect((await admin("createProduct", { sku: made.mug.sku, name: "Again", price: 1 })).status).toBe(409);
  });
});
