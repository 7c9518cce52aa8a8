import { useState } from "preact/hooks";
import type { AdminProductLine as Product, Stock } from "../lib/api-types.ts";
import { ErrorNote, Field, Loading, Pager, Status } from "../lib/components.tsx";
import { money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { admin } from "./store.ts";

interface Page {
  items: Product[];
  page: number;
  limit: number;
  total: number;
  stock: Map<string, Stock>;
}

/** A page of products from the catalog, with each one's stock as Restate counts it (the catalog's count may lag). */
async function loadPage(query: URLSearchParams, signal: AbortSignal): Promise<Page> {
  const page = await admin.get<Omit<Page, "stock">>(`/admin/products?${query}`, signal);
  const stock = new Map<string, Stock>();
  if (page.items.length > 0) {
    const skus = page.items.map((p) => p.sku).join(",");
    const answer = await admin.get<{ items: Stock[] }>(`/admin/inventory?skus=${encodeURIComponent(skus)}`, signal);
    for (const s of answer.items) stock.set(s.sku, s);
  }
  return { ...page, stock };
}

function Restock({ sku, done }: { sku: string; done: () => void }) {
  const restock = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await admin.request("POST", `/admin/inventory/${encodeURIComponent(sku)}/restock`, {
      body: { quantity: Number(data.get("quantity")), reference: String(data.get("reference") ?? "").trim() },
    });
    form.reset();
    done();
  });
  return (
    <form
      class="inline restock"
      onSubmit={(e) => {
        e.preventDefault();
        void restock.run(e.currentTarget as HTMLFormElement);
      }}
    >
      <input name="quantity" type="number" min={1} max={1_000_000} required aria-label={`Units of ${sku} received`} placeholder="units" />
      <input
        name="reference"
        required
        maxLength={128}
        pattern="[A-Za-z0-9._:\-]+"
        aria-label={`Delivery reference for ${sku}`}
        placeholder="delivery note"
      />
      <button type="submit" disabled={restock.busy}>
        Restock
      </button>
      <ErrorNote error={restock.error} />
    </form>
  );
}

interface ReplenishmentSettings {
  supplier: string;
  reorderQuantity?: number;
  coverDays?: number;
}

/** Who supplies a SKU and how much the low-stock scan orders: set here, shown once saved. */
function Supplier({ sku }: { sku: string }) {
  const [saved, setSaved] = useState<ReplenishmentSettings | null>(null);
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const quantity = String(data.get("reorderQuantity") ?? "").trim();
    const answer = await admin.request<ReplenishmentSettings>("PUT", `/admin/inventory/${encodeURIComponent(sku)}/replenishment`, {
      body: { supplier: String(data.get("supplier") ?? "").trim(), ...(quantity ? { reorderQuantity: Number(quantity) } : {}) },
    });
    setSaved(answer.body);
  });
  return (
    <details class="supplier">
      <summary>{saved ? saved.supplier : "Set supplier"}</summary>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(e.currentTarget as HTMLFormElement);
        }}
      >
        <Field label={`Supplier of ${sku} (order email)`}>
          <input name="supplier" type="email" required maxLength={254} />
        </Field>
        <Field label={`Units per purchase order of ${sku}`} hint="Leave empty to order 30 days of recent sales">
          <input name="reorderQuantity" type="number" min={1} max={1_000_000} />
        </Field>
        <button type="submit" disabled={save.busy}>
          Save supplier
        </button>
        {saved ? (
          <p class="muted" role="status">
            Saved: {saved.reorderQuantity ? `${saved.reorderQuantity} units per order` : `${saved.coverDays ?? 30} days of cover`}.
          </p>
        ) : null}
        <ErrorNote error={save.error} />
      </form>
    </details>
  );
}

