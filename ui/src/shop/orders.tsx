import { useState } from "preact/hooks";
import type { Order, OrderSummary } from "../lib/api-types.ts";
import { ErrorNote, Field, isNotFound, Loading, NotThere, Pager, Status, Timeline } from "../lib/components.tsx";
import { dateTime, money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { shop } from "./store.ts";

export type { Order } from "../lib/api-types.ts";

/** What each step of a return or a refund request means for the customer. */
const REQUEST_STATUS: Record<string, string> = {
  pending: "waiting for the shop",
  approved: "approved",
  received: "received and refunded",
  rejected: "declined by the shop",
};

function Requests({ order }: { order: Order }) {
  if (order.refundRequests.length === 0) return null;
  return (
    <section class="card">
      <h2>Returns and refunds</h2>
      <ul class="plain">
        {order.refundRequests.map((r) => (
          <li key={r.id} data-request={r.id} data-status={r.status}>
            {r.kind === "return"
              ? `Return of ${r.items.map((i) => `${i.quantity} × ${order.items.find((l) => l.sku === i.sku)?.name ?? i.sku}`).join(", ")}`
              : "Refund"}{" "}
            · {money(r.amount, order.currency)} ·{" "}
            {r.kind === "return" && r.status === "approved"
              ? "approved: please send the items back"
              : (REQUEST_STATUS[r.status] ?? r.status)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const OPEN_REQUEST = new Set(["pending", "approved"]);

/** Units of each line not yet asked back in a return the shop has not declined. */
function returnable(order: Order): Array<{ sku: string; name: string; quantity: number }> {
  const asked = new Map<string, number>();
  for (const r of order.refundRequests)
    if (r.kind === "return" && r.status !== "rejected") for (const i of r.items) asked.set(i.sku, (asked.get(i.sku) ?? 0) + i.quantity);
  return order.items
    .map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity - (asked.get(l.sku) ?? 0) }))
    .filter((l) => l.quantity > 0);
}

/**
 * A return of a delivered order: which units, and why; a second step says what happens before it
 * is sent. The shop approves it, the units come back, and only then is their money refunded.
 */
function ReturnRequest({ order, sent }: { order: Order; sent: () => void }) {
  const lines = returnable(order);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const items = Object.entries(chosen)
    .filter(([, q]) => q > 0)
    .map(([sku, quantity]) => ({ sku, quantity }));
  const send = useAction(async () => {
    await shop.request("POST", `/orders/${encodeURIComponent(order.orderNumber)}/refund`, {
      body: { reason, items },
      idempotencyKey: crypto.randomUUID(),
    });
    setConfirming(false);
    setOpen(false);
    setChosen({});
    sent();
  });
  if (order.status !== "delivered" || lines.length === 0 || order.refundRequests.some((r) => OPEN_REQUEST.has(r.status))) return null;
  if (!open) {
    return (
      <section class="card">
        <h2>Return items</h2>
        <p class="muted">Changed your mind, or something is wrong? Send items back for a refund.</p>
        <button type="button" onClick={() => setOpen(true)}>
          Start a return
        </button>
      </section>
    );
  }
  const nameOf = (sku: string) => lines.find((l) => l.sku === sku)?.name ?? sku;
  return (
    <section class="card" aria-labelledby="return-title">
      <h2 id="return-title">Return items</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <fieldset>
          <legend>Which items?</legend>
          {lines.map((l) => (
            <Field key={l.sku} label={`${l.name} (up to ${l.quantity})`}>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={l.quantity}
                value={chosen[l.sku] ?? 0}
                onInput={(e) => {
                  setConfirming(false);
                  setChosen({
                    ...chosen,
                    [l.sku]: Math.max(0, Math.min(l.quantity, Math.floor(Number((e.currentTarget as HTMLInputElement).value) || 0))),
                  });
                }}
              />
            </Field>
          ))}
        </fieldset>
        <Field label="Why are you returning them?">
          <textarea
            required
            maxLength={500}
            value={reason}
            onInput={(e) => {
              setConfirming(false);
              setReason((e.currentTarget as HTMLTextAreaElement).value);
            }}
          />
        </Field>
        {confirming ? (
          <fieldset class="confirm" aria-label="Confirm the return">
            <p>
              Return {items.map((i) => `${i.quantity} × ${nameOf(i.sku)}`).join(", ")} from order {order.orderNumber}? The shop reviews the
              request; once it approves, you send the items back, and when they arrive their share of what you paid (discount and tax
              included) goes back to your payment method. Shipping is not refunded.
            </p>
            <div class="actions">
              <button type="button" class="primary" disabled={send.busy} onClick={() => void send.run()}>
                Yes, send the return request
              </button>
              <button type="button" class="link" onClick={() => setConfirming(false)}>
                Change it
              </button>
            </div>
          </fieldset>
        ) : (
          <div class="actions">
            <button type="submit" class="primary" disabled={items.length === 0 || reason.trim() === ""}>
              Review the return
            </button>
            <button type="button" class="link" onClick={() => setOpen(false)}>
              Never mind
            </button>
          </div>
        )}
        <ErrorNote error={send.error} />
      </form>
    </section>
  );
}

/** Statuses after which nothing moves by itself: the page stops asking. */
export const SETTLED = new Set(["delivered", "cancelled", "failed", "refunded", "partially_refunded"]);
const CANCELLABLE = new Set(["pending", "review", "confirmed", "backordered", "processing"]);

const STEPS = [
  { name: "Placed", reached: (o: Order) => o.status !== "failed" },
  { name: "Paid", reached: (o: Order) => ["captured", "partially_refunded", "refunded"].includes(o.paymentStatus) },
  { name: "Shipped", reached: (o: Order) => o.shippedAt !== undefined || ["shipped", "delivered"].includes(o.status) },
  { name: "Delivered", reached: (o: Order) => o.deliveredAt !== undefined || o.status === "delivered" },
];

function Progress({ order }: { order: Order }) {
  if (order.status === "failed" || order.status === "cancelled") return null;
  return (
    <ol class="progress" aria-label="Progress">
      {STEPS.map((s) => {
        const reached = s.reached(order);
        return (
          <li key={s.name} class={reached ? "done" : ""}>
            {s.name}
            <span class="sr-only">{reached ? " (done)" : " (not yet)"}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function OrderList({ route }: { route: Route }) {
  const page = Number(route.query.get("page") ?? 1) || 1;
  const orders = useLoad(
    (signal) => shop.get<{ items: OrderSummary[]; page: number; limit: number; total: number }>(`/orders?page=${page}&limit=20`, signal),
    String(page),
  );
  if (orders.error) return <ErrorNote error={orders.error} />;
  if (!orders.data) return <Loading what="your orders" />;
  return (
    <section>
      <h1>Your orders</h1>
      {orders.data.items.length === 0 ? <p>No orders yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.data.items.map((o) => (
            <tr key={o.orderNumber}>
              <td>
                <a href={`#/orders/${o.orderNumber}`}>{o.orderNumber}</a>
              </td>
              <td>{dateTime(o.createdAt)}</td>
              <td>
                <Status value={o.status} />
              </td>
              <td class="num">{money(o.total, o.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={orders.data.page} limit={orders.data.limit} total={orders.data.total} go={(p) => navigate("/orders", { page: p })} />
    </section>
  );
}

/** An order: the signed-in customer's, or a guest's opened by the token of its link (which only reads it). */
export function OrderPage({ orderNumber, token }: { orderNumber: string; token?: string | undefined }) {
  const order = useLoad(
    (signal) =>
      token === undefined
        ? shop.get<Order>(`/orders/${encodeURIComponent(orderNumber)}`, signal)
        : shop
            .request<Order>("GET", `/guest/orders/${encodeURIComponent(orderNumber)}`, { signal, headers: { "x-order-token": token } })
            .then((a) => a.body),
    orderNumber,
    1000,
  );
  // Cancelling gives the money back and cannot be undone: a second step says so first.
  const [confirming, setConfirming] = useState(false);
  const cancel = useAction(async () => {
    await shop.request("POST", `/orders/${encodeURIComponent(orderNumber)}/cancel`, { body: { reason: "cancelled in the storefront" } });
    setConfirming(false);
    order.reload();
  });
  if (isNotFound(order.error)) {
    return token === undefined ? (
      <NotThere what={`No order ${orderNumber} in your account`} back={<a href="#/orders">Your orders</a>} />
    ) : (
      <NotThere
        what={`This link does not open order ${orderNumber}`}
        back={
          <>
            It may have expired. <a href="#/">Back to the shop</a>
          </>
        }
      />
    );
  }
  if (order.error && !order.data) return <ErrorNote error={order.error} />;
  if (!order.data) return <Loading what="the order" />;
  const o = order.data;
  const live = !SETTLED.has(o.status);
  return (
    <article class="stack" data-order={o.orderNumber} data-status={o.status}>
      <header class="order-head">
        <h1>Order {o.orderNumber}</h1>
        <p>
          <Status value={o.status} /> <span class="muted">payment</span> <Status value={o.paymentStatus} />
        </p>
        <p class="muted" aria-live="polite">
          {live ? "Live: this page follows the order as it moves." : `Placed ${dateTime(o.createdAt)}`}
        </p>
      </header>
      <Progress order={o} />
      {o.failureReason ? <p class="error">Failed: {o.failureReason}</p> : null}
      {o.cancelReason ? <p class="muted">Cancelled: {o.cancelReason}</p> : null}
      {o.backorderedUntil ? <p class="muted">Waiting for stock until {dateTime(o.backorderedUntil)}.</p> : null}
      {o.status === "review" ? (
        <p class="muted">
          The shop checks this order before it ships: your payment is authorized, nothing is charged yet, and you can still cancel.
        </p>
      ) : null}
      <div class="columns">
        <section class="card">
          <h2>Items</h2>
          <ul class="plain">
            {o.items.map((i) => (
              <li key={i.sku}>
                {i.quantity} × {i.name} <span class="muted">{money(i.lineTotal, o.currency)}</span>
              </li>
            ))}
          </ul>
          <dl class="totals">
            <dt>Subtotal</dt>
            <dd>{money(o.subtotal, o.currency)}</dd>
            {o.discount ? (
              <>
                <dt>Discount{o.coupon ? ` (${o.coupon.code})` : ""}</dt>
                <dd>−{money(o.discount, o.currency)}</dd>
              </>
            ) : null}
            <dt>Shipping</dt>
            <dd>{money(o.shippingCost, o.currency)}</dd>
            <dt>Tax</dt>
            <dd>{money(o.tax, o.currency)}</dd>
            <dt class="grand">Total</dt>
            <dd class="grand">{money(o.total, o.currency)}</dd>
            {o.amountRefunded ? (
              <>
                <dt>Refunded</dt>
                <dd>{money(o.amountRefunded, o.currency)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section class="card">
          <h2>Delivery</h2>
          <address>
            {o.shippingAddress.name ? (
              <>
                {o.shippingAddress.name}
                <br />
              </>
            ) : null}
            {o.shippingAddress.street}
            <br />
            {o.shippingAddress.city}, {o.shippingAddress.state} {o.shippingAddress.zip}
            <br />
            {o.shippingAddress.country}
          </address>
          <p>
            {o.shippingMethod}
            {o.carrier ? ` · ${o.carrier}` : ""}
            {o.trackingNumber ? (
              <>
                {" "}
                · tracking <code>{o.trackingNumber}</code>
              </>
            ) : null}
          </p>
          {token === undefined && CANCELLABLE.has(o.status) ? (
            <>
              {confirming ? (
                <fieldset class="confirm" aria-label="Confirm the cancellation">
                  <p>
                    Cancel order {o.orderNumber}? Nothing will ship, and{" "}
                    {o.paymentStatus === "captured"
                      ? `${money(o.total, o.currency)} goes back to your payment method`
                      : "what is held on your payment method is released"}
                    . This cannot be undone.
                  </p>
                  <div class="actions">
                    <button type="button" class="danger" disabled={cancel.busy} onClick={() => void cancel.run()}>
                      Yes, cancel the order
                    </button>
                    <button type="button" class="link" onClick={() => setConfirming(false)}>
                      Keep the order
                    </button>
                  </div>
                </fieldset>
              ) : (
                <button type="button" onClick={() => setConfirming(true)}>
                  Cancel this order
                </button>
              )}
              <ErrorNote error={cancel.error} />
            </>
          ) : null}
        </section>
      </div>
      <Requests order={o} />
      {token === undefined ? <ReturnRequest order={o} sent={order.reload} /> : null}
      <section class="card">
        <h2>Timeline</h2>
        <Timeline events={o.events} />
      </section>
    </article>
  );
}
