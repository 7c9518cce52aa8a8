import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { AdminOrder, RefundQuote } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading, Status, Timeline } from "../lib/components.tsx";
import { dateTime, label, minorUnitsOf, money } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

const SETTLED = new Set(["delivered", "cancelled", "failed", "refunded"]);

function Row({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Fulfilment({ order, done }: { order: AdminOrder; done: () => void }) {
  const set = useAction(async (status: "shipped" | "delivered") => {
    await admin.request("PUT", `/admin/orders/${order.orderNumber}/status`, { body: { status }, idempotencyKey: crypto.randomUUID() });
    done();
  });
  const can = { shipped: order.status === "processing", delivered: order.status === "processing" || order.status === "shipped" };
  if (!can.shipped && !can.delivered) return null;
  return (
    <div class="actions">
      {can.shipped ? (
        <button type="button" disabled={set.busy} onClick={() => void set.run("shipped")}>
          Mark shipped
        </button>
      ) : null}
      <button type="button" disabled={set.busy} onClick={() => void set.run("delivered")}>
        Mark delivered
      </button>
      <ErrorNote error={set.error} />
    </div>
  );
}

/** What the confirmation states and the refund sends: an amount, or lines and shipping whose amount the shop computed. */
type PlannedRefund =
  | { kind: "amount"; amount: number; reason: string; returnItems: boolean }
  | {
      kind: "lines";
      amount: number;
      reason: string;
      quote: RefundQuote;
      items: Array<{ sku: string; quantity: number }>;
      shipping: boolean;
    };

/** Units of each line refunded with their units back so far (the order's refunds say which). */
function returnedUnits(order: AdminOrder): Record<string, number> {
  const returned: Record<string, number> = {};
  for (const refund of order.refunds) for (const item of refund.items ?? []) returned[item.sku] = (returned[item.sku] ?? 0) + item.quantity;
  return returned;
}

const quoteOf = (order: AdminOrder, body: { items?: Array<{ sku: string; quantity: number }>; shipping: boolean }, signal?: AbortSignal) =>
  admin
    .request<RefundQuote>("POST", `/admin/orders/${order.orderNumber}/refund-quote`, { body, ...(signal ? { signal } : {}) })
    .then((a) => a.body);

function Refund({ order, done }: { order: AdminOrder; done: () => void }) {
  const left = order.payment.amountCaptured - order.payment.amountRefunded;
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState<Record<string, number>>({});
  const [shipping, setShipping] = useState(false);
  // Money leaves for good: the form only plans the refund; a second step states it and sends it.
  const [planned, setPlanned] = useState<PlannedRefund | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const returned = returnedUnits(order);
  const items = order.items
    .map((i) => ({ sku: i.sku, quantity: Math.min(units[i.sku] ?? 0, i.quantity - (returned[i.sku] ?? 0)) }))
    .filter((i) => i.quantity > 0);
  const byLines = shipping || items.length > 0;
  const selection = { ...(items.length ? { items } : {}), shipping };
  // The amount of the lines chosen, as the shop computes it: asked again whenever the choice changes.
  const quote = useLoad(
    (signal) => (open && byLines ? quoteOf(order, selection, signal) : Promise.resolve(undefined)),
    `${open}:${JSON.stringify(selection)}`,
  );
  const plan = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = String(data.get("amount") ?? "").trim();
    const reason = String(data.get("reason") ?? "").trim();
    setFormError(undefined);
    if (byLines) {
      // The amount field is off while lines are chosen. The amount confirmed is the shop's, for this choice, now.
      const fresh = await quoteOf(order, selection);
      setPlanned({ kind: "lines", amount: fresh.amount, reason, quote: fresh, items, shipping });
      return;
    }
    const amount = text ? minorUnitsOf(text, order.currency) : left;
    if (amount === undefined || amount < 1 || amount > left) {
      setFormError(`Enter an amount from ${money(1, order.currency)} to ${money(left, order.currency)}, or leave it empty for all of it.`);
      return;
    }
    setPlanned({ kind: "amount", amount, reason, returnItems: data.get("returnItems") === "on" });
  });
  const refund = useAction(async (p: PlannedRefund) => {
    const body =
      p.kind === "amount"
        ? { reason: p.reason, amount: p.amount, returnItems: p.returnItems }
        : { reason: p.reason, ...(p.items.length ? { items: p.items } : {}), ...(p.shipping ? { shipping: true } : {}) };
    await admin.request("POST", `/admin/orders/${order.orderNumber}/refund`, { body, idempotencyKey: crypto.randomUUID() });
    setPlanned(undefined);
    setOpen(false);
    setUnits({});
    setShipping(false);
    done();
  });
  if (left <= 0) return null;
  const c = order.currency;
  const nameOf = (sku: string) => order.items.find((i) => i.sku === sku)?.name ?? sku;
  if (planned) {
    const what =
      planned.kind === "lines"
        ? [
            ...planned.quote.items.map((i) => `${i.quantity} × ${nameOf(i.sku)} (${money(i.amount, c)})`),
            ...(planned.quote.shipping ? [`shipping (${money(planned.quote.shipping, c)})`] : []),
          ].join(", ")
        : "";
    return (
      <fieldset class="stack confirm" aria-label="Confirm the refund">
        {planned.kind === "lines" ? (
          <p>
            Refund <strong>{money(planned.amount, c)}</strong> of order {order.orderNumber} to the customer's payment method: {what}
            {planned.items.length ? ", and put these units back in stock" : ""}? This cannot be undone.
          </p>
        ) : (
          <p>
            Refund <strong>{money(planned.amount, c)}</strong> of order {order.orderNumber} to the customer's payment method
            {planned.returnItems ? ", and put every unit not yet returned back in stock" : ""}? This cannot be undone.
          </p>
        )}
        <div class="actions">
          <button type="button" class="danger" disabled={refund.busy} onClick={() => void refund.run(planned)}>
            Refund {money(planned.amount, c)}
          </button>
          <button type="button" class="link" onClick={() => setPlanned(undefined)}>
            Back
          </button>
        </div>
        <ErrorNote error={refund.error} />
      </fieldset>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Refund…
      </button>
    );
  }
  return (
    <form
      class="stack refund"
      aria-label="Refund"
      onSubmit={(e) => {
        e.preventDefault();
        void plan.run(e.currentTarget as HTMLFormElement);
      }}
    >
      <fieldset class="stack">
        <legend>By line: the units come back to stock</legend>
        {order.items.map((i) => {
          const returnable = i.quantity - (returned[i.sku] ?? 0);
          return (
            <Field key={i.sku} label={`${i.name}: units to refund (of ${returnable})`}>
              <input
                type="number"
                min={0}
                max={returnable}
                disabled={returnable === 0}
                value={units[i.sku] ?? 0}
                onInput={(e) => setUnits({ ...units, [i.sku]: Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0)) })}
              />
            </Field>
          );
        })}
        <label>
          <input type="checkbox" checked={shipping} onChange={(e) => setShipping((e.target as HTMLInputElement).checked)} /> Refund the
          shipping
        </label>
        <p role="status" aria-live="polite" class="refund-amount">
          {!byLines
            ? "No line or shipping chosen."
            : quote.data
              ? `To refund: ${money(quote.data.amount, c)}${quote.data.shipping ? ` (shipping ${money(quote.data.shipping, c)})` : ""}`
              : quote.error
                ? quote.error.message
                : "Working out the amount…"}
        </p>
      </fieldset>
      <Field label={`Amount in ${c} (empty: all ${money(left, c)} left)`} hint="Or an amount of your own, with no line chosen">
        <input name="amount" inputMode="decimal" autocomplete="off" disabled={byLines} />
      </Field>
      {!byLines ? (
        <label>
          <input type="checkbox" name="returnItems" /> The items came back: restock them
        </label>
      ) : null}
      {formError ? (
        <p class="error" role="alert">
          {formError}
        </p>
      ) : null}
      <Field label="Reason">
        <input name="reason" required maxLength={500} />
      </Field>
      <div class="actions">
        <button type="submit" class="danger" disabled={plan.busy}>
          Review the refund
        </button>
        <button type="button" class="link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNote error={plan.error} />
      <ErrorNote error={refund.error} />
    </form>
  );
}

