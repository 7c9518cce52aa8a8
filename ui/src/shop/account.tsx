import { useState } from "preact/hooks";
import type { OrderSummary, Profile, SavedAddress } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading, SaveActions, Status } from "../lib/components.tsx";
import { date, dateTime, money } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { SmsCard } from "./sms.tsx";
import { shop } from "./store.ts";
import { WishlistCard } from "./wishlist.tsx";

const formValues = (event: SubmitEvent) => {
  const form = new FormData(event.currentTarget as HTMLFormElement);
  return (name: string) => String(form.get(name) ?? "").trim();
};

/** The signed-in customer's account: profile, saved addresses, password, recent orders. */
export function AccountPage() {
  return (
    <section class="stack">
      <h1>Your account</h1>
      <div class="columns">
        <ProfileCard />
        <PasswordCard />
      </div>
      <AddressesCard />
      <div class="columns">
        <WishlistCard />
        <SmsCard />
      </div>
      <RecentOrders />
    </section>
  );
}

function ProfileCard() {
  const profile = useLoad((signal) => shop.get<Profile>("/me", signal), "me");
  const [saved, setSaved] = useState(false);
  const save = useAction(async (name: string) => {
    setSaved(false);
    await shop.request("PUT", "/me", { body: { name } });
    profile.reload();
    setSaved(true);
  });
  return (
    <section class="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      {profile.error ? <ErrorNote error={profile.error} /> : null}
      {profile.data ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(formValues(e)("name"));
          }}
        >
          <p class="muted">
            {profile.data.email} · {profile.data.loyaltyTier} member since {date(profile.data.createdAt)}
          </p>
          <Field label="Name">
            <input
              name="name"
              autocomplete="name"
              required
              maxLength={200}
              defaultValue={profile.data.name}
              key={profile.data.name}
              onInput={() => setSaved(false)}
            />
          </Field>
          <ErrorNote error={save.error} />
          <SaveActions label="Save name" busy={save.busy} saved={saved} />
        </form>
      ) : (
        !profile.error && <Loading what="your profile" />
      )}
    </section>
  );
}

function PasswordCard() {
  const [done, setDone] = useState(false);
  const change = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const currentPassword = String(data.get("currentPassword") ?? "");
    const newPassword = String(data.get("newPassword") ?? "");
    if (newPassword !== String(data.get("repeatPassword") ?? "")) throw new Error("The two new passwords differ; type the same one twice.");
    await shop.request("POST", "/me/password", { body: { currentPassword, newPassword } });
    form.reset();
    setDone(true);
  });
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(false);
          void change.run(e.currentTarget as HTMLFormElement);
        }}
      >
        <Field label="Current password">
          <input name="currentPassword" type="password" autocomplete="current-password" required />
        </Field>
        <Field label="New password" hint="at least 10 characters, not only spaces, and not a commonly used password">
          <input name="newPassword" type="password" autocomplete="new-password" required minLength={10} maxLength={200} />
        </Field>
        <Field label="New password again">
          <input name="repeatPassword" type="password" autocomplete="new-password" required minLength={10} maxLength={200} />
        </Field>
        <ErrorNote error={change.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={change.busy}>
            Change password
          </button>
          {done ? (
            <span role="status" class="muted">
              Password changed; other devices are signed out.
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function AddressesCard() {
  const addresses = useLoad((signal) => shop.get<{ items: SavedAddress[] }>("/me/addresses?limit=100", signal), "addresses");
  const [adding, setAdding] = useState(false);
  const add = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "").trim();
    const label = value("label");
    await shop.request("POST", "/me/addresses", {
      body: {
        ...(label ? { label } : {}),
        name: value("name"),
        street: value("street"),
        city: value("city"),
        state: value("state"),
        zip: value("zip"),
        country: value("country").toUpperCase(),
      },
      idempotencyKey: crypto.randomUUID(),
    });
    form.reset();
    setAdding(false);
    addresses.reload();
  });
  const remove = useAction(async (id: string) => {
    await shop.request("DELETE", `/me/addresses/${encodeURIComponent(id)}`);
    addresses.reload();
  });
  return (
    <section class="card" aria-labelledby="addresses-title">
      <h2 id="addresses-title">Saved addresses</h2>
      {addresses.error ? <ErrorNote error={addresses.error} /> : null}
      {!addresses.data && !addresses.error ? <Loading what="your addresses" /> : null}
      {addresses.data?.items.length === 0 ? <p class="muted">No saved addresses yet. Checkout fills one in for you from here.</p> : null}
      {addresses.data && addresses.data.items.length > 0 ? (
        <ul class="plain addresses" aria-label="Saved addresses">
          {addresses.data.items.map((a) => (
            <li key={a.id} class="address-row">
              <address>
                {a.label ? <strong>{a.label}: </strong> : null}
                {a.name}, {a.street}, {a.city}, {a.state} {a.zip}, {a.country}
              </address>
              <button type="button" class="link" disabled={remove.busy} onClick={() => void remove.run(a.id)}>
                Delete<span class="sr-only"> the address {a.label ?? a.street}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNote error={remove.error} />
      {adding ? (
        <form
          class="address-form"
          aria-label="New address"
          onSubmit={(e) => {
            e.preventDefault();
            void add.run(e.currentTarget as HTMLFormElement);
          }}
        >
          <Field label="Label (optional)">
            <input name="label" maxLength={50} placeholder="Home" />
          </Field>
          <Field label="Full name">
            <input name="name" autocomplete="name" required maxLength={200} />
          </Field>
          <Field label="Street">
            <input name="street" autocomplete="street-address" required />
          </Field>
          <Field label="City">
            <input name="city" autocomplete="address-level2" required />
          </Field>
          <Field label="State">
            <input name="state" autocomplete="address-level1" required />
          </Field>
          <Field label="ZIP">
            <input name="zip" autocomplete="postal-code" required />
          </Field>
          <Field label="Country" hint="two letters, such as US">
            <input name="country" autocomplete="country" required minLength={2} maxLength={2} />
          </Field>
          <ErrorNote error={add.error} />
          <div class="actions">
            <button type="submit" class="primary" disabled={add.busy}>
              Save address
            </button>
            <button type="button" class="link" onClick={() => setAdding(false)}>
              Never mind
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          Add an address
        </button>
      )}
    </section>
  );
}

function RecentOrders() {
  const orders = useLoad((signal) => shop.get<{ items: OrderSummary[]; total: number }>("/orders?limit=5", signal), "recent-orders");
  return (
    <section class="card" aria-labelledby="orders-title">
      <h2 id="orders-title">Order history</h2>
      {orders.error ? <ErrorNote error={orders.error} /> : null}
      {!orders.data && !orders.error ? <Loading what="your orders" /> : null}
      {orders.data?.items.length === 0 ? (
        <p class="muted">
          No orders yet. <a href="#/">Browse the products</a>
        </p>
      ) : null}
      {orders.data && orders.data.items.length > 0 ? (
        <>
          <ul class="plain" aria-label="Recent orders">
            {orders.data.items.map((o) => (
              <li key={o.orderNumber}>
                <a href={`#/orders/${o.orderNumber}`}>{o.orderNumber}</a> <span class="muted">{dateTime(o.createdAt)}</span>{" "}
                <Status value={o.status} /> {money(o.total, o.currency)}
              </li>
            ))}
          </ul>
          {orders.data.total > orders.data.items.length ? (
            <p>
              <a href="#/orders">All {orders.data.total} orders</a>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
