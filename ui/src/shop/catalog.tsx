import { useEffect, useState } from "preact/hooks";
import { ErrorNote, Field, isNotFound, Loading, NotThere, Pager } from "../lib/components.tsx";
import { money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { track } from "./analytics.ts";
import { cartCall, shop } from "./store.ts";

interface ProductCard {
  id: string;
  slug: string;
  name: string;
  price: number;
  compareAtPrice?: number;
  currency: string;
  category?: string | null;
  images?: string[];
  available: number;
}

interface ProductPage extends ProductCard {
  sku: string;
  description?: string;
  status: string;
  inStock: boolean;
}

interface Category {
  name: string;
  slug: string;
  children?: Category[];
}

const PAGE_SIZE = 12;

/** The product's image when the shop serves it (the page loads images from its own origin only), else a tile with its initial. */
function Picture({ product }: { product: ProductCard }) {
  const [failed, setFailed] = useState(false);
  const src = product.images?.[0];
  if (src && !failed) return <img class="picture" src={src} alt="" loading="lazy" onError={() => setFailed(true)} />;
  return (
    <div class="picture placeholder" aria-hidden="true">
      {product.name.slice(0, 1).toUpperCase()}
    </div>
  );
}

function Price({ product }: { product: ProductCard }) {
  return (
    <p class="price">
      {money(product.price, product.currency)}
      {product.compareAtPrice ? (
        <>
          {" "}
          <s class="muted">
            <span class="sr-only">was </span>
            {money(product.compareAtPrice, product.currency)}
          </s>
        </>
      ) : null}
    </p>
  );
}

function flatten(categories: Category[], depth = 0): Array<{ slug: string; name: string }> {
  return categories.flatMap((c) => [{ slug: c.slug, name: `${"\u2003".repeat(depth)}${c.name}` }, ...flatten(c.children ?? [], depth + 1)]);
}

/** Adds one unit; from the list, whose lines carry no SKU, the product's page names it first. */
function AddToCart({ sku, slug, name, signedIn }: { sku?: string; slug: string; name: string; signedIn: boolean }) {
  const [added, setAdded] = useState(false);
  const add = useAction(async () => {
    sku ??= (await shop.get<ProductPage>(`/products/${encodeURIComponent(slug)}`)).sku;
    await cartCall("POST", "/cart/items", { sku, quantity: 1 });
    setAdded(true);
  });
  if (!signedIn) return <a href="#/signin">Sign in to buy</a>;
  return (
    <div>
      <button type="button" class="primary" disabled={add.busy} onClick={() => void add.run()}>
        {added ? "Add another" : "Add to cart"}
        <span class="sr-only">: {name}</span>
      </button>
      {added ? (
        <span class="ok" role="status">
          {" "}
          Added
        </span>
      ) : null}
      <ErrorNote error={add.error} />
    </div>
  );
}

export function Catalog({ route }: { route: Route }) {
  const q = route.query.get("q") ?? "";
  const category = route.query.get("category") ?? "";
  const sort = route.query.get("sort") ?? (q ? "relevance" : "newest");
  const page = Number(route.query.get("page") ?? 1) || 1;
  const params = new URLSearchParams({ page: String(page), limit: String(PAGE_SIZE), sort });
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  const products = useLoad(
    (signal) => shop.get<{ items: ProductCard[]; page: number; limit: number; total: number }>(`/products?${params}`, signal),
    params.toString(),
  );
  const categories = useLoad((signal) => shop.get<Category[]>("/categories", signal), "categories");
  const go = (changes: Record<string, string | number | undefined>) => navigate("/", { q, category, sort, page, ...changes });
  const listed = params.toString();
  useEffect(
    () => track(q ? "search" : "product_list_view", { ...(q ? { query: q } : {}), ...(category ? { category } : {}), page }),
    [listed],
  );
  const search = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    go({
      q: String(form.get("q") ?? "").trim(),
      category: String(form.get("category") ?? ""),
      sort: String(form.get("sort") ?? ""),
      page: 1,
    });
  };
  return (
    <section>
      <h1>Products</h1>
      <search>
        <form class="filters" onSubmit={search}>
          <Field label="Search">
            <input name="q" type="search" defaultValue={q} placeholder="mug, tea…" />
          </Field>
          <Field label="Category">
            <select name="category" defaultValue={category}>
              <option value="">All</option>
              {flatten(categories.data ?? []).map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Sort">
            <select name="sort" defaultValue={sort}>
              <option value="relevance">Relevance</option>
              <option value="newest">Newest</option>
              <option value="price_asc">Price, low to high</option>
              <option value="price_desc">Price, high to low</option>
            </select>
          </Field>
          <button type="submit">Search</button>
        </form>
      </search>
      <ErrorNote error={products.error} />
      {products.loading && !products.data ? <Loading what="products" /> : null}
      {products.data ? (
        <>
          {products.data.items.length === 0 ? <p>No products match.</p> : null}
          <ul class="grid" aria-label="Products">
            {products.data.items.map((p) => (
              <li key={p.id} class="card product">
                <a href={`#/products/${p.slug}`}>
                  <Picture product={p} />
                  <h2>{p.name}</h2>
                </a>
                <Price product={p} />
                {p.available <= 0 ? <p class="muted">Out of stock</p> : null}
                {p.available > 0 ? <AddToCart slug={p.slug} name={p.name} signedIn={!!shop.customer} /> : null}
              </li>
            ))}
          </ul>
          <Pager page={products.data.page} limit={products.data.limit} total={products.data.total} go={(p) => go({ page: p })} />
        </>
      ) : null}
    </section>
  );
}

export function Product({ slug }: { slug: string }) {
  const product = useLoad((signal) => shop.get<ProductPage>(`/products/${encodeURIComponent(slug)}`, signal), slug);
  const viewed = product.data?.sku;
  useEffect(() => {
    if (viewed) track("product_view", { sku: viewed });
  }, [viewed]);
  if (isNotFound(product.error)) {
    return <NotThere what="This product is not in the shop" back={<a href="#/">Browse the products</a>} />;
  }
  if (product.error) return <ErrorNote error={product.error} />;
  if (!product.data) return <Loading what="the product" />;
  const p = product.data;
  return (
    <article class="card product-page">
      <Picture product={p} />
      <div>
        <h1>{p.name}</h1>
        <Price product={p} />
        <p class="muted">SKU {p.sku}</p>
        {p.description ? <p>{p.description}</p> : null}
        <p>{p.inStock ? `${p.available} in stock` : "Out of stock"}</p>
        <AddToCart sku={p.sku} slug={p.slug} name={p.name} signedIn={!!shop.customer} />
        <p>
          <a href="#/">Back to the products</a>
        </p>
      </div>
    </article>
  );
}
