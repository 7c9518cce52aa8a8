import { ORDER_STATUSES } from "../../../src/orders/domain/order-status.ts";
import { ErrorNote, Field, Loading, Pager } from "../lib/components.tsx";
import { navigate, type Route, useLoad } from "../lib/hooks.ts";
import { type OrderSummary, OrderTable } from "./order-table.tsx";
import { admin } from "./store.ts";

const FILTERS = ["status", "q", "customer", "from", "to"] as const;

export function Orders({ route }: { route: Route }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, route.query.get(f) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(route.query.get("page") ?? 1) || 1;
  const params = new URLSearchParams({ page: String(page), limit: "20" });
  // Dates are the admin's own days: from its first instant to its last, in the browser's time zone.
  const instant = (k: string, v: string) =>
    k === "from" ? new Date(`${v}T00:00:00`).toISOString() : k === "to" ? new Date(`${v}T23:59:59.999`).toISOString() : v;
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, instant(k, v));
  const orders = useLoad(
    (signal) => admin.get<{ items: OrderSummary[]; page: number; limit: number; total: number }>(`/admin/orders?${params}`, signal),
    params.toString(),
    5000,
  );
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate("/orders", Object.fromEntries(FILTERS.map((f) => [f, String(form.get(f) ?? "").trim()])));
  };
  return (
    <section>
      <h1>Orders</h1>
      <search>
        <form class="filters" onSubmit={apply}>
          <Field label="Order number or text">
            <input name="q" type="search" defaultValue={filters.q} placeholder="ORD-2026-000001" />
          </Field>
          <Field label="Customer (email or account id)">
            <input name="customer" type="search" defaultValue={filters.customer} />
          </Field>
          <Field label="Status">
            <select name="status" defaultValue={filters.status}>
              <option value="">Any</option>
              {ORDER_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          </Field>
          <Field label="From">
            <input name="from" type="date" defaultValue={filters.from} />
          </Field>
          <Field label="To">
            <input name="to" type="date" defaultValue={filters.to} />
          </Field>
          <button type="submit">Filter</button>
        </form>
      </search>
      <ErrorNote error={orders.error} />
      {!orders.data ? (
        orders.error ? null : (
          <Loading what="orders" />
        )
      ) : (
        <>
          <OrderTable orders={orders.data.items} label="Orders" extra={["customer"]} />
          {orders.data.items.length === 0 ? <p>No orders match.</p> : null}
          <Pager
            page={orders.data.page}
            limit={orders.data.limit}
            total={orders.data.total}
            go={(p) => navigate("/orders", { ...filters, page: p })}
          />
        </>
      )}
    </section>
  );
}
