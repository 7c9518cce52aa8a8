import { z } from "zod";
import { int, type Table } from "../platform/database/projection-table.ts";
import type { Review } from "./domain/reviews.ts";

/** A product's rating for search and sorting: the visible reviews' count and sum (ProductReviews/{sku}). */
export const RatingRow = z.object({ sku: z.string(), ratingCount: int, ratingSum: int });
export type RatingRow = z.infer<typeof RatingRow>;

export function ratingRow(sku: string, reviews: Review[]): RatingRow {
  const visible = reviews.filter((r) => !r.hidden);
  return { sku, ratingCount: visible.length, ratingSum: visible.reduce((s, r) => s + r.rating, 0) };
}

export const ratingsTable: Table<RatingRow> = {
  name: "product_ratings",
  handler: "rating",
  schema: RatingRow,
  key: "sku",
  columns: { sku: { column: "sku" }, ratingCount: { column: "rating_count" }, ratingSum: { column: "rating_sum" } },
};
