import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../lib/api.ts";
import { ErrorNote, Field, Loading } from "../lib/components.tsx";
import { money } from "../lib/format.ts";
import { navigate, useAction, useLoad } from "../lib/hooks.ts";
import { ADDRESS_FIELDS, AddressFields, DEMO_ADDRESS, formAddress } from "./address-fields.tsx";
import { track } from "./analytics.ts";
import { GuestCheckout } from "./guest.tsx";
import { type Address, type Cart, cartCall, cartState, shop } from "./store.ts";
import { TEST_CARDS } from "./test-cards.ts";

function Lines({ cart }: { cart: Cart }) {
  const change = useAction((sku: string, quantity: number) => cartCall("PUT", `/cart/items/${encodeURIComponent(sku)}`, { quantity }));
  const remove = useAction((sku: string) => cartCall("DELETE", `/cart/items/${encodeURIComponent(sku)}`));
  return (
    <>
      <div class="scroll">
        <table class="lines">
          <caption class="sr-only">Items in your cart</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col" class="num unit">
                Price
              </th>
              <th scope="col" class="num">
                Total
              </th>
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cart.items.map((line) => (
              <tr key={line.sku} data-sku={line.sku}>
                <td>
                  {line.name}
                  <br />
                  <small class="muted">{line.sku}</small>
                </td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={999}
                    value={line.quantity}
                    aria-label={`Quantity of ${line.name}`}
                    disabled={change.busy}
                    onChange={(e) => void change.run(line.sku, Number((e.currentTarget as HTMLInputElement).value))}
                  />
                </td>
                <td class="num unit">{money(line.unitPrice, cart.currency)}</td>
                <td class="num">{money(line.lineTotal, cart.currency)}</td>
                <td>
                  <button type="button" class="link" disabled={remove.busy} onClick={() => void remove.run(line.sku)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={change.error ?? remove.error} />
    </>
  );
}

function Totals({ cart }: { cart: Cart }) {
  return (
    <dl class="totals" aria-label="Totals">
      <dt>Subtotal</dt>
      <dd>{money(cart.subtotal, cart.currency)}</dd>
      {cart.discount ? (
        <>
          <dt>Discount{cart.coupon ? ` (${cart.coupon.code})` : ""}</dt>
          <dd>−{money(cart.discount, cart.currency)}</dd>
        </>
      ) : null}
      <dt>Shipping</dt>
      <dd>
        {cart.shipping
          ? `${money(cart.shipping.amount, cart.currency)} · ${cart.shipping.carrier} ${cart.shipping.service}`
          : "after the address"}
      </dd>
      <dt>Tax</dt>
      <dd>{cart.tax === undefined ? "after the address" : money(cart.tax, cart.currency)}</dd>
      <dt class="grand">Total</dt>
      <dd class="grand" data-testid="cart-total">
        {money(cart.total, cart.currency)}
      </dd>
    </dl>
  );
}

function Coupon({ cart }: { cart: Cart }) {
  const apply = useAction(async (code: string) => cartCall("POST", "/cart/coupon", { code }));
  const remove = useAction(() => cartCall("DELETE", "/cart/coupon"));
  if (cart.coupon) {
    return (
      <div class="coupon">
        <p>
          Coupon <strong>{cart.coupon.code}</strong>
          {cart.coupon.valid ? " applied" : ` no longer applies: ${cart.coupon.reason ?? ""}`}{" "}
          <button type="button" class="link" disabled={remove.busy} onClick={() => void remove.run()}>
            Remove
          </button>
        </p>
        <ErrorNote error={remove.error} />
      </div>
    );
  }
  return (
    <form
      class="coupon inline"
      onSubmit={(e) => {
        e.preventDefault();
        const code = String(new FormData(e.currentTarget as HTMLFormElement).get("code") ?? "").trim();
        if (code) void apply.run(code);
      }}
    >
      <Field label="Coupon code">
        <input name="code" autocomplete="off" maxLength={50} />
      </Field>
      <button type="submit" disabled={apply.busy}>
        Apply
      </button>
      <ErrorNote error={apply.error} />
    </form>
  );
}

const sameAddress = (a: Address, b: Address) => ADDRESS_FIELDS.every((k) => (a[k] ?? "") === (b[k] ?? ""));

function Checkout({ cart }: { cart: Cart }) {
  // The cart keeps the quoted address and method: a reload shows them, and the order goes there.
  const [address, setAddress] = useState<Address>(cart.shipping?.address ?? DEMO_ADDRESS);
  const [method, setMethod] = useState<"standard" | "express">(cart.shipping?.method ?? "standard");
  // The form says something other than what was quoted: the quote is stale until asked again.
  const [edited, setEdited] = useState(false);
  const destination = useRef<HTMLFormElement>(null);
  const checkEdited = () => {
    const form = destination.current;
    setEdited(form !== null && cart.shipping !== undefined && !sameAddress(formAddress(form), cart.shipping.address));
  };
  const [card, setCard] = useState<string>(TEST_CARDS[0].id);
  const [failedOrder, setFailedOrder] = useState<string | undefined>();
  // One key per attempt at this cart and total: a retry after a lost answer finds the same order.
  const attempt = useRef<{ key: string; total: number } | undefined>(undefined);

  const quote = useAction(async (form: HTMLFormElement) => {
    const next = formAddress(form);
    setAddress(next);
    await cartCall("PUT", "/cart/shipping", { shippingAddress: next, shippingMethod: method });
    setEdited(false);
  });

  const place = useAction(async (notes: string) => {
    setFailedOrder(undefined);
    if (!attempt.current || attempt.current.total !== cart.total) attempt.current = { key: crypto.randomUUID(), total: cart.total };
    try {
      const { body } = await shop.request<{ orderNumber: string }>("POST", "/orders", {
        body: {
          shippingAddress: cart.shipping!.address,
          shippingMethod: cart.shipping!.method,
          paymentMethodId: card,
          expectedTotal: cart.total,
          ...(notes ? { notes } : {}),
        },
        idempotencyKey: attempt.current.key,
      });
      attempt.current = undefined;
      await cartCall("GET", "/cart").catch(() => undefined);
      navigate(`/orders/${body.orderNumber}`);
    } catch (error) {
      if (error instanceof ApiError && typeof error.details.orderNumber === "string") {
        // The failed order keeps its number; the next attempt is a new order.
        setFailedOrder(error.details.orderNumber);
        attempt.current = undefined;
        await cartCall("GET", "/cart").catch(() => undefined);
      }
      throw error;
    }
  });

  const stale = edited || (cart.shipping !== undefined && cart.shipping.method !== method);
  const quoted = cart.shipping !== undefined && cart.tax !== undefined && !stale;
  return (
    <section class="card" aria-labelledby="checkout-title">
      <h2 id="checkout-title">Checkout</h2>
      <form
        ref={destination}
        onInput={checkEdited}
        onSubmit={(e) => {
          e.preventDefault();
          void quote.run(e.currentTarget as HTMLFormElement);
        }}
      >
        <AddressFields value={address} />
        <fieldset class="choices">
          <legend>Shipping</legend>
          {(["standard", "express"] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />{" "}
              {m === "standard" ? "Standard" : "Express"}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={quote.busy}>
          {cart.shipping ? "Update the shipping quote" : "Get the shipping quote"}
        </button>
        <ErrorNote error={quote.error} />
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void place.run(String(new FormData(e.currentTarget as HTMLFormElement).get("notes") ?? "").trim());
        }}
      >
        <fieldset class="choices cards">
          <legend>Payment: test cards</legend>
          <p class="muted">This demo storefront pays with the payment provider's test cards; no real card is charged.</p>
          {TEST_CARDS.map((c) => (
            <label key={c.id}>
              <input type="radio" name="card" value={c.id} checked={card === c.id} onChange={() => setCard(c.id)} />
              <span>
                <strong>{c.name}</strong> <code>{c.id}</code>
                <br />
                <small class="muted">{c.effect}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label="Note for the shop (optional)">
          <input name="notes" maxLength={500} />
        </Field>
        <button type="submit" class="primary" disabled={!quoted || place.busy}>
          {place.busy ? "Placing the order…" : `Place order · ${money(cart.total, cart.currency)}`}
        </button>
        {stale ? (
          <p class="muted">The address or shipping method changed: update the shipping quote, then place the order.</p>
        ) : !quoted ? (
          <p class="muted">Get the shipping quote first: the total you see is the total you pay.</p>
        ) : null}
        {/* A failed order is told once, above the cart (for a later visit too); here only the way forward. */}
        {failedOrder ? (
          <p>
            Choose another card and place the order again, or see what happened to it: <a href={`#/orders/${failedOrder}`}>{failedOrder}</a>
          </p>
        ) : (
          <ErrorNote error={place.error} />
        )}
      </form>
    </section>
  );
}

export function CartPage() {
  const cart = useLoad(() => cartCall("GET", "/cart"), "cart");
  useEffect(() => track("cart_view"), []);
  const [current, setCurrent] = useState<Cart | undefined>();
  useEffect(() => {
    if (cart.data) setCurrent(cart.data);
  }, [cart.data]);
  useEffect(() => cartState.subscribe((c) => setCurrent(c)), []);
  if (cart.error) return <ErrorNote error={cart.error} />;
  if (!current) return <Loading what="your cart" />;
  return (
    <section class="stack">
      <h1>Your cart</h1>
      {current.lastCheckoutFailure ? (
        <p class="error" role="alert">
          Your last order did not go through: {current.lastCheckoutFailure.message}
          {current.lastCheckoutFailure.orderNumber ? (
            <>
              {" "}
              (<a href={`#/orders/${current.lastCheckoutFailure.orderNumber}`}>{current.lastCheckoutFailure.orderNumber}</a>)
            </>
          ) : null}
        </p>
      ) : null}
      {current.items.length === 0 ? (
        <p>
          Your cart is empty. <a href="#/">Browse the products</a>.
        </p>
      ) : (
        <>
          <div class="card">
            <Lines cart={current} />
            {shop.customer ? <Coupon cart={current} /> : null}
            <Totals cart={current} />
          </div>
          {shop.customer ? <Checkout cart={current} /> : <GuestCheckout cart={current} />}
        </>
      )}
    </section>
  );
}
