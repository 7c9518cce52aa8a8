import { describe, expect, it } from "vitest";
import {
  newProduct,
  patchProduct,
  priceLine,
  productView,
  requireProduct,
  splitLegacyItem,
  upsertProduct,
} from "../../src/catalog/domain/product.ts";
import { DomainError } from "../../src/platform/domain/domain-errors.ts";

const identity = { productId: "prd_000000000000000000000001", slug: "mug", now: 5 };

describe("product domain", () => {
  it("upserts the catalog data: a new product is active, fields left out keep their values", () => {
    const first = upsertProduct(null, "MUG", { name: "Mug", price: 1200, description: "Blue", compareAtPrice: 1500 }, identity);
    expect(productView(first)).toMatchObject({ sku: "MUG", name: "Mug", price: 1200, currency: "USD", status: "active", createdAt: 5 });
    const again = upsertProduct(first, "MUG", { name: "Big mug", price: 1300 }, { ...identity, productId: "prd_other", now: 9 });
    expect(again).toMatchObject({ name: "Big mug", price: 1300, description: "Blue", compareAtPrice: 1500, createdAt: 5 });
    expect(again.productId).toBe(identity.productId);
    expect(() => upsertProduct(again, "MUG", { name: "Mug", price: 1600 }, identity)).toThrow(/compareAtPrice \(1500\) must be greater/);
  });

  it("creates an admin's product as a draft, and patches it: null clears an optional field", () => {
    const draft = newProduct("MUG", { name: "Mug", price: 1200, category: "kitchen" }, identity);
    expect(draft.status).toBe("draft");
    const patched = patchProduct(draft, { status: "active", category: null, price: 1100 }, "mug-2");
    expect(productView(patched)).toMatchObject({ status: "active", category: null, price: 1100, slug: "mug-2" });
    expect(() => patchProduct(draft, { compareAtPrice: 1000 }, "mug")).toThrow(DomainError);
  });

  it("prices an order line: not for sale is a conflict, another expected price is price_changed whatever the stock said", () => {
    const active = { sku: "MUG", status: "active" as const, price: 1200 };
    expect(priceLine(active, "reserved", undefined)).toBe("reserved");
    expect(priceLine(active, "insufficient", 1200)).toBe("insufficient");
    expect(priceLine(active, "backordered", 1100)).toBe("price_changed");
    expect(() => priceLine({ ...active, status: "draft" }, "reserved", undefined)).toThrow(/MUG is not for sale \(draft\)/);
  });

  it("says which SKU was never configured", () => {
    expect(() => requireProduct(null, "NOPE")).toThrow(/unknown SKU NOPE/);
  });

  it("splits an item of the versions before the split into its catalog part and its stock, once", () => {
    const legacy = {
      sku: "MUG",
      name: "Mug",
      price: 1200,
      currency: "USD",
      onHand: 4,
      reservations: { o1: 1 },
      totals: { restocked: 5, sold: 1, returned: 0 },
      lowStock: { armed: true, alerts: [] },
      lowStockThreshold: 2,
      productId: "prd_1",
      slug: "mug",
      status: "active",
      images: ["/media/mug.png"],
      createdAt: 3,
    };
    const { product, stock } = splitLegacyItem(legacy);
    expect(product).toEqual({
      sku: "MUG",
      name: "Mug",
      price: 1200,
      currency: "USD",
      productId: "prd_1",
      slug: "mug",
      status: "active",
      images: ["/media/mug.png"],
      createdAt: 3,
    });
    expect(stock).toEqual({
      sku: "MUG",
      onHand: 4,
      reservations: { o1: 1 },
      totals: { restocked: 5, sold: 1, returned: 0 },
      lowStock: { armed: true, alerts: [] },
      lowStockThreshold: 2,
    });
    expect(splitLegacyItem(stock)).toEqual({ product: null, stock });
  });
});
