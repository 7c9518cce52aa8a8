import { describe, expect, it } from "vitest";
import { type Account, api, newCustomer, signedInAdmin } from "../support/api.ts";
import { deliveredOrder } from "../support/delivered.ts";
import { eventually, post, uniqueId } from "../support/restate.ts";

/** An active product with stock, made as an admin makes it; its slug. */
async function activeProduct(admin: Account, token: string, price: number) {
  const sku = uniqueId("REV");
  const created = await api("POST", "/admin/products", {
    token: admin.accessToken,
    body: { sku, name: `Reviewed kettle ${token}`, price, status: "active" },
  });
  expect(created.status).toBe(201);
  expect((await post(`/InventoryItem/${sku}/restock`, { quantity: 10, reference: uniqueId("rs") })).status).toBe(200);
  return { sku, slug: created.body.slug as string };
}

const review = (me: Account, slug: string, body: Record<string, unknown>) =>
  api("PUT", `/products/${slug}/reviews/mine`, { token: me.accessToken, body });

describe("product reviews", () => {
  it("come from customers who received the product, one each, editable, in the catalog's rating and sort", async () => {
    const admin = await signedInAdmin();
    const token = uniqueId("t").toLowerCase();
    const kettle = await activeProduct(admin, token, 4500);
    const other = await activeProduct(admin, token, 4400);
    const ada = await newCustomer({ name: "Ada Lovelace" });
    const bob = await newCustomer({ name: "Bob Byron" });

    const early = await review(ada, kettle.slug, { rating: 5, title: "Great", text: "Boils fast." });
    expect(early.status).toBe(403);
    expect(early.body.error.message).toContain("only a customer who received");

    await deliveredOrder(ada, kettle.sku);
    await deliveredOrder(bob, kettle.sku);
    const written = await review(ada, kettle.slug, { rating: 5, title: "Great kettle", text: "Boils fast & quietly." });
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ authorName: "Ada", rating: 5, title: "Great kettle", text: "Boils fast & quietly." });
    expect(written.body).not.toHaveProperty("customerId");
    const edited = await review(ada, kettle.slug, { rating: 4, title: "Good kettle", text: "Boils fast; the lid sticks." });
    expect(edited.body.id).toBe(written.body.id);
    expect((await review(bob, kettle.slug, { rating: 2, title: "Loud", text: "Whistles like a train." })).status).toBe(200);

    const page = await api("GET", `/products/${kettle.slug}/reviews`);
    expect(page.status).toBe(200);
    expect(page.body.rating).toEqual({ average: 3, count: 2 });
    expect(page.body.items.map((r: { title: string }) => r.title).sort()).toEqual(["Good kettle", "Loud"]);
    expect((await api("GET", `/products/${kettle.slug}`)).body.rating).toEqual({ average: 3, count: 2 });

    // Search shows the rating, and sorts by it: the reviewed product before the unreviewed one.
    const found = await eventually(
      () => api("GET", `/products?q=${token}&sort=rating`),
      (r) => r.body.items?.[0]?.rating?.count === 2,
    );
    expect(found.body.items.map((p: { slug: string }) => p.slug)).toEqual([kettle.slug, other.slug]);
    expect(found.body.items[1].rating).toEqual({ average: null, count: 0 });
  });

  it("refuse markup and bad ratings naming the field, and let an admin hide a review from every page and the rating", async () => {
    const admin = await signedInAdmin();
    const token = uniqueId("t").toLowerCase();
    const kettle = await activeProduct(admin, token, 3900);
    const cy = await newCustomer({ name: "Cy Young" });
    await deliveredOrder(cy, kettle.sku);

    const html = await review(cy, kettle.slug, { rating: 5, title: "Nice", text: "<script>alert(1)</script>" });
    expect(html.status).toBe(400);
    expect(html.body.error.message).toContain("text must be plain text, without HTML tags");
    const six = await review(cy, kettle.slug, { rating: 6, title: "Nice", text: "Very." });
    expect(six.status).toBe(400);
    expect(six.body.error.message).toContain("rating must be 1 to 5");
    expect((await api("GET", `/products/${kettle.slug}/reviews`)).body.items).toEqual([]);

    const written = await review(cy, kettle.slug, { rating: 1, title: "Rusty", text: "Rust after a week. 2 < 3 stars." });
    expect(written.status).toBe(200);
    expect(
      (await api("PUT", `/admin/reviews/${kettle.sku}/${written.body.id}`, { token: cy.accessToken, body: { hidden: true } })).status,
    ).toBe(403);
    const hidden = await api("PUT", `/admin/reviews/${kettle.sku}/${written.body.id}`, {
      token: admin.accessToken,
      body: { hidden: true },
    });
    expect(hidden.status).toBe(200);
    expect(hidden.body.items[0]).toMatchObject({ id: written.body.id, hidden: true });
    expect(hidden.body.rating).toEqual({ average: null, count: 0 });
    const shown = await api("GET", `/products/${kettle.slug}/reviews`);
    expect(shown.body).toEqual({ items: [], rating: { average: null, count: 0 } });
    const missing = await api("PUT", `/admin/reviews/${kettle.sku}/rev_${"0".repeat(20)}`, {
      token: admin.accessToken,
      body: { hidden: true },
    });
    expect(missing.status).toBe(404);
  });
});
