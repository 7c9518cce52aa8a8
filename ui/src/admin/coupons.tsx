import { useState } from "preact/hooks";
import type { Coupon } from "../lib/api-types.ts";
import { ErrorNote, Field, isNotFound, Loading, NotThere, Pager, Status } from "../lib/components.tsx";
import { date, dateTime, minorUnitsOf, money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { type OrderSummary, OrderTable } from "./order-table.tsx";
import { admin } from "./store.ts";

/** Minimum subtotals of percent and free-shipping coupons are in the shop's currency. */
const SHOP_CURRENCY = "USD";

const worth = (c: Coupon) =>
  c.type === "percent" ? `${c.value} % off` : c.type === "fixed" ? `${money(c.value, c.currency ?? SHOP_CURRENCY)} off` : "free shipping";

/** Whether a checkout could take it now: withdrawn, not yet valid, expired, used up, or active. */
function state(c: Coupon): string {
  const now = Date.now();
  if (c.disabled) return "withdrawn";
  if (c.startsAt && Date.parse(c.startsAt) > now) return "scheduled";
  if (c.endsAt && Date.parse(c.endsAt) <= now) return "expired";
  if (c.remaining === 0) return "used_up";
  return "active";
}

const rules = (c: Coupon) =>
  [
    c.minSubtotal ? `on ${money(c.minSubtotal, c.currency ?? SHOP_CURRENCY)} or more` : "",
    c.perCustomerLimit ? `${c.perCustomerLimit} per customer` : "",
    c.startsAt ? `from ${date(c.startsAt)}` : "",
    c.endsAt ? `until ${date(c.endsAt)}` : "",
  ]
    .filter(Boolean)
    .join(" · ") || "—";

/** A new coupon opens on its own page: the list learns of new codes a moment later (the registry is told one way). */
function NewCoupon() {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<Coupon["type"]>("percent");
  const create = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const amount = (name: string, label: string) => {
      const minor = minorUnitsOf(text(name), SHOP_CURRENCY);
      if (minor === undefined) throw new Error(`${label}: enter an amount in ${SHOP_CURRENCY} such as 5 or 4.99`);
      return minor;
    };
    const body: Record<string, unknown> = { code: text("code"), type };
    if (type === "percent") body.value = Number(text("value"));
    if (type === "fixed") Object.assign(body, { value: amount("value", "Amount off"), currency: SHOP_CURRENCY });
    if (text("minSubtotal")) body.minSubtotal = amount("minSubtotal", "Minimum subtotal");
    if (text("maxRedemptions")) body.maxRedemptions = Number(text("maxRedemptions"));
    if (text("perCustomerLimit")) body.perCustomerLimit = Number(text("perCustomerLimit"));
    // The last day counts whole, in the admin's own time zone.
    if (text("endsOn")) body.endsAt = new Date(`${text("endsOn")}T23:59:59.999`).toISOString();
    const created = await admin.request<Coupon>("POST", "/admin/coupons", { body, idempotencyKey: crypto.randomUUID() });
    setOpen(false);
    navigate(`/coupons/${encodeURIComponent(created.body.code)}`);
  });
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New coupon…
      </button>
    );
  }
  return (
    <form
      class="card stack"
      aria-label="New coupon"
      onSubmit={(e) => {
        e.preventDefault();
        void create.run(e.currentTarget as HTMLFormElement);
      }}
    >
      <h2>New coupon</h2>
      <div class="filters">
        <Field label="Code" hint="letters, digits, - and _; customers type it in any case">
          <input name="code" required minLength={3} maxLength={32} pattern="[A-Za-z0-9_\-]+" />
        </Field>
        <Field label="Kind">
          <select name="type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as Coupon["type"])}>
            <option value="percent">percent off</option>
            <option value="fixed">amount off</option>
            <option value="free_shipping">free shipping</option>
          </select>
        </Field>
        {type === "percent" ? (
          <Field label="Percent off">
            <input name="value" type="number" min={1} max={100} required />
          </Field>
        ) : type === "fixed" ? (
          <Field label={`Amount off (${SHOP_CURRENCY})`}>
            <input name="value" inputMode="decimal" required autocomplete="off" />
          </Field>
        ) : null}
        <Field label={`Minimum subtotal (${SHOP_CURRENCY})`}>
          <input name="minSubtotal" inputMode="decimal" autocomplete="off" />
        </Field>
        <Field label="Redemptions in all">
          <input name="maxRedemptions" type="number" min={1} />
        </Field>
        <Field label="Per customer">
          <input name="perCustomerLimit" type="number" min={1} />
        </Field>
        <Field label="Last day">
          <input name="endsOn" type="date" />
        </Field>
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={create.busy}>
          Create
        </button>
        <button type="button" class="link" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNote error={create.error} />
    </form>
  );
}

