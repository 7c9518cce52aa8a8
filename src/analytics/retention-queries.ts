import type pg from "pg";
import { type CohortActivity, type Retention, type RetentionInput, retentionTable } from "./domain/cohorts.ts";

/**
 * Buyers' paid orders by month (UTC) up to `now`, each buyer's first month as their cohort, and how
 * many of each cohort paid again in each later month. Paid: the checkout completed (captured).
 */
const COHORT_ACTIVITY = `
WITH paid AS (
  SELECT DISTINCT lower(customer_email) AS buyer, date_trunc('month', created_at AT TIME ZONE 'UTC') AS month
  FROM orders
  WHERE completed_at IS NOT NULL AND created_at < $1
),
firsts AS (SELECT buyer, min(month) AS cohort FROM paid GROUP BY buyer)
SELECT to_char(f.cohort, 'YYYY-MM') AS cohort,
       ((extract(year FROM p.month) - extract(year FROM f.cohort)) * 12 + extract(month FROM p.month) - extract(month FROM f.cohort))::int AS "offset",
       count(*)::int AS buyers
FROM paid p JOIN firsts f USING (buyer)
WHERE f.cohort >= $2
GROUP BY 1, 2
ORDER BY 1, 2`;

export async function retention(pool: pg.Pool, input: RetentionInput, now: number): Promise<Retention> {
  const months = input.months ?? 12;
  const end = new Date(now);
  const first = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months + 1, 1));
  const { rows } = await pool.query<CohortActivity>(COHORT_ACTIVITY, [end, first]);
  const currentMonth = `${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, "0")}`;
  return retentionTable(rows, currentMonth, months);
}
