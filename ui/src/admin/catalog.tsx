import { useState } from "preact/hooks";
import type { AdminProduct, CategoryNode } from "../lib/api-types.ts";
import { ErrorNote, Field, isNotFound, Loading, NotThere, SaveActions, Status } from "../lib/components.tsx";
import { amountText, minorUnitsOf, money } from "../lib/format.ts";
import { useAction, useLoad } from "../lib/hooks.ts";
import { ProductReviewsAdmin } from "./reviews.tsx";
import { admin } from "./store.ts";

/** The tree as one list, parents first, each with its depth: for a select and for the tree's own rows. */
function flatten(nodes: CategoryNode[], depth = 0): Array<{ node: CategoryNode; depth: number }> {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** A category's place in the tree, read by a person: "Kitchen › Mugs". */
function pathOf(nodes: CategoryNode[], id: string, above: string[] = []): string | undefined {
  for (const node of nodes) {
    const here = [...above, node.name];
    if (node.id === id) return here.join(" › ");
    const below = pathOf(node.children, id, here);
    if (below) return below;
  }
  return undefined;
}

/** `selected` on the option, not `defaultValue` on the select: the options may arrive after the select (Preact sets no select default). */
function CategoryOptions({ tree, selected }: { tree: CategoryNode[]; selected?: string | null }) {
  return (
    <>
      {flatten(tree).map(({ node, depth }) => (
        <option key={node.id} value={node.id} selected={node.id === selected}>
          {`${"— ".repeat(depth)}${node.name}`}
        </option>
      ))}
    </>
  );
}

const loadTree = (signal: AbortSignal) => admin.get<CategoryNode[]>("/categories", signal);

/** Every field an owner changes after creating a product; the amounts in the product's currency. */
export function ProductPage({ id }: { id: string }) {
  const found = useLoad((signal) => admin.get<AdminProduct>(`/admin/products/${encodeURIComponent(id)}`, signal), id);
  const tree = useLoad(loadTree, "tree");
  const [saved, setSaved] = useState(false);
  const save = useAction(async (form: HTMLFormElement) => {
    const p = found.data!;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const amount = (name: string, label: string) => {
      const minor = minorUnitsOf(text(name), p.currency);
      if (minor === undefined) throw new Error(`${label}: enter an amount in ${p.currency} such as 12 or 12.50`);
      return minor;
    };
    setSaved(false);
    const price = amount("price", "Price");
    const compareAtPrice = text("compareAtPrice") ? amount("compareAtPrice", "Compare-at price") : null;
    if (compareAtPrice !== null && compareAtPrice <= price)
      throw new Error(`Compare-at price: must be above the price (${money(price, p.currency)}), or empty`);
    const threshold = text("lowStockThreshold");
    const body = {
      name: text("name"),
      price,
      compareAtPrice,
      status: text("status"),
      lowStockThreshold: threshold ? Number(threshold) : null,
      categoryId: text("categoryId") || null,
      description: text("description") || null,
      images: text("images")
        .split(/\s+/)
        .filter((url) => url !== ""),
    };
    await admin.request("PUT", `/admin/products/${encodeURIComponent(p.id)}`, { body, idempotencyKey: crypto.randomUUID() });
    setSaved(true);
    found.reload();
  });
  if (isNotFound(found.error)) return <NotThere what="No such product." back={<a href="#/products">All products</a>} />;
  if (!found.data) return found.error ? <ErrorNote error={found.error} /> : <Loading what="the product" />;
  const p = found.data;
  return (
    <>
      <article class="stack" data-product={p.id}>
        <p>
          <a href="#/products">← Products</a>
        </p>
        <h1>
          {p.name} <Status value={p.status} />
        </h1>
        <p class="muted">
          <code>{p.sku}</code> · {money(p.price, p.currency)}
          {p.compareAtPrice ? ` (was ${money(p.compareAtPrice, p.currency)})` : ""} ·{" "}
          {p.category ? (pathOf(tree.data ?? [], p.category) ?? p.category) : "no category"} · {p.onHand} on hand, {p.available} available
          {p.lowStock ? " · low stock" : ""}
        </p>
        {/* Keyed by what was loaded: after a save the fields show what the shop now holds. */}
        <form
          key={JSON.stringify(p)}
          class="card stack"
          aria-label="Edit product"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(e.currentTarget as HTMLFormElement);
          }}
        >
          <div class="filters">
            <Field label="Name">
              <input name="name" required maxLength={200} defaultValue={p.name} />
            </Field>
            <Field label={`Price (${p.currency})`}>
              <input name="price" required inputMode="decimal" autocomplete="off" defaultValue={amountText(p.price, p.currency)} />
            </Field>
            <Field label={`Compare-at price (${p.currency})`} hint="The former price, shown struck through; empty for none">
              <input
                name="compareAtPrice"
                inputMode="decimal"
                autocomplete="off"
                defaultValue={p.compareAtPrice ? amountText(p.compareAtPrice, p.currency) : ""}
              />
            </Field>
            <Field label="Status">
              <select name="status">
                {(["active", "draft", "archived"] as const).map((status) => (
                  <option key={status} value={status} selected={status === p.status}>
                    {status}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Low-stock threshold" hint="Empty: no alert">
              <input
                name="lowStockThreshold"
                type="number"
                min={0}
                max={1_000_000}
                defaultValue={p.lowStockThreshold === null ? "" : String(p.lowStockThreshold)}
              />
            </Field>
            <Field label="Category">
              <select name="categoryId">
                <option value="" selected={p.category === null}>
                  None
                </option>
                <CategoryOptions tree={tree.data ?? []} selected={p.category} />
              </select>
            </Field>
          </div>
          <Field label="Description">
            <textarea name="description" rows={4} maxLength={5000} defaultValue={p.description ?? ""} />
          </Field>
          <Field
            label="Image URLs"
            hint="One a line: an http(s) URL, or /media/<file> for an image this shop serves; the first is the product's picture"
          >
            <textarea name="images" rows={3} defaultValue={p.images.join("\n")} />
          </Field>
          <SaveActions label="Save changes" busy={save.busy} saved={saved} />
          <ErrorNote error={save.error} />
          <ErrorNote error={tree.error} />
        </form>
      </article>
      <ProductReviewsAdmin sku={p.sku} />
    </>
  );
}

function Tree({ nodes }: { nodes: CategoryNode[] }) {
  return (
    <ul class="tree">
      {nodes.map((node) => (
        <li key={node.id} data-category={node.id}>
          <span>{node.name}</span> <small class="muted">{node.id}</small>
          {node.children.length ? <Tree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function Categories() {
  const tree = useLoad(loadTree, "tree");
  const create = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const parentId = String(data.get("parentId") ?? "");
    await admin.request("POST", "/admin/categories", {
      body: { name: String(data.get("name") ?? "").trim(), ...(parentId ? { parentId } : {}) },
      idempotencyKey: crypto.randomUUID(),
    });
    form.reset();
    tree.reload();
  });
  return (
    <section class="stack">
      <p>
        <a href="#/products">← Products</a>
      </p>
      <h1>Categories</h1>
      <form
        class="card filters"
        aria-label="New category"
        onSubmit={(e) => {
          e.preventDefault();
          void create.run(e.currentTarget as HTMLFormElement);
        }}
      >
        <Field label="New category">
          <input name="name" required maxLength={100} />
        </Field>
        <Field label="Under">
          <select name="parentId" defaultValue="">
            <option value="">the top</option>
            <CategoryOptions tree={tree.data ?? []} />
          </select>
        </Field>
        <button type="submit" disabled={create.busy}>
          Create
        </button>
      </form>
      <ErrorNote error={create.error} />
      <ErrorNote error={tree.error} />
      {!tree.data ? (
        tree.error ? null : (
          <Loading what="the categories" />
        )
      ) : tree.data.length === 0 ? (
        <p class="muted">No categories yet.</p>
      ) : (
        <nav class="card" aria-label="Category tree">
          <Tree nodes={tree.data} />
        </nav>
      )}
    </section>
  );
}