/** An approved return's units arrived: how many of each line, and how many of them cannot be sold again. */
function ReceiveReturn({ order, request, done }: { order: AdminOrder; request: AdminOrder["refundRequests"][number]; done: () => void }) {
  const [damaged, setDamaged] = useState<Record<string, number>>({});
  const receive = useAction(async () => {
    const items = request.items.map((i) => ({ sku: i.sku, quantity: i.quantity, damaged: damaged[i.sku] ?? 0 }));
    await admin.request("POST", `/admin/orders/${order.orderNumber}/refund-requests/${request.id}/receive`, {
      body: { items },
      idempotencyKey: crypto.randomUUID(),
    });
    done();
  });
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void receive.run();
      }}
    >
      {request.items.map((i) => (
        <label key={i.sku}>
          {i.quantity} × {i.sku}: damaged (not restocked)
          <input
            type="number"
            min={0}
            max={i.quantity}
            value={damaged[i.sku] ?? 0}
            onInput={(e) => setDamaged({ ...damaged, [i.sku]: Number((e.target as HTMLInputElement).value) })}
          />
        </label>
      ))}
      <button type="submit" disabled={receive.busy}>
        Mark received and refund {money(request.amount, order.currency)}
      </button>
      <ErrorNote error={receive.error} />
    </form>
  );
}

