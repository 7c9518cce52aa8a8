import { useState } from "preact/hooks";
import type { AdminCustomer as Customer, AdminCustomerLine as CustomerLine } from "../lib/api-types.ts";
import { ErrorNote, Field, isNotFound, Loading, NotThere, Pager } from "../lib/components.tsx";
import { date, dateTime, money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { OrderTable } from "./order-table.tsx";
import { admin } from "./store.ts";

export function Customers({ route }: { route: Route }) {
  const q = route.query.get("q") ?? "";
  const role = route.query.get("role") ?? "";
  const page = Number(route.query.get("page") ?? 1) || 1;
  const query = new URLSearchParams({ page: String(page), limit: "20" });
  if (q) query.set("q", q);
  if (role) query.set("role", role);
  const customers = useLoad(
    (signal) => admin.get<{ items: CustomerLine[]; page: number; limit: number; total: number }>(`/admin/customers?${query}`, signal),
    query.toString(),
  );
  const search = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate("/customers", { q: String(form.get("q") ?? "").trim(), role: String(form.get("role") ?? "") });
  };
  return (
    <section class="stack">
      <h1>Customers</h1>
      <search>
        <form class="filters" onSubmit={search}>
          <Field label="Email or name">
            <input name="q" type="search" defaultValue={q} maxLength={100} />
          </Field>
          <Field label="Role">
            <select name="role" defaultValue={role}>
              <option value="">Any</option>
              <option value="customer">customer</option>
              <option value="admin">admin</option>
            </select>
          </Field>
          <button type="submit">Search</button>
        </form>
      </search>
      <ErrorNote error={customers.error} />
      {!customers.data ? (
        customers.error ? null : (
          <Loading what="customers" />
        )
      ) : (
        <>
          <div class="scroll">
            <table class="stacked" aria-label="Customers">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Tier</th>
                  <th scope="col" class="num">
                    Paid orders
                  </th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {customers.data.items.map((c) => (
                  <tr key={c.id} data-customer={c.id}>
                    <td data-label="Name">
                      <a href={`#/customers/${c.id}`}>{c.name}</a>
                    </td>
                    <td data-label="Email">{c.email}</td>
                    <td data-label="Role">{c.role}</td>
                    <td data-label="Tier">{c.loyaltyTier}</td>
                    <td data-label="Paid orders" class="num">
                      {c.paidOrders}
                    </td>
                    <td data-label="Since">{date(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {customers.data.items.length === 0 ? <p>No customers match.</p> : null}
          <Pager
            page={customers.data.page}
            limit={customers.data.limit}
            total={customers.data.total}
            go={(n) => navigate("/customers", { q, role, page: n })}
          />
        </>
      )}
    </section>
  );
}

/** Making someone an admin hands them the shop: a first click says so, a second does it. */
function RoleChange({ customer, done }: { customer: Customer; done: () => void }) {
  const [asking, setAsking] = useState(false);
  const next = customer.role === "admin" ? "customer" : "admin";
  const change = useAction(async () => {
    await admin.request("PUT", `/admin/customers/${customer.id}/role`, { body: { role: next }, idempotencyKey: crypto.randomUUID() });
    setAsking(false);
    done();
  });
  if (customer.id === admin.customer?.id) return null;
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {next === "admin" ? "Make admin…" : "Make a customer again…"}
      </button>
    );
  }
  return (
    <fieldset class="stack confirm" aria-label="Confirm the role change">
      <p>
        {next === "admin"
          ? `Make ${customer.email} an admin? They will see every order and customer, refund and change the catalog.`
          : `Make ${customer.email} a customer again? Their admin access ends at once.`}
      </p>
      <div class="actions">
        <button type="button" class="danger" disabled={change.busy} onClick={() => void change.run()}>
          {next === "admin" ? "Make admin" : "Make customer"}
        </button>
        <button type="button" class="link" onClick={() => setAsking(false)}>
          Back
        </button>
      </div>
      <ErrorNote error={change.error} />
    </fieldset>
  );
}

export function CustomerPage({ id }: { id: string }) {
  const found = useLoad((signal) => admin.get<Customer>(`/admin/customers/${encodeURIComponent(id)}`, signal), id);
  if (isNotFound(found.error)) return <NotThere what="No such customer." back={<a href="#/customers">All customers</a>} />;
  if (!found.data) return found.error ? <ErrorNote error={found.error} /> : <Loading what="the customer" />;
  const c = found.data;
  return (
    <article class="stack" data-customer={c.id}>
      <p>
        <a href="#/customers">← Customers</a>
      </p>
      <h1>{c.name}</h1>
      <dl class="facts card">
        <dt>Email</dt>
        <dd>{c.email}</dd>
        <dt>Role</dt>
        <dd>{c.role}</dd>
        <dt>Loyalty tier</dt>
        <dd>{c.loyalty.tier}</dd>
        <dt>Total spend</dt>
        <dd>
          {money(c.loyalty.lifetimeSpend, c.loyalty.currency)}{" "}
          <small class="muted">
            over {c.loyalty.orders} paid order{c.loyalty.orders === 1 ? "" : "s"}, refunds deducted
          </small>
        </dd>
        <dt>Saved addresses</dt>
        <dd>{c.addresses}</dd>
        <dt>Customer since</dt>
        <dd>{dateTime(c.createdAt)}</dd>
        <dt>Account id</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
      </dl>
      <RoleChange customer={c} done={found.reload} />
      <section class="card stack" aria-labelledby="h-orders">
        <h2 id="h-orders">Orders</h2>
        {c.orders.items.length === 0 ? <p class="muted">No orders yet.</p> : <OrderTable orders={c.orders.items} label="Their orders" />}
        {c.orders.total > c.orders.items.length ? (
          <p>
            <a href={`#/orders?customer=${encodeURIComponent(c.id)}`}>All {c.orders.total} orders</a>
          </p>
        ) : null}
      </section>
    </article>
  );
}
