import { useEffect, useState } from "preact/hooks";
import { Loading, SignIn, TopBar } from "../lib/components.tsx";
import { useRoute, useSession } from "../lib/hooks.ts";
import { AccountPage } from "./account.tsx";
import { CartPage } from "./cart.tsx";
import { Catalog, Product } from "./catalog.tsx";
import { OrderList, OrderPage } from "./orders.tsx";
import { cartCall, cartState, guestCart, shop } from "./store.ts";

function CartLink() {
  const [count, setCount] = useState<number | undefined>(cartState.get()?.items.reduce((n, l) => n + l.quantity, 0));
  useEffect(() => cartState.subscribe((c) => setCount(c?.items.reduce((n, l) => n + l.quantity, 0))), []);
  return <>Cart{count ? ` (${count})` : ""}</>;
}

export function App() {
  const route = useRoute();
  const session = useSession(shop);
  useEffect(() => {
    if (!session.ready) return;
    if (session.customer || guestCart.token()) void cartCall("GET", "/cart").catch(() => undefined);
    else cartState.set(undefined);
  }, [session.customer?.id, session.ready]);
  const at = (prefix: string) =>
    prefix === "/" ? route.path === "/" || route.path.startsWith("/products") : route.path.startsWith(prefix);
  const links = [
    { href: "#/", text: "Products", current: at("/") },
    { href: "#/cart", text: <CartLink />, current: at("/cart") },
    { href: "#/orders", text: "Orders", current: at("/orders") },
    { href: "#/account", text: "Account", current: at("/account") },
  ];
  return (
    <>
      <TopBar
        brand={
          <>
            restate-commerce <span class="muted">demo shop</span>
          </>
        }
        client={shop}
        links={links}
        signInHref="#/signin"
      />
      <main id="main" tabIndex={-1}>
        <Page path={route.path} route={route} signedIn={!!session.customer} ready={session.ready} />
      </main>
    </>
  );
}

function Page({ path, route, signedIn, ready }: { path: string; route: ReturnType<typeof useRoute>; signedIn: boolean; ready: boolean }) {
  if (!ready) return <Loading what="the shop" />;
  const product = /^\/products\/([^/]+)$/.exec(path);
  const guestOrder = /^\/guest\/orders\/([^/]+)$/.exec(path);
  if (guestOrder) return <OrderPage orderNumber={decodeURIComponent(guestOrder[1]!)} token={route.query.get("token") ?? ""} />;
  if (product) return <Product slug={decodeURIComponent(product[1]!)} />;
  if (path === "/" || path === "/products") return <Catalog route={route} />;
  const needsAccount = (path === "/cart" && !guestCart.token()) || path.startsWith("/orders") || path === "/account" || path === "/signin";
  if (needsAccount && !signedIn) {
    return (
      <SignIn
        client={shop}
        title="Sign in to the shop"
        allowRegister
        note={<p class="muted">An account keeps your cart and your orders.</p>}
      />
    );
  }
  if (path === "/signin") return <SignedIn />;
  if (path === "/cart") return <CartPage />;
  if (path === "/account") return <AccountPage />;
  if (path === "/orders") return <OrderList route={route} />;
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order) return <OrderPage orderNumber={decodeURIComponent(order[1]!)} />;
  return (
    <p>
      No such page. <a href="#/">Back to the products</a>
    </p>
  );
}

function SignedIn() {
  return (
    <section class="card narrow">
      <h1>Signed in as {shop.customer?.name}</h1>
      <p>
        <a href="#/">Browse the products</a>, go to <a href="#/cart">your cart</a> or <a href="#/account">your account</a>.
      </p>
    </section>
  );
}
