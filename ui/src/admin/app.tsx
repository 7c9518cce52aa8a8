import { Loading, SignIn, TopBar } from "../lib/components.tsx";
import { type Route, useRoute, useSession } from "../lib/hooks.ts";
import { Alerts } from "./alerts.tsx";
import { Analytics } from "./analytics.tsx";
import { OrderDetail } from "./order.tsx";
import { Orders } from "./orders.tsx";
import { Products } from "./products.tsx";
import { PurchaseOrderPage, PurchaseOrders } from "./purchase-orders.tsx";
import { admin } from "./store.ts";

const SECTIONS = [
  { path: "/orders", text: "Orders" },
  { path: "/products", text: "Products" },
  { path: "/purchase-orders", text: "Purchase orders" },
  { path: "/alerts", text: "Alerts" },
  { path: "/analytics", text: "Analytics" },
] as const;

export function App() {
  const route = useRoute();
  const session = useSession(admin);
  const links = SECTIONS.map((s) => ({
    href: `#${s.path}`,
    text: s.text,
    current: route.path.startsWith(s.path) || (route.path === "/" && s.path === "/orders"),
  }));
  return (
    <>
      <TopBar
        brand={
          <>
            restate-commerce <span class="muted">admin</span>
          </>
        }
        client={admin}
        links={session.customer?.role === "admin" ? links : []}
      />
      <main id="main" tabIndex={-1}>
        {!session.ready ? (
          <Loading what="the dashboard" />
        ) : !session.customer ? (
          <SignIn client={admin} title="Sign in to the admin dashboard" />
        ) : session.customer.role !== "admin" ? (
          <NotAdmin />
        ) : (
          <Page route={route} />
        )}
      </main>
    </>
  );
}

function NotAdmin() {
  return (
    <section class="card narrow">
      <h1>Not an admin</h1>
      <p>
        {admin.customer?.email} is a customer account. An admin can promote it (PUT /admin/customers/&#123;id&#125;/role), or sign in with
        an admin account.
      </p>
      <button type="button" onClick={() => void admin.signOut()}>
        Sign out
      </button>
    </section>
  );
}

function Page({ route }: { route: Route }) {
  const path = route.path;
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order) return <OrderDetail orderNumber={decodeURIComponent(order[1]!)} />;
  if (path === "/" || path === "/orders") return <Orders route={route} />;
  if (path === "/alerts") return <Alerts route={route} />;
  if (path === "/products") return <Products route={route} />;
  if (path === "/analytics") return <Analytics route={route} />;
  if (path === "/purchase-orders") return <PurchaseOrders route={route} />;
  const po = /^\/purchase-orders\/([^/]+)$/.exec(path);
  if (po) return <PurchaseOrderPage id={decodeURIComponent(po[1]!)} />;
  return (
    <p>
      No such page. <a href="#/orders">Orders</a>
    </p>
  );
}
