import { z } from "zod";

/**
 * Retention by monthly cohort (docs/analytics.md): a buyer belongs to the month of their first paid
 * order; for each later month, the share of the cohort who paid for another order in it. Buyers are
 * counted by email, so a guest and an account with the same address are one buyer.
 */

const int = z.number().int();

export const RetentionInput = z.strictObject({
  months: int
    .min(1, "months must be at least 1")
    .max(24, "months must be at most 24")
    .optional()
    .meta({ default: 12 })
    .describe("how many cohorts, the current month's included"),
});
export type RetentionInput = z.infer<typeof RetentionInput>;

export const Retention = z.object({
  months: int,
  cohorts: z
    .array(
      z.object({
        cohort: z.string().describe("YYYY-MM (UTC): the month of these buyers' first paid order"),
        buyers: int.describe("buyers whose first paid order was in that month"),
        later: z
          .array(
            z.object({
              monthsLater: int.min(1),
              buyers: int.describe("of the cohort, buyers who paid for an order in that month"),
              share: z.number().describe("buyers / the cohort's buyers, 0..1"),
            }),
          )
          .describe("one entry per month after the cohort's, up to the current month"),
      }),
    )
    .describe("oldest first"),
});
export type Retention = z.infer<typeof Retention>;

/** One SQL row: a cohort, a month offset from it (0 is the cohort itself) and its distinct buyers. */
export interface CohortActivity {
  cohort: string;
  offset: number;
  buyers: number;
}

const monthIndex = (yyyyMm: string) => {
  const [y, m] = yyyyMm.split("-").map(Number);
  return y! * 12 + (m! - 1);
};
const monthName = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/** The last `months` cohorts up to `currentMonth`, every later month filled in (0 where nobody came back). */
export function retentionTable(rows: CohortActivity[], currentMonth: string, months: number): Retention {
  const current = monthIndex(currentMonth);
  const cohorts = [];
  for (let index = current - months + 1; index <= current; index++) {
    const cohort = monthName(index);
    const of = rows.filter((r) => r.cohort === cohort);
    const buyers = of.find((r) => r.offset === 0)?.buyers ?? 0;
    const later = [];
    for (let offset = 1; offset <= current - index; offset++) {
      const back = of.find((r) => r.offset === offset)?.buyers ?? 0;
      later.push({ monthsLater: offset, buyers: back, share: buyers === 0 ? 0 : Math.round((back / buyers) * 10_000) / 10_000 });
    }
    cohorts.push({ cohort, buyers, later });
  }
  return { months, cohorts };
}