function RefundRequests({ order, done }: { order: AdminOrder; done: () => void }) {
  const decide = useAction(async (id: string, decision: "approve" | "reject") => {
    await admin.request("POST", `/admin/orders/${order.orderNumber}/refund-requests/${id}/${decision}`, {
      body: {},
      idempotencyKey: crypto.randomUUID(),
    });
    done();
  });
  if (order.refundRequests.length === 0) return null;
  return (
    <section class="card">
      <h2>Returns and refund requests</h2>
      <ul class="plain">
        {order.refundRequests.map((r) => (
          <li key={r.id} data-request={r.id}>
            {r.kind === "return" ? `Return of ${r.items.map((i) => `${i.quantity} × ${i.sku}`).join(", ")}` : "Refund"} —{" "}
            {money(r.amount, order.currency)} — {r.reason} <Status value={r.status} />{" "}
            <small class="muted">{dateTime(r.requestedAt)}</small>
            {r.status === "pending" ? (
              <span class="actions">
                <button type="button" disabled={decide.busy} onClick={() => void decide.run(r.id, "approve")}>
                  {r.kind === "return" ? "Approve return" : "Approve"}
                </button>
                <button type="button" disabled={decide.busy} onClick={() => void decide.run(r.id, "reject")}>
                  Reject
                </button>
              </span>
            ) : null}
            {r.kind === "return" && r.status === "approved" ? <ReceiveReturn order={order} request={r} done={done} /> : null}
          </li>
        ))}
      </ul>
      <ErrorNote error={decide.error} />
    </section>
  );
}

/**
 * An order the risk rules held: the money is authorized, nothing ships until an admin decides. Each
 * decision is confirmed first, saying what it will do; the note goes to the order's log only.
 */
