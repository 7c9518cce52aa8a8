import { z } from "zod";

/** `page` (from 1) and `pageSize` (at most 100, 20 by default): how every search of the query side pages. */
export const pagingFields = {
  page: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(10_000, "must be at most 10000")
    .optional()
    .meta({ default: 1 }),
  pageSize: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .optional()
    .meta({ default: 20 }),
};

/** A search's free text: a part of some names, trimmed, 1 to 100 characters. */
export const searchText = (description: string) =>
  z.string().trim().min(1, "text must not be empty").max(100, "text must be at most 100 characters").optional().describe(description);

/** A search's SQL parameters: `param(value)` keeps the value and answers its placeholder ($1, $2, …). */
export function sqlParameters(): { values: unknown[]; param: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    param: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
