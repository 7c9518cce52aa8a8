import { type ZodType, z } from "zod";
import { fromZodError } from "./api-errors.ts";

/**
 * A query-side read's input, made from a route's query string and checked by the read's own schema
 * (its rules across fields: a price range, a date range, as when Restate's handler checked it). A
 * refusal names the query string's field (`limit`, not `pageSize`).
 */
export function queryInput<S extends ZodType>(schema: S, value: unknown, fieldOf: Record<string, string> = {}): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.map((p) => fieldOf[String(p)] ?? p) }));
  throw fromZodError(new z.ZodError(issues), "query");
}