function NewProduct({ done }: { done: () => void }) {
  const [open, setOpen] = useState(false);
  const create = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const threshold = text("lowStockThreshold");
    await admin.request("POST", "/admin/products", {
      body: {
        sku: text("sku"),
        name: text("name"),
        price: Math.round(Number(text("price")) * 100),
        currency: "USD",
        status: text("status"),
        ...(text("description") ? { description: text("description") } : {}),
        ...(threshold ? { lowStockThreshold: Number(threshold) } : {}),
      },
      idempotencyKey: crypto.randomUUID(),
    });
    setOpen(false);
    done();
  });
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        New product…
      </button>
    );
  }
  return (
    <form
      class="card stack"
      aria-label="New product"
      onSubmit={(e) => {
        e.preventDefault();
        void create.run(e.currentTarget as HTMLFormElement);
      }}
    >
      <h2>New product</h2>
      <div class="filters">
        <Field label="SKU">
          <input name="sku" required maxLength={128} pattern="[A-Za-z0-9._:\-]+" />
        </Field>
        <Field label="Name">
          <input name="name" required maxLength={200} />
        </Field>
        <Field label="Price (USD)">
          <input name="price" type="number" min={0} step="0.01" required />
        </Field>
        <Field label="Low-stock threshold">
          <input name="lowStockThreshold" type="number" min={0} />
        </Field>
        <Field label="Status">
          <select name="status" defaultValue="active">
            <option value="active">active</option>
            <option value="draft">draft</option>
          </select>
        </Field>
      </div>
      <Field label="Description">
        <input name="description" maxLength={5000} />
      </Field>
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

export function Products({ route }: { route: Route }) {
  const q = route.query.get("q") ?? "";
  const status = route.query.get("status") ?? "";
  const page = Number(route.query.get("page") ?? 1) || 1;
  const query = new URLSearchParams({ page: String(page), limit: "20", sort: q ? "relevance" : "newest" });
  if (q) query.set("q", q);
  if (status) query.set("status", status);
  const products = useLoad((signal) => loadPage(query, signal), query.toString());
  const search = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate("/products", { q: String(form.get("q") ?? "").trim(), status: String(form.get("status") ?? "") });
  };
  const low = products.data ? [...products.data.stock.values()].filter((s) => s.lowStock).length : 0;
  return (
    <section class="stack">
      <h1>Products and stock</h1>
      <search>
        <form class="filters" onSubmit={search}>
          <Field label="Search">
            <input name="q" type="search" defaultValue={q} placeholder="name, SKU, description" />
          </Field>
          <Field label="Status">
            <select name="status" defaultValue={status}>
              <option value="">Any</option>
              <option value="active">active</option>
              <option value="draft">draft</option>
              <option value="archived">archived</option>
            </select>
          </Field>
          <button type="submit">Search</button>
        </form>
      </search>
      <div class="actions">
        <NewProduct done={products.reload} />
        <a href="#/categories">Categories</a>
      </div>
      <ErrorNote error={products.error} />
      {!products.data ? (
        products.error ? null : (
          <Loading what="products" />
        )
      ) : (
        <>
          {low ? (
            <p class="error" role="status">
              {low} product{low === 1 ? " is" : "s are"} at or below the low-stock threshold on this page.
            </p>
          ) : null}
          <div class="scroll">
            <table aria-label="Products">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Product</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Price
                  </th>
                  <th scope="col" class="num">
                    On hand
                  </th>
                  <th scope="col" class="num">
                    Reserved
                  </th>
                  <th scope="col" class="num">
                    Available
                  </th>
                  <th scope="col" class="num">
                    Threshold
                  </th>
                  <th scope="col">Restock</th>
                  <th scope="col">Supplier</th>
                </tr>
              </thead>
              <tbody>
                {products.data.items.map((p) => {
                  const s = products.data!.stock.get(p.sku);
                  return (
                    <tr key={p.id} class={s?.lowStock ? "low" : ""} data-sku={p.sku}>
                      <td>
                        <code>{p.sku}</code>
                      </td>
                      <td>
                        <a href={`#/products/${encodeURIComponent(p.id)}`}>{p.name}</a>
                        {s?.lowStock ? (
                          <>
                            {" "}
                            <span class="badge badge-low">low stock</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <Status value={p.status} />
                      </td>
                      <td class="num">{money(p.price, p.currency)}</td>
                      <td class="num">{s?.onHand ?? "—"}</td>
                      <td class="num">{s?.reserved ?? "—"}</td>
                      <td class="num">{s?.available ?? p.available}</td>
                      <td class="num">{s?.lowStockThreshold ?? "—"}</td>
                      <td>
                        <Restock sku={p.sku} done={products.reload} />
                      </td>
                      <td>
                        <Supplier sku={p.sku} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {products.data.items.length === 0 ? <p>No products match.</p> : null}
          <Pager
            page={products.data.page}
            limit={products.data.limit}
            total={products.data.total}
            go={(n) => navigate("/products", { q, status, page: n })}
          />
        </>
      )}
    </section>
  );
}
