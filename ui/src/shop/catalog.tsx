import { useEffect, useRef, useState } from "preact/hooks";
import type { CategoryNode, ProductCard, ProductPage } from "../lib/api-types.ts";
import { ErrorNote, Field, isNotFound, Loading, NotThere, Pager } from "../lib/components.tsx";
import { amountText, minorUnitsOf, money } from "../lib/format.ts";
import { navigate, type Route, useAction, useLoad } from "../lib/hooks.ts";
import { track } from "./analytics.ts";
import { ProductReviews, Stars } from "./reviews.tsx";
import { cartCall, shop } from "./store.ts";
import { WishlistButton } from "./wishlist.tsx";

type Category = CategoryNode;

const PAGE_SIZE = 12;

/**
 * The product's first image, else a tile with its initial. The box has its shape before the image
 * arrives (aspect-ratio, width and height), so nothing moves when it loads. In the list the name is
 * the link's text, so the image is decorative there (empty alt).
 */
function Picture({
  product,
  alt = "",
  src = product.images?.[0],
  eager = false,
}: {
  product: ProductCard;
  alt?: string;
  src?: string | undefined;
  eager?: boolean;
}) {
  const [failed, setFailed] = useState<string | undefined>();
  if (src && failed !== src) {
    return (
      <img
        class="picture"
        src={src}
        alt={alt}
        width={800}
        height={600}
        sizes="(max-width: 40rem) 100vw, 24rem"
        loading={eager ? "eager" : "lazy"}
        decoding="async"
        onError={() => setFailed(src)}
      />
    );
  }
  const initial = <span>{product.name.slice(0, 1).toUpperCase()}</span>;
  return alt ? (
    <div class="picture placeholder" role="img" aria-label={`${alt} (no picture yet)`}>
      {initial}
    </div>
  ) : (
    <div class="picture placeholder" aria-hidden="true">
      {initial}
    </div>
  );
}

