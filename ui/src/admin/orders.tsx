import { ErrorNote, Field, Loading, Pager, Status } from "../lib/components.tsx";
import { dateTime, money } from "../lib/format.ts";
import { navigate, type Route, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

interface OrderLine {
  orderNumber: string | null;
  orderId: string;
  status: string;
  paymentStatus: string;
  total: number;
  currency: string;
  customerEmail?: string;
  customerName?: string;
  createdAt: string | number;
}

const STATUSES = [
  "pending",
  "confirmed",
  "backordered",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
  "refunded",
  "cancelled",
  "failed",
];
const FILTERS = ["status", "q", "customer", "from", "to"] as const;

const when = (at: string | number) => dateTime(typeof at === "number" ? new Date(at).toISOString() : at);

export function Orders({ route }: { route: Route }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, route.query.get(f) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  const page = Number(route.query.get("page") ?? 1) || 1;
  const params = new URLSearchParams({ page: String(page), limit: "20" });
  // Dates are the admin's own days: from its first instant to its last, in the browser's time zone.
  const instant = (k: string, v: string) =>
    k === "from" ? new Date(`${v}T00:00:00`).toISOString() : k === "to" ? new Date(`${v}T23:59:59.999`).toISOString() : v;
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, instant(k, v));
  const orders = useLoad(
    (signal) => admin.get<{ items: OrderLine[]; page: number; limit: number; total: number }>(`/admin/orders?${params}`, signal),
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
              {STATUSES.map((s) => (
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
          <div class="scroll">
            <table aria-label="Orders">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col">Payment</th>
                  <th scope="col" class="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {orders.data.items.map((o) => (
                  <tr key={o.orderId}>
                    <td>
                      {o.orderNumber ? (
                        <a href={`#/orders/${o.orderNumber}`}>{o.orderNumber}</a>
                      ) : (
                        <code title="placed without a number, through the ingress">{o.orderId}</code>
                      )}
                    </td>
                    <td>{when(o.createdAt)}</td>
                    <td>{o.customerEmail ?? "—"}</td>
                    <td>
                      <Status value={o.status} />
                    </td>
                    <td>
                      <Status value={o.paymentStatus} />
                    </td>
                    <td class="num">{money(o.total, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