export function Coupons({ route }: { route: Route }) {
  const page = Number(route.query.get("page") ?? 1) || 1;
  const coupons = useLoad(
    (signal) => admin.get<{ items: Coupon[]; page: number; limit: number; total: number }>(`/admin/coupons?page=${page}&limit=20`, signal),
    String(page),
    // New codes reach the list a moment after their creation.
    5000,
  );
  return (
    <section class="stack">
      <h1>Coupons</h1>
      <NewCoupon />
      <ErrorNote error={coupons.error} />
      {!coupons.data ? (
        coupons.error ? null : (
          <Loading what="coupons" />
        )
      ) : (
        <>
          <div class="scroll">
            <table class="stacked" aria-label="Coupons">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Worth</th>
                  <th scope="col">State</th>
                  <th scope="col" class="num">
                    Redeemed
                  </th>
                  <th scope="col" class="num">
                    Remaining
                  </th>
                  <th scope="col">Rules</th>
                </tr>
              </thead>
              <tbody>
                {coupons.data.items.map((c) => (
                  <tr key={c.code} data-coupon={c.code}>
                    <td data-label="Code">
                      <a href={`#/coupons/${encodeURIComponent(c.code)}`}>
                        <code>{c.code}</code>
                      </a>
                    </td>
                    <td data-label="Worth">{worth(c)}</td>
                    <td data-label="State">
                      <Status value={state(c)} />
                    </td>
                    <td data-label="Redeemed" class="num">
                      {c.redeemed}
                      {c.reserved ? <small class="muted"> (+{c.reserved} held)</small> : null}
                    </td>
                    <td data-label="Remaining" class="num">
                      {c.remaining ?? "unlimited"}
                    </td>
                    <td data-label="Rules">{rules(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {coupons.data.items.length === 0 ? <p>No coupons yet.</p> : null}
          <Pager
            page={coupons.data.page}
            limit={coupons.data.limit}
            total={coupons.data.total}
            go={(n) => navigate("/coupons", { page: n })}
          />
        </>
      )}
    </section>
  );
}

/** Withdrawing cannot be undone: a first click states what happens, a second does it. */
function Withdraw({ coupon, done }: { coupon: Coupon; done: () => void }) {
  const [asking, setAsking] = useState(false);
  const withdraw = useAction(async () => {
    await admin.request("POST", `/admin/coupons/${encodeURIComponent(coupon.code)}/disable`, { idempotencyKey: crypto.randomUUID() });
    setAsking(false);
    done();
  });
  if (coupon.disabled) return <p class="muted">Withdrawn {dateTime(coupon.disabledAt)}: carts and checkouts refuse it.</p>;
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Withdraw…
      </button>
    );
  }
  return (
    <fieldset class="stack confirm" aria-label="Confirm withdrawing the coupon">
      <p>
        Withdraw <strong>{coupon.code}</strong>? Carts holding it lose the discount and no checkout takes it from now on. Orders that used
        it keep their discount. This cannot be undone.
      </p>
      <div class="actions">
        <button type="button" class="danger" disabled={withdraw.busy} onClick={() => void withdraw.run()}>
          Withdraw {coupon.code}
        </button>
        <button type="button" class="link" onClick={() => setAsking(false)}>
          Back
        </button>
      </div>
      <ErrorNote error={withdraw.error} />
    </fieldset>
  );
}

export function CouponPage({ code }: { code: string }) {
  const coupon = useLoad((signal) => admin.get<Coupon>(`/admin/coupons/${encodeURIComponent(code)}`, signal), code);
  const redemptions = useLoad(
    (signal) => admin.get<{ items: OrderSummary[]; total: number }>(`/admin/orders?coupon=${encodeURIComponent(code)}&limit=100`, signal),
    code,
    10_000,
  );
  if (isNotFound(coupon.error)) return <NotThere what={`No coupon ${code}.`} back={<a href="#/coupons">All coupons</a>} />;
  if (!coupon.data) return coupon.error ? <ErrorNote error={coupon.error} /> : <Loading what="the coupon" />;
  const c = coupon.data;
  return (
    <article class="stack" data-coupon={c.code}>
      <p>
        <a href="#/coupons">← Coupons</a>
      </p>
      <h1>
        Coupon <code>{c.code}</code> <Status value={state(c)} />
      </h1>
      <dl class="facts card">
        <dt>Worth</dt>
        <dd>{worth(c)}</dd>
        <dt>Rules</dt>
        <dd>{rules(c)}</dd>
        <dt>Redeemed</dt>
        <dd>
          {c.redeemed}
          {c.reserved ? ` (+${c.reserved} held by checkouts in progress)` : ""}
        </dd>
        <dt>Remaining</dt>
        <dd>{c.remaining ?? "unlimited"}</dd>
        <dt>Created</dt>
        <dd>{dateTime(c.createdAt)}</dd>
      </dl>
      <Withdraw coupon={c} done={coupon.reload} />
      <section class="card stack" aria-labelledby="h-redemptions">
        <h2 id="h-redemptions">Orders that used it</h2>
        <ErrorNote error={redemptions.error} />
        {!redemptions.data ? (
          redemptions.error ? null : (
            <Loading what="its orders" />
          )
        ) : redemptions.data.items.length === 0 ? (
          <p class="muted">No order has used it yet.</p>
        ) : (
          <OrderTable orders={redemptions.data.items} label="Orders that used the coupon" extra={["customer", "discount"]} />
        )}
        {redemptions.data && redemptions.data.total > redemptions.data.items.length ? (
          <p class="muted">
            The newest {redemptions.data.items.length} of {redemptions.data.total}.
          </p>
        ) : null}
      </section>
    </article>
  );
}
