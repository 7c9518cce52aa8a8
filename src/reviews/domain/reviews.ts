import { z } from "zod";
import type { RatingSummary } from "../../catalog/domain/rating.ts";
import { forbidden, notFound } from "../../platform/domain/domain-errors.ts";

/**
 * Product reviews: one per product per customer, written by a customer who bought the product and
 * received it, editable by its author, hidden (not deleted) by an admin. Text is plain: what looks
 * like HTML markup is refused, and every page shows it as text.
 */

const MARKUP = /<\s*\/?\s*[a-z!?]/i;
const plainText = (field: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => !MARKUP.test(s), `${field} must be plain text, without HTML tags`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), `${field} must not hold control characters`);

export const ReviewBody = z.strictObject({
  rating: z.number().int("rating must be a whole number").min(1, "rating must be 1 to 5").max(5, "rating must be 1 to 5"),
  title: plainText("title", 120),
  text: plainText("text", 2_000),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

export const WriteReviewInput = ReviewBody.extend({ customerId: z.string(), authorName: z.string().min(1).max(200) });
export type WriteReviewInput = z.infer<typeof WriteReviewInput>;

export const Review = z.object({
  id: z.string(),
  customerId: z.string(),
  authorName: z.string().describe("the author's first name, as shown"),
  rating: z.number().int(),
  title: z.string(),
  text: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  hidden: z.object({ at: z.number().int(), by: z.string() }).optional(),
});
export type Review = z.infer<typeof Review>;

export const SetHiddenInput = z.strictObject({ reviewId: z.string().min(1).max(100), hidden: z.boolean(), by: z.string() });
export type SetHiddenInput = z.infer<typeof SetHiddenInput>;

/** Shown by first name only: a review does not publish the customer's full name. */
export const shownName = (name: string) => name.trim().split(/\s+/)[0] ?? "A customer";

/** Creates the customer's review or edits it (same id, first date kept; an admin's hiding stays). */
export function writeReview(reviews: Review[], input: WriteReviewInput, id: string, now: number): Review[] {
  const mine = reviews.find((r) => r.customerId === input.customerId);
  const written: Review = {
    id: mine?.id ?? id,
    customerId: input.customerId,
    authorName: shownName(input.authorName),
    rating: input.rating,
    title: input.title,
    text: input.text,
    createdAt: mine?.createdAt ?? now,
    updatedAt: now,
    ...(mine?.hidden ? { hidden: mine.hidden } : {}),
  };
  return [written, ...reviews.filter((r) => r.customerId !== input.customerId)];
}

export function setHidden(reviews: Review[], input: SetHiddenInput, now: number): Review[] {
  if (!reviews.some((r) => r.id === input.reviewId)) throw notFound(`no review ${input.reviewId} of this product`);
  return reviews.map((r) => {
    if (r.id !== input.reviewId) return r;
    const { hidden: _was, ...rest } = r;
    return input.hidden ? { ...rest, hidden: { at: now, by: input.by } } : rest;
  });
}

export function summarize(reviews: Review[]): RatingSummary {
  const visible = reviews.filter((r) => !r.hidden);
  if (visible.length === 0) return { average: null, count: 0 };
  const sum = visible.reduce((s, r) => s + r.rating, 0);
  return { average: Math.round((sum / visible.length) * 10) / 10, count: visible.length };
}

/** Who may review: a customer with a delivered order holding the SKU. */
export function assertMayReview(deliveredSkus: Set<string>, sku: string): void {
  if (!deliveredSkus.has(sku)) throw forbidden(`only a customer who received ${sku} may review it`);
}
