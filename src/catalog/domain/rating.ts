import { z } from "zod";

/** How a product is rated, as its page and the catalog's search show it. */
export const RatingSummary = z.object({
  average: z.number().nullable().describe("of the visible reviews, one decimal; null with none"),
  count: z.number().int(),
});
export type RatingSummary = z.infer<typeof RatingSummary>;