/** The product page's pictures: the chosen one large, the others as buttons that choose. */
function Gallery({ product }: { product: ProductPage }) {
  const images = product.images ?? [];
  const [shown, setShown] = useState(0);
  const current = images[Math.min(shown, images.length - 1)];
  return (
    <div class="gallery">
      <Picture
        product={product}
        src={current}
        alt={images.length > 1 ? `${product.name}, picture ${shown + 1} of ${images.length}` : product.name}
        eager
      />
      {images.length > 1 ? (
        <ul class="thumbs" aria-label="Pictures">
          {images.map((src, i) => (
            <li key={src}>
              <button
                type="button"
                aria-pressed={i === shown}
                aria-label={`Show picture ${i + 1} of ${images.length}`}
                onClick={() => setShown(i)}
              >
                <img src={src} alt="" width={64} height={48} loading="lazy" decoding="async" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
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

/** Adds one unit (to the guest cart when nobody is signed in); the list's lines carry no SKU, so the product's page names it first. */
function AddToCart({ sku, slug, name }: { sku?: string; slug: string; name: string }) {
  const [added, setAdded] = useState(false);
  const add = useAction(async () => {
    sku ??= (await shop.get<ProductPage>(`/products/${encodeURIComponent(slug)}`)).sku;
    await cartCall("POST", "/cart/items", { sku, quantity: 1 });
    setAdded(true);
  });
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

/** A price bound from the URL (minor units), or undefined. */
const bound = (text: string | null) => (text !== null && /^\d{1,12}$/.test(text) ? Number(text) : undefined);

/**
 * A price field that applies as the shopper types (a moment after the last key), with no button:
 * what it holds goes into the address, so a filtered list can be shared and survives a reload.
 */
function PriceField({
  label,
  value,
  currency,
  apply,
}: {
  label: string;
  value: number | undefined;
  currency: string;
  apply: (minor: number | undefined) => void;
}) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <Field label={label}>
      <input
        type="text"
        inputMode="decimal"
        placeholder={`in ${currency}`}
        defaultValue={value === undefined ? "" : amountText(value, currency)}
        aria-invalid={invalid ? "true" : undefined}
        onInput={(e) => {
          const text = (e.currentTarget as HTMLInputElement).value.trim();
          const minor = text === "" ? undefined : minorUnitsOf(text, currency);
          setInvalid(text !== "" && minor === undefined);
          clearTimeout(timer.current);
          if (text === "" || minor !== undefined) timer.current = setTimeout(() => apply(minor), 400);
        }}
      />
    </Field>
  );
}

export function Catalog({ route }: { route: Route }) {
  const q = route.query.get("q") ?? "";
  const category = route.query.get("category") ?? "";
  const sort = route.query.get("sort") ?? (q ? "relevance" : "newest");
  const page = Number(route.query.get("page") ?? 1) || 1;
  const minPrice = bound(route.query.get("minPrice"));
  const maxPrice = bound(route.query.get("maxPrice"));
  const inStock = route.query.get("inStock") === "true";
  const params = new URLSearchParams({ page: String(page), limit: String(PAGE_SIZE), sort });
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  if (minPrice !== undefined) params.set("minPrice", String(minPrice));
  if (maxPrice !== undefined) params.set("maxPrice", String(maxPrice));
  if (inStock) params.set("inStock", "true");
  const products = useLoad(
    (signal) => shop.get<{ items: ProductCard[]; page: number; limit: number; total: number }>(`/products?${params}`, signal),
    params.toString(),
  );
  const categories = useLoad((signal) => shop.get<Category[]>("/categories", signal), "categories");
  // The shop's currency, as its products are priced (the filters' amounts are typed in it).
  const [currency, setCurrency] = useState("USD");
  const seen = products.data?.items[0]?.currency;
  useEffect(() => {
    if (seen) setCurrency(seen);
  }, [seen]);
  const filters = { q, category, sort, page, minPrice, maxPrice, inStock: inStock ? "true" : undefined };
  // Every filter change goes back to the first page.
  const go = (changes: Record<string, string | number | undefined>) => navigate("/", { ...filters, page: 1, ...changes });
  const listed = params.toString();
  useEffect(
    () => track(q ? "search" : "product_list_view", { ...(q ? { query: q } : {}), ...(category ? { category } : {}), page }),
    [listed],
  );
  const search = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    go({ q: String(form.get("q") ?? "").trim() });
  };
  return (
    <section>
      <h1>Products</h1>
      <search aria-label="Filter the products">
        <form class="filters" onSubmit={search}>
          <div class="search-field">
            <Field label="Search">
              <input name="q" type="search" defaultValue={q} placeholder="mug, tea…" />
            </Field>
            <button type="submit">Search</button>
          </div>
          <Field label="Category">
            <select name="category" value={category} onChange={(e) => go({ category: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">All</option>
              {flatten(categories.data ?? []).map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Sort">
            <select name="sort" value={sort} onChange={(e) => go({ sort: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="relevance">Relevance</option>
              <option value="newest">Newest</option>
              <option value="price_asc">Price, low to high</option>
              <option value="price_desc">Price, high to low</option>
              <option value="rating">Best rated</option>
            </select>
          </Field>
          <PriceField
            key={`min-${currency}`}
            label="Lowest price"
            value={minPrice}
            currency={currency}
            apply={(v) => go({ minPrice: v })}
          />
          <PriceField
            key={`max-${currency}`}
            label="Highest price"
            value={maxPrice}
            currency={currency}
            apply={(v) => go({ maxPrice: v })}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={inStock}
              onChange={(e) => go({ inStock: (e.currentTarget as HTMLInputElement).checked ? "true" : undefined })}
            />{" "}
            In stock only
          </label>
        </form>
      </search>
      <ErrorNote error={products.error} />
      {products.loading && !products.data ? <Loading what="products" /> : null}
      {products.data ? (
        <>
          <p class="muted" aria-live="polite">
            {products.data.total === 0 ? "No products match." : `${products.data.total} product${products.data.total === 1 ? "" : "s"}`}
          </p>
          <ul class="grid" aria-label="Products">
            {products.data.items.map((p) => (
              <li key={p.id} class="card product">
                <a href={`#/products/${p.slug}`}>
                  <Picture product={p} />
                  <h2>{p.name}</h2>
                </a>
                <Price product={p} />
                {p.rating ? <Stars rating={p.rating} /> : null}
                {p.available <= 0 ? <p class="muted">Out of stock</p> : null}
                {p.available > 0 ? <AddToCart slug={p.slug} name={p.name} /> : null}
              </li>
            ))}
          </ul>
          <Pager
            page={products.data.page}
            limit={products.data.limit}
            total={products.data.total}
            go={(p) => navigate("/", { ...filters, page: p })}
          />
        </>
      ) : null}
    </section>
  );
}

/** How many to add: a number field between − and +, bounded by what can be bought. */
function QuantityPicker({ value, max, set }: { value: number; max: number; set: (n: number) => void }) {
  const clamp = (n: number) => Math.max(1, Math.min(max, Math.floor(n) || 1));
  return (
    <fieldset class="quantity">
      <legend class="sr-only">Quantity</legend>
      <button type="button" aria-label="One fewer" disabled={value <= 1} onClick={() => set(clamp(value - 1))}>
        −
      </button>
      <label>
        <span class="sr-only">Quantity</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={value}
          onInput={(e) => set(clamp(Number((e.currentTarget as HTMLInputElement).value)))}
        />
      </label>
      <button type="button" aria-label="One more" disabled={value >= max} onClick={() => set(clamp(value + 1))}>
        +
      </button>
    </fieldset>
  );
}

/** The product page's purchase: a quantity, then one add to the cart. */
function Buy({ product }: { product: ProductPage }) {
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | undefined>();
  const add = useAction(async () => {
    await cartCall("POST", "/cart/items", { sku: product.sku, quantity });
    setAdded(quantity);
  });
  if (!product.inStock) return null;
  return (
    <div class="buy">
      <QuantityPicker
        value={quantity}
        max={Math.max(1, Math.min(product.available, 99))}
        set={(n) => {
          setQuantity(n);
          setAdded(undefined);
        }}
      />
      <button type="button" class="primary" disabled={add.busy} onClick={() => void add.run()}>
        Add to cart
        <span class="sr-only">: {product.name}</span>
      </button>
      {added ? (
        <span class="ok" role="status">
          {" "}
          Added {added}. <a href="#/cart">Go to the cart</a>
        </span>
      ) : null}
      <ErrorNote error={add.error} />
    </div>
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
    <>
      <article class="card product-page">
        <Gallery product={p} />
        <div>
          <h1>{p.name}</h1>
          <Price product={p} />
          {p.rating ? <Stars rating={p.rating} /> : null}
          <p class="muted">SKU {p.sku}</p>
          {p.description ? <p>{p.description}</p> : null}
          <p>{p.inStock ? `${p.available} in stock` : "Out of stock"}</p>
          <Buy product={p} />
          <WishlistButton sku={p.sku} name={p.name} />
          <p>
            <a href="#/">Back to the products</a>
          </p>
        </div>
      </article>
      <ProductReviews slug={p.slug} />
    </>
  );
}