function RiskReview({ order, done }: { order: AdminOrder; done: () => void }) {
  const [note, setNote] = useState("");
  const [asked, setAsked] = useState<"approve" | "reject" | undefined>(undefined);
  const decide = useAction(async (decision: "approve" | "reject") => {
    await admin.request("POST", `/admin/orders/${order.orderNumber}/risk-review/${decision}`, {
      body: note.trim() ? { note: note.trim() } : {},
      idempotencyKey: crypto.randomUUID(),
    });
    setAsked(undefined);
    done();
  });
  if (order.status !== "review") return null;
  const why = order.events.filter((e) => e.type === "risk_review").at(-1)?.detail;
  const total = money(order.total, order.currency);
  return (
    <section class="card risk-review" aria-labelledby="h-risk">
      <h2 id="h-risk">Risk review</h2>
      <p>
        {total} is authorized and the stock is held; nothing ships until you decide.
        {why ? (
          <>
            {" "}
            Why it is held: <span data-risk-rules>{why}</span>
          </>
        ) : null}
      </p>
      {asked ? (
        <fieldset class="stack confirm" aria-label={asked === "approve" ? "Confirm the approval" : "Confirm the rejection"}>
          <p>
            {asked === "approve"
              ? `Approve order ${order.orderNumber}? ${total} is captured, the label bought and the customer emailed.`
              : `Reject order ${order.orderNumber}? The authorization of ${total} is voided, the stock released and the order cancelled.`}
          </p>
          <div class="actions">
            <button
              type="button"
              class={asked === "reject" ? "danger" : undefined}
              disabled={decide.busy}
              onClick={() => void decide.run(asked)}
            >
              {asked === "approve" ? "Yes, approve" : "Yes, reject"}
            </button>
            <button type="button" class="link" onClick={() => setAsked(undefined)}>
              Back
            </button>
          </div>
        </fieldset>
      ) : (
        <div class="stack">
          <Field label="Note for the order's log (optional)" hint="Never shown to the customer.">
            <input name="risk-note" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
          <div class="actions">
            <button type="button" onClick={() => setAsked("approve")}>
              Approve…
            </button>
            <button type="button" class="danger" onClick={() => setAsked("reject")}>
              Reject…
            </button>
          </div>
        </div>
      )}
      <ErrorNote error={decide.error} />
    </section>
  );
}

