import type { WishlistItem } from "../lib/api-types.ts";
import { ErrorNote, Loading } from "../lib/components.tsx";
import { money } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { shop } from "./store.ts";

const load = (signal: AbortSignal) => shop.get<{ items: WishlistItem[] }>("/me/wishlist", signal);

/** Save or forget the product; a saved product back in stock is emailed once per restock. */
export function WishlistButton({ sku, name }: { sku: string; name: string }) {
  const list = useLoad(load, `wishlist-${sku}`);
  const saved = list.data?.items.some((i) => i.sku === sku) ?? false;
  const toggle = useAction(async () => {
    await shop.request(saved ? "DELETE" : "PUT", `/me/wishlist/${encodeURIComponent(sku)}`);
    list.reload();
  });
  if (!shop.customer) return null;
  return (
    <div class="actions">
      <button type="button" aria-pressed={saved} disabled={toggle.busy || !list.data} onClick={() => void toggle.run()}>
        {saved ? "♥ On your wishlist" : "♡ Save to wishlist"}
        <span class="sr-only">: {name}</span>
      </button>
      {saved ? <span class="muted">We email you when it is back in stock.</span> : null}
      <ErrorNote error={toggle.error ?? list.error} />
    </div>
  );
}

/** The account page's wishlist: what is saved, as it is now. */
export function WishlistCard() {
  const list = useLoad(load, "wishlist");
  const remove = useAction(async (sku: string) => {
    await shop.request("DELETE", `/me/wishlist/${encodeURIComponent(sku)}`);
    list.reload();
  });
  return (
    <section class="card" aria-labelledby="wishlist-title">
      <h2 id="wishlist-title">Wishlist</h2>
      <ErrorNote error={list.error ?? remove.error} />
      {!list.data ? (
        list.error ? null : (
          <Loading what="your wishlist" />
        )
      ) : list.data.items.length === 0 ? (
        <p class="muted">Nothing saved yet: the ♡ on a product's page saves it here.</p>
      ) : (
        <ul class="plain" aria-label="Saved products">
          {list.data.items.map((i) => (
            <li key={i.sku}>
              {i.slug && i.status === "active" ? <a href={`#/products/${i.slug}`}>{i.name}</a> : <span>{i.name}</span>}{" "}
              {money(i.price, i.currency)} <span class="muted">{i.available > 0 ? "in stock" : "out of stock"}</span>{" "}
              <button type="button" class="link" disabled={remove.busy} onClick={() => void remove.run(i.sku)}>
                Remove<span class="sr-only"> {i.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
