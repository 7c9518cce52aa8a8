import type { Retention as RetentionReport } from "../../../src/analytics/domain/cohorts.ts";
import { ErrorNote, Loading } from "../lib/components.tsx";
import { useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

const MONTHS = 6;

/** Shade buckets by share (classes, not inline styles: the page's CSP allows no inline style). */
const heat = (share: number) => `heat-${Math.min(5, Math.ceil(share * 5))}`;
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** Monthly cohorts of first-time buyers and the share who bought again in each later month (docs/analytics.md). */
export function RetentionTable() {
  const report = useLoad(
    (signal) => admin.get<RetentionReport>(`/admin/analytics/retention?months=${MONTHS}`, signal),
    "retention",
    60_000,
  );
  const r = report.data;
  return (
    <section class="card" aria-labelledby="h-retention">
      <h2 id="h-retention">Retention by first-order month</h2>
      <ErrorNote error={report.error} />
      {!r ? (
        report.error ? null : (
          <Loading what="retention" />
        )
      ) : (
        <div class="scroll">
          <table class="retention">
            <caption class="sr-only">Share of each month's first-time buyers who paid for another order in each later month</caption>
            <thead>
              <tr>
                <th scope="col">First order</th>
                <th scope="col" class="num">
                  Buyers
                </th>
                {Array.from({ length: MONTHS - 1 }, (_, i) => (
                  <th key={i} scope="col" class="num">
                    +{i + 1} mo
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.cohorts.map((cohort) => (
                <tr key={cohort.cohort}>
                  <th scope="row">{cohort.cohort}</th>
                  <td class="num">{cohort.buyers}</td>
                  {Array.from({ length: MONTHS - 1 }, (_, i) => {
                    const later = cohort.later[i];
                    return later === undefined ? (
                      <td key={i} class="num muted">
                        –
                      </td>
                    ) : (
                      <td key={i} class={`num ${heat(later.share)}`} title={`${later.buyers} of ${cohort.buyers} buyers`}>
                        {cohort.buyers === 0 ? "–" : percent(later.share)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">
        A buyer is an email address; their cohort is the month of their first paid order. Each later month shows the share of the cohort who
        paid for at least one order in it.
      </p>
    </section>
  );
}
