import type { Dashboard, Funnel } from "../lib/api-types.ts";
import { ErrorNote, Loading } from "../lib/components.tsx";
import { label, money } from "../lib/format.ts";
import { type Route, useLoad } from "../lib/hooks.ts";
import { FunnelChart, LineChart } from "./charts.tsx";
import { RetentionTable } from "./retention.tsx";
import { admin } from "./store.ts";

const RANGES = ["7d", "30d", "90d"] as const;

/** Percent change, signed; the API sends null when the period before had nothing to compare. */
const change = (growth: number | null) => (growth === null ? "new" : `${growth > 0 ? "+" : ""}${growth.toFixed(1)} %`);

function Kpi({ name, value, growth }: { name: string; value: string; growth?: number | null }) {
  return (
    <div class="card kpi">
      <span class="muted">{name}</span>
      <strong>{value}</strong>
      {growth === undefined ? null : (
        <small class={growth !== null && growth < 0 ? "error" : "muted"}>{change(growth)} against the period before</small>
      )}
    </div>
  );
}

export function Analytics({ route }: { route: Route }) {
  const range = (RANGES as readonly string[]).includes(route.query.get("range") ?? "") ? route.query.get("range")! : "30d";
  const dashboard = useLoad((signal) => admin.get<Dashboard>(`/admin/analytics/dashboard?timeRange=${range}`, signal), range, 30_000);
  const funnel = useLoad((signal) => admin.get<Funnel>(`/admin/analytics/funnel?timeRange=${range}`, signal), range, 30_000);
  const d = dashboard.data;
  const c = d?.currency ?? "USD";
  return (
    <section class="stack">
      <h1>Analytics</h1>
      <nav class="tabs" aria-label="Period">
        {RANGES.map((r) => (
          <a key={r} href={`#/analytics?range=${r}`} aria-current={r === range ? "page" : undefined}>
            last {r.replace("d", " days")}
          </a>
        ))}
      </nav>
      <ErrorNote error={dashboard.error} />
      {!d ? (
        dashboard.error ? null : (
          <Loading what="the dashboard" />
        )
      ) : (
        <>
          <div class="kpis">
            <Kpi name="Revenue" value={money(d.sales.revenue, c)} growth={d.sales.revenueGrowth} />
            <Kpi name="Orders" value={String(d.sales.orders)} growth={d.sales.ordersGrowth} />
            <Kpi name="Average order" value={money(d.sales.averageOrderValue, c)} />
            <Kpi name="New customers" value={String(d.customers.new)} growth={d.customers.newGrowth} />
            <Kpi name="Active buyers" value={`${d.customers.active} (${d.customers.returning} returning)`} />
          </div>
          <section class="card" aria-labelledby="h-revenue">
            <h2 id="h-revenue">Revenue over time</h2>
            {d.sales.daily ? (
              <LineChart
                title="Revenue per day"
                points={d.sales.daily.map((p) => ({ label: p.date, value: p.revenue }))}
                format={(n) => money(n, c)}
              />
            ) : (
              <p class="muted">This API answers no daily series (sales.daily) for the dashboard.</p>
            )}
          </section>
        </>
      )}
      <section class="card" aria-labelledby="h-funnel">
        <h2 id="h-funnel">Conversion funnel</h2>
        <ErrorNote error={funnel.error} />
        {funnel.data ? (
          <>
            <FunnelChart steps={funnel.data.steps} />
            <p>
              Visitors (accounts, else storefront sessions), each step counting only those who reached the step before; its percent is of
              that step. Overall: {funnel.data.overallConversion === null ? "—" : `${funnel.data.overallConversion.toFixed(2)} %`} of
              visitors who viewed a product completed an order.
            </p>
          </>
        ) : funnel.error ? null : (
          <Loading what="the funnel" />
        )}
      </section>
      <RetentionTable />
      {d ? (
        <section class="card" aria-labelledby="h-top">
          <h2 id="h-top">Best sellers</h2>
          {d.products.top.length === 0 ? (
            <p class="muted">No sales in this period.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Product</th>
                  <th scope="col" class="num">
                    Units
                  </th>
                  <th scope="col" class="num">
                    Revenue
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.products.top.map((p) => (
                  <tr key={p.sku}>
                    <td>
                      <code>{p.sku}</code>
                    </td>
                    <td>{p.name}</td>
                    <td class="num">{p.units}</td>
                    <td class="num">{money(p.revenue, c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="muted">
            {label(d.timeRange)}: {new Date(d.period.from).toLocaleDateString()} to{" "}
            {new Date(Date.parse(d.period.to) - 1).toLocaleDateString()} (UTC days), orders in {c}; the figures follow the orders within
            moments.
          </p>
        </section>
      ) : null}
    </section>
  );
}
