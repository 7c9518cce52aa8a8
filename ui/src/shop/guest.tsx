import { useRef, useState } from "preact/hooks";
import type { GuestOrder } from "../lib/api-types.ts";
import { ErrorNote, Field } from "../lib/components.tsx";
import { money } from "../lib/format.ts";
import { navigate, useAction } from "../lib/hooks.ts";
import { AddressFields, DEMO_ADDRESS, formAddress } from "./address-fields.tsx";
import { type Cart, cartState, guestCart, shop } from "./store.ts";
import { TEST_CARDS } from "./test-cards.ts";

/**
 * Checkout without an account: an email (where the confirmation, with the order's link, goes), the
 * address, the method and a test card. The order opens at once by the token of its answer; the
 * email's link opens it later, from anywhere.
 */
export function GuestCheckout({ cart }: { cart: Cart }) {
  const [method, setMethod] = useState<"standard" | "express">("standard");
  const [card, setCard] = useState<string>(TEST_CARDS[0].id);
  // One key per attempt at this cart: a retry after a lost answer finds the same order.
  const attempt = useRef<string | undefined>(undefined);
  const place = useAction(async (form: HTMLFormElement) => {
    const email = String(new FormData(form).get("email") ?? "").trim();
    const { name = "", ...shippingAddress } = formAddress(form);
    attempt.current ??= crypto.randomUUID();
    const { body } = await shop.request<GuestOrder>("POST", "/guest/orders", {
      body: { email, name, shippingAddress, shippingMethod: method, paymentMethodId: card },
      idempotencyKey: attempt.current,
      headers: { "x-guest-cart": guestCart.token() ?? "" },
    });
    // The cart is spent: the next one is a new guest cart.
    guestCart.spent();
    cartState.set(undefined);
    navigate(`/guest/orders/${body.orderNumber}`, { token: body.orderToken });
  });
  return (
    <section class="card" aria-labelledby="guest-checkout-title">
      <h2 id="guest-checkout-title">Check out as a guest</h2>
      <p class="muted">
        No account needed: we email your confirmation with a link to follow the order. <a href="#/signin">Sign in</a> instead to keep your
        orders in an account.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void place.run(e.currentTarget as HTMLFormElement);
        }}
        onInput={() => {
          attempt.current = undefined;
        }}
      >
        <Field label="Email">
          <input name="email" type="email" autocomplete="email" required maxLength={254} />
        </Field>
        <AddressFields value={DEMO_ADDRESS} />
        <fieldset>
          <legend>Delivery</legend>
          {(["standard", "express"] as const).map((m) => (
            <label key={m} class="check">
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />{" "}
              {m === "standard" ? "Standard" : "Express"}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Payment (test cards)</legend>
          {TEST_CARDS.slice(0, 3).map((c) => (
            <label key={c.id} class="check">
              <input type="radio" name="card" value={c.id} checked={card === c.id} onChange={() => setCard(c.id)} /> {c.name}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={place.error} />
        <button type="submit" class="primary" disabled={place.busy}>
          Place order · {money(cart.subtotal, cart.currency)} and shipping
        </button>
      </form>
    </section>
  );
}