export function OrderDetail({ orderNumber }: { orderNumber: string }) {
  const found = useLoad((signal) => admin.get<AdminOrder>(`/admin/orders/${encodeURIComponent(orderNumber)}`, signal), orderNumber, 2000);
  if (found.error && !found.data) return <ErrorNote error={found.error} />;
  if (!found.data) return <Loading what="the order" />;
  const o = found.data;
  const c = o.currency;
  return (
    <article class="stack" data-order={o.orderNumber} data-status={o.status}>
      <p>
        <a href="#/orders">← Orders</a>
      </p>
      <header class="order-head">
        <h1>Order {o.orderNumber}</h1>
        <p>
          <Status value={o.status} /> <span class="muted">payment</span> <Status value={o.paymentStatus} />
          {SETTLED.has(o.status) ? null : <span class="muted"> · live</span>}
        </p>
        <p class="muted">
          {o.customer.name} &lt;{o.customer.email}&gt; · placed {dateTime(o.createdAt)} · order id <code>{o.orderId}</code>
        </p>
        <p>
          {o.restate.invocationUrl ? (
            <a href={o.restate.invocationUrl} target="_blank" rel="noopener noreferrer">
              Its checkout invocation in the Restate UI
            </a>
          ) : null}
          {o.restate.objectUrl ? (
            <>
              {" · "}
              <a href={o.restate.objectUrl} target="_blank" rel="noopener noreferrer">
                The order object (state and invocations)
              </a>
            </>
          ) : null}
          {!o.restate.invocationUrl && o.restate.invocationId ? (
            <span class="muted">
              Checkout invocation <code>{o.restate.invocationId}</code>:{" "}
              <code>npx restate invocations describe {o.restate.invocationId}</code>
            </span>
          ) : null}
        </p>
      </header>
      {o.failureReason ? <p class="error">Failed: {o.failureReason}</p> : null}
      {o.cancelReason ? <p class="muted">Cancelled: {o.cancelReason}</p> : null}
      <div class="actions">
        <Fulfilment order={o} done={found.reload} />
        <Refund order={o} done={found.reload} />
      </div>
      <RiskReview order={o} done={found.reload} />
      <RefundRequests order={o} done={found.reload} />
      <div class="columns">
        <section class="card" aria-labelledby="h-payment">
          <h2 id="h-payment">Payment</h2>
          <dl class="facts">
            <Row name="Method">
              <code>{o.paymentMethod}</code>
            </Row>
            <Row name="Payment intent">{o.payment.paymentIntentId ? <code>{o.payment.paymentIntentId}</code> : "—"}</Row>
            <Row name="Authorized">{money(o.payment.amountAuthorized, c)}</Row>
            <Row name="Captured">{money(o.payment.amountCaptured, c)}</Row>
            <Row name="Refunded">{money(o.payment.amountRefunded, c)}</Row>
            {o.payment.failureReason ? <Row name="Failure">{o.payment.failureReason}</Row> : null}
          </dl>
          <h3>Totals</h3>
          <dl class="facts">
            <Row name="Subtotal">{money(o.subtotal, c)}</Row>
            <Row name="Discount">{o.discount ? `−${money(o.discount, c)}${o.coupon ? ` (${o.coupon.code})` : ""}` : "—"}</Row>
            <Row name="Shipping">{money(o.shippingCost, c)}</Row>
            <Row name="Tax">{money(o.tax, c)}</Row>
            <Row name="Total">
              <strong>{money(o.total, c)}</strong>
            </Row>
          </dl>
        </section>
        <section class="card" aria-labelledby="h-shipment">
          <h2 id="h-shipment">Shipment</h2>
          <dl class="facts">
            <Row name="Method">{o.shipment.method}</Row>
            <Row name="Carrier">{[o.shipment.carrier, o.shipment.service].filter(Boolean).join(" ") || "—"}</Row>
            <Row name="Tracking">
              {o.shipment.trackingNumber ? <code>{o.shipment.trackingNumber}</code> : "—"}
              {o.shipment.trackingStatus ? ` · ${label(o.shipment.trackingStatus.toLowerCase())}` : ""}
            </Row>
            <Row name="Label">
              {o.shipment.labelCost ? money(o.shipment.labelCost.amount, o.shipment.labelCost.currency) : "—"}
              {o.shipment.labelVoidedAt ? ` · voided ${dateTime(o.shipment.labelVoidedAt)}` : ""}
            </Row>
            <Row name="Ship to">
              {o.shippingAddress.name ? `${o.shippingAddress.name}, ` : ""}
              {o.shippingAddress.street}, {o.shippingAddress.city}, {o.shippingAddress.state} {o.shippingAddress.zip},{" "}
              {o.shippingAddress.country}
            </Row>
            {o.notes ? <Row name="Note">{o.notes}</Row> : null}
          </dl>
          {o.shipment.trackingHistory.length ? (
            <ol class="plain" aria-label="Tracking history">
              {o.shipment.trackingHistory.map((t, i) => (
                <li key={i}>
                  <strong>{label(t.status.toLowerCase())}</strong> {t.details} <small class="muted">{dateTime(t.at)}</small>
                </li>
              ))}
            </ol>
          ) : null}
        </section>
        <section class="card" aria-labelledby="h-emails">
          <h2 id="h-emails">Emails</h2>
          {o.emails.length === 0 ? <p class="muted">None yet.</p> : null}
          <ul class="plain">
            {o.emails.map((e, i) => (
              <li key={i}>
                {label(e.kind)} <Status value={e.status} /> <small class="muted">{dateTime(e.at)}</small>
                {e.detail ? <small class="muted"> · {e.detail}</small> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section class="card">
        <h2>Items</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col" class="num">
                Price
              </th>
              <th scope="col" class="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {o.items.map((i) => (
              <tr key={i.sku}>
                <td>
                  <code>{i.sku}</code>
                </td>
                <td>{i.name}</td>
                <td class="num">{i.quantity}</td>
                <td class="num">{money(i.unitPrice, c)}</td>
                <td class="num">{money(i.lineTotal, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Timeline</h2>
        <Timeline events={o.events} />
      </section>
    </article>
  );
}
