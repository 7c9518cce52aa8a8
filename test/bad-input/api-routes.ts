import fc from "fast-check";
import { STOREFRONT_EVENTS } from "../../src/analytics/domain/analytics.ts";
import { ORDER_STATUSES } from "../../src/orders/domain/order-status.ts";
import {
  badAmount,
  badCountry,
  badCurrency,
  badEmail,
  badEnum,
  badIdentifier,
  badInteger,
  badPaymentMethod,
  badQuantity,
  badText,
  type Field,
  type Shape,
  validOf,
  wrongType,
} from "./inputs.ts";
import { badWebhooks } from "./webhook-requests.ts";

/** What the API suite sets up before it sends anything bad. */
export interface ApiFixture {
  customerEmail: string;
  customerPassword: string;
  customerId: string;
  customerToken: string;
  refreshToken: string;
  addressId: string;
  adminToken: string;
  /** An email nobody registered: a registration that slipped through would create it. */
  freshEmail: string;
  /** A product in stock, with a low-stock alert nobody acknowledged. */
  sku: string;
  alertId: string;
  /** A coupon that exists, and a code nobody used: a creation that slipped through would take it. */
  coupon: string;
  freshCoupon: string;
  /** The fixture customer's order, processing (no mock webhooks move it). */
  orderNumber: string;
  /** The fixture product's id and slug. */
  productId: string;
  slug: string;
}

const req = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: true });
const opt = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: false });

const badPassword = fc.oneof(
  fc.constantFrom("", "123456789", "ninechars"),
  fc.integer({ min: 201, max: 2_000 }).map((n) => "p".repeat(n)),
  wrongType("string"),
);
const badLoginPassword = fc.oneof(
  fc.constant(""),
  fc.integer({ min: 201, max: 2_000 }).map((n) => "p".repeat(n)),
  wrongType("string"),
);
/** Anything but `<customerId>.<sessionId>.<secret>` in base64url: near misses included. */
const badRefreshToken = (valid: string) =>
  fc.oneof(
    badText(5_000),
    fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
    fc.constantFrom(`${valid}.`, `${valid}=`, valid.replace(/\./g, ":"), ` ${valid}`, valid.toUpperCase()),
    fc.string({ minLength: 1, maxLength: 120 }).filter((s) => !/^cus_[0-9a-f]{32}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/.test(s)),
  );
const badAddressId = fc.oneof(
  badIdentifier.filter((k): k is string => typeof k === "string" && k.isWellFormed()),
  fc.constantFrom("adr_", "adr_123", "ADR_00000000000000000000", "adr_zzzzzzzzzzzzzzzzzzzz"),
);
const badCustomerId = fc.oneof(
  badIdentifier.filter((k): k is string => typeof k === "string" && k.isWellFormed()),
  fc.constantFrom("cus_", "cus_123", `CUS_${"a".repeat(32)}`, `cus_${"g".repeat(32)}`),
);
/** A string that must not name a SKU, an alert or a coupon: malformed (path parameters are strings). */
const badKey = badIdentifier.filter((k): k is string => typeof k === "string" && k.isWellFormed());
const badCouponCode = fc.oneof(fc.constantFrom("", "  ", "ab", "a b c", "CODE!", "ÉTÉ10", "x".repeat(33)), wrongType("string"));
/** Malformed order numbers (400) and well-formed ones never handed out on this server (404). */
const badOrderNumber = fc.oneof(
  fc.constantFrom(
    "ORD-2026-1",
    "ORD-2026-0000001",
    "ORD-2026-000000",
    "ord-2026-000001",
    "ORD-26-000001",
    "ORD_2026_000001",
    "2026-000001",
  ),
  badKey,
  fc.integer({ min: 900_000, max: 999_999 }).map((n) => `ORD-${new Date().getUTCFullYear()}-${n}`),
);
const badDate = fc.oneof(
  fc.constantFrom("", "yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "2026-01-01T25:00:00Z"),
  wrongType("string"),
);
const returnLine = { sku: "BAD-RET", quantity: 1 };
const badReturnLines = fc.oneof(
  fc.constant([]),
  wrongType("array"),
  fc.constantFrom(
    [{ sku: "", quantity: 1 }],
    [{ sku: "A", quantity: 0 }],
    [{ sku: "A", quantity: 1, extra: true }],
    [{ quantity: 1 }],
    [null],
  ),
  fc.constant(Array.from({ length: 101 }, () => returnLine)),
);
const encode = (value: string) => encodeURIComponent(value);

const badPage = fc.oneof(fc.constantFrom("0", "-1", "1.5", "abc", "", "1e400", "NaN", "99999999999"));
const badLimit = fc.oneof(fc.constantFrom("0", "101", "-5", "2.5", "ten", "", "1e400"));

export interface RouteSpec {
  /** As the contract writes it: `DELETE /me/addresses/{id}`. */
  route: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path with valid parameters. */
  path: string;
  auth?: "customer" | "admin";
  /** Valid headers the route needs beside the credentials (a guest cart's token). */
  headers?: Record<string, string>;
  /** JSON body, field by field. */
  shape?: Shape;
  /** A path parameter: the path for a given value, and values that must be refused (400) or not found (404). */
  param?: { path: (value: string) => string; bad: fc.Arbitrary<string> };
  query?: Record<string, fc.Arbitrary<string>>;
  /** The body may be left out (so sending none is valid, not bad). */
  optionalBody?: boolean;
  /** Whole requests for routes that take raw bodies (provider callbacks): unsigned, forged, stale. */
  raw?: fc.Arbitrary<{ body: string; headers: Record<string, string>; query?: string; what: string }>;
}

export function apiRoutes(f: ApiFixture): RouteSpec[] {
  const address: Shape = {
    label: opt("Home", badText(50)),
    name: req("Ada Lovelace", badText(200)),
    street: req("1 Analytical Way", badText(200)),
    city: req("London", badText(100)),
    state: req("LDN", badText(100)),
    zip: req("10001", badText(20)),
    country: req("US", badCountry),
  };
  return [
    {
      route: "POST /auth/register",
      method: "POST",
      path: "/auth/register",
      shape: { email: req(f.freshEmail, badEmail), password: req("a valid password", badPassword), name: req("Ada", badText(200)) },
    },
    {
      route: "POST /auth/login",
      method: "POST",
      path: "/auth/login",
      shape: { email: req(f.customerEmail, badEmail), password: req(f.customerPassword, badLoginPassword) },
    },
    {
      route: "POST /auth/refresh",
      method: "POST",
      path: "/auth/refresh",
      shape: { refreshToken: req(f.refreshToken, badRefreshToken(f.refreshToken)) },
    },
    {
      route: "POST /auth/logout",
      method: "POST",
      path: "/auth/logout",
      shape: { refreshToken: req(f.refreshToken, badRefreshToken(f.refreshToken)) },
    },
    { route: "GET /me", method: "GET", path: "/me", auth: "customer" },
    { route: "PUT /me", method: "PUT", path: "/me", auth: "customer", shape: { name: req("Renamed", badText(200)) } },
    {
      route: "POST /me/password",
      method: "POST",
      path: "/me/password",
      auth: "customer",
      shape: { currentPassword: req(f.customerPassword, badLoginPassword), newPassword: req("a brand new passphrase", badPassword) },
    },
    { route: "GET /me/addresses", method: "GET", path: "/me/addresses", auth: "customer", query: { page: badPage, limit: badLimit } },
    { route: "POST /me/addresses", method: "POST", path: "/me/addresses", auth: "customer", shape: address },
    { route: "GET /me/wishlist", method: "GET", path: "/me/wishlist", auth: "customer" },
    { route: "GET /me/sms", method: "GET", path: "/me/sms", auth: "customer" },
    {
      route: "PUT /me/sms",
      method: "PUT",
      path: "/me/sms",
      auth: "customer",
      shape: {
        phone: req("+15550009999", fc.constantFrom("", "5550009999", "+0555", "+1 555 000", "+15550009999999999", "tel:+15550009999")),
        optIn: req(false, wrongType("boolean")),
      },
    },
    {
      route: "PUT /me/wishlist/{sku}",
      method: "PUT",
      path: `/me/wishlist/${f.sku}`,
      auth: "customer",
      param: { path: (sku) => `/me/wishlist/${encode(sku)}`, bad: fc.oneof(badKey, fc.constant("NO-SUCH-SKU")) },
    },
    {
      route: "DELETE /me/wishlist/{sku}",
      method: "DELETE",
      path: `/me/wishlist/${f.sku}`,
      auth: "customer",
      param: { path: (sku) => `/me/wishlist/${encode(sku)}`, bad: badKey },
    },
    {
      route: "DELETE /me/addresses/{id}",
      method: "DELETE",
      path: `/me/addresses/${f.addressId}`,
      auth: "customer",
      // A well-formed id that is not the customer's is as wrong as a malformed one.
      param: {
        path: (id) => `/me/addresses/${encodeURIComponent(id)}`,
        bad: fc.oneof(
          badAddressId,
          fc
            .stringMatching(/^[0-9a-f]{20}$/)
            .map((h) => `adr_${h}`)
            .filter((id) => id !== f.addressId),
        ),
      },
    },
    {
      route: "PUT /admin/customers/{id}/role",
      method: "PUT",
      path: `/admin/customers/${f.customerId}/role`,
      auth: "admin",
      // Valid: promote the fixture customer, so a request that slipped through would change state.
      shape: { role: req("admin", badEnum(["customer", "admin"])) },
      param: {
        path: (id) => `/admin/customers/${encodeURIComponent(id)}/role`,
        bad: fc.oneof(badCustomerId, fc.constant(`cus_${"0".repeat(32)}`)),
      },
    },
    {
      route: "GET /admin/customers",
      method: "GET",
      path: "/admin/customers",
      auth: "admin",
      query: { page: badPage, limit: badLimit, q: fc.constantFrom("", "q".repeat(101)), role: fc.constantFrom("", "owner", "ADMIN") },
    },
    {
      route: "GET /admin/customers/{id}",
      method: "GET",
      path: `/admin/customers/${f.customerId}`,
      auth: "admin",
      param: {
        path: (id) => `/admin/customers/${encodeURIComponent(id)}`,
        bad: fc.oneof(badCustomerId, fc.constant(`cus_${"0".repeat(32)}`)),
      },
    },
    ...shopRoutes(f),
  ];
}

/** Cart, orders, administration and provider callbacks. */
function shopRoutes(f: ApiFixture): RouteSpec[] {
  const order = `/orders/${f.orderNumber}`;
  // A guest cart nobody filled: a bad request that slipped through would fill it.
  const guestCart = { "x-guest-cart": `gc_${"B".repeat(43)}` };
  const nested = (shape: Shape): Field => ({ valid: validOf(shape), bad: wrongType("object"), required: true, shape });
  const orderParam = (tail: string) => ({ path: (n: string) => `/orders/${encode(n)}${tail}`, bad: badOrderNumber });
  const adminOrderParam = (tail: string) => ({ path: (n: string) => `/admin/orders/${encode(n)}${tail}`, bad: badOrderNumber });
  const refund: Shape = {
    reason: req("arrived broken", badText(500)),
    amount: opt(100, badAmount(1)),
    returnItems: opt(false, wrongType("boolean")),
    items: opt([returnLine], badReturnLines),
  };
  const review = (decision: string): RouteSpec => ({
    route: `POST /admin/orders/{orderNumber}/refund-requests/{id}/${decision}`,
    method: "POST",
    path: `/admin/orders/${f.orderNumber}/refund-requests/rr-1/${decision}`,
    auth: "admin",
    shape: { note: opt("checked", badText(500)) },
    optionalBody: true,
    param: {
      // Either parameter wrong, the other right; values come encoded, so "|" only separates them.
      path: (both) => {
        const [number, id] = both.split("|");
        return `/admin/orders/${number}/refund-requests/${id}/${decision}`;
      },
      bad: fc.oneof(
        badOrderNumber.map((n) => `${encode(n)}|rr-1`),
        fc
          .oneof(
            badKey,
            fc.constantFrom("rr-0x", "rr-", "RR-1", "rr-1234567"),
            fc.integer({ min: 2, max: 999 }).map((n) => `rr-${n}`),
          )
          .map((id) => `${f.orderNumber}|${encode(id)}`),
      ),
    },
  });
  const receive: RouteSpec = {
    ...review("receive"),
    shape: { items: opt([{ sku: f.sku, quantity: 1, damaged: 0 }], badReturnLines), note: opt("one cracked", badText(500)) },
  };
  return [
    receive,
    { route: "GET /cart", method: "GET", path: "/cart", auth: "customer" },
    {
      route: "POST /cart/items",
      method: "POST",
      path: "/cart/items",
      auth: "customer",
      shape: { sku: req(f.sku, fc.oneof(badIdentifier, fc.constant("NO-SUCH-SKU"))), quantity: req(1, badQuantity) },
    },
    {
      route: "PUT /cart/items/{sku}",
      method: "PUT",
      path: `/cart/items/${f.sku}`,
      auth: "customer",
      shape: { quantity: req(1, badInteger(0, 1_000_000)) },
      param: { path: (sku) => `/cart/items/${encode(sku)}`, bad: fc.oneof(badKey, fc.constant("NO-SUCH-SKU")) },
    },
    {
      route: "DELETE /cart/items/{sku}",
      method: "DELETE",
      path: `/cart/items/${f.sku}`,
      auth: "customer",
      param: { path: (sku) => `/cart/items/${encode(sku)}`, bad: badKey },
    },
    {
      route: "POST /cart/coupon",
      method: "POST",
      path: "/cart/coupon",
      auth: "customer",
      shape: { code: req(f.coupon, fc.oneof(badCouponCode, fc.constant("NO-SUCH-CODE"))) },
    },
    { route: "DELETE /cart/coupon", method: "DELETE", path: "/cart/coupon", auth: "customer" },
    {
      route: "PUT /cart/shipping",
      method: "PUT",
      path: "/cart/shipping",
      auth: "customer",
      shape: {
        shippingAddressId: req(f.addressId, fc.oneof(badAddressId, fc.constant("adr_00000000000000000000"))),
        shippingMethod: opt("standard", badEnum(["standard", "express"])),
      },
    },
    {
      route: "POST /orders",
      method: "POST",
      path: "/orders",
      auth: "customer",
      shape: {
        shippingAddressId: req(f.addressId, fc.oneof(badAddressId, fc.constant("adr_00000000000000000000"))),
        shippingMethod: opt("express", badEnum(["standard", "express"])),
        paymentMethodId: req("pm_card_visa", badPaymentMethod),
        notes: opt("ring twice", badText(500)),
        expectedTotal: opt(100_000, badAmount()),
      },
    },
    { route: "GET /orders", method: "GET", path: "/orders", auth: "customer", query: { page: badPage, limit: badLimit } },
    { route: "GET /guest/cart", method: "GET", path: "/guest/cart", headers: guestCart },
    {
      route: "POST /guest/cart/items",
      method: "POST",
      path: "/guest/cart/items",
      headers: guestCart,
      shape: { sku: req(f.sku, fc.oneof(badIdentifier, fc.constant("NO-SUCH-SKU"))), quantity: req(1, badQuantity) },
    },
    {
      route: "PUT /guest/cart/items/{sku}",
      method: "PUT",
      path: `/guest/cart/items/${f.sku}`,
      headers: guestCart,
      shape: { quantity: req(1, badInteger(0, 1_000_000)) },
      param: { path: (sku) => `/guest/cart/items/${encode(sku)}`, bad: badKey },
    },
    {
      route: "POST /guest/orders",
      method: "POST",
      path: "/guest/orders",
      headers: guestCart,
      shape: {
        email: req("guest@example.com", badEmail),
        name: req("Grace Guest", badText(200)),
        shippingAddress: nested({
          name: opt("Grace Guest", badText(200)),
          street: req("1 Analytical Way", badText(200)),
          city: req("London", badText(100)),
          state: req("LDN", badText(100)),
          zip: req("10001", badText(20)),
          country: req("US", badCountry),
        }),
        shippingMethod: opt("express", badEnum(["standard", "express"])),
        paymentMethodId: req("pm_card_visa", badPaymentMethod),
        notes: opt("ring twice", badText(500)),
        expectedTotal: opt(100_000, badAmount()),
      },
    },
    {
      route: "GET /guest/orders/{orderNumber}",
      method: "GET",
      path: `/guest${order}`,
      headers: { "x-order-token": `v1.9999999999.${"A".repeat(43)}` },
      param: { path: (n: string) => `/guest/orders/${encode(n)}`, bad: badOrderNumber },
    },
    { route: "GET /orders/{orderNumber}", method: "GET", path: order, auth: "customer", param: orderParam("") },
    {
      route: "POST /orders/{orderNumber}/cancel",
      method: "POST",
      path: `${order}/cancel`,
      auth: "customer",
      shape: { reason: opt("changed my mind", badText(500)) },
      optionalBody: true,
      param: orderParam("/cancel"),
    },
    {
      route: "POST /orders/{orderNumber}/refund",
      method: "POST",
      path: `${order}/refund`,
      auth: "customer",
      shape: refund,
      param: orderParam("/refund"),
    },
    { route: "GET /admin/orders/{orderNumber}", method: "GET", path: `/admin${order}`, auth: "admin", param: adminOrderParam("") },
    {
      route: "PUT /admin/orders/{orderNumber}/status",
      method: "PUT",
      path: `/admin${order}/status`,
      auth: "admin",
      shape: {
        status: req("shipped", badEnum([...ORDER_STATUSES])),
        trackingNumber: opt("1Z999AA10123456784", fc.oneof(badText(100), fc.constantFrom("1Z/999", "tracking#1"))),
        carrier: opt("UPS", badText(100)),
      },
      param: adminOrderParam("/status"),
    },
    {
      route: "POST /admin/orders/{orderNumber}/refund",
      method: "POST",
      path: `/admin${order}/refund`,
      auth: "admin",
      shape: { ...refund, shipping: opt(false, wrongType("boolean")) },
      param: adminOrderParam("/refund"),
    },
    {
      route: "POST /admin/orders/{orderNumber}/refund-quote",
      method: "POST",
      path: `/admin${order}/refund-quote`,
      auth: "admin",
      shape: {
        items: opt([returnLine], badReturnLines),
        returnItems: opt(false, wrongType("boolean")),
        shipping: opt(false, wrongType("boolean")),
      },
      param: adminOrderParam("/refund-quote"),
    },
    review("approve"),
    review("reject"),
    // The fixture order is processing, never in review: a valid decision is a 409 and changes nothing.
    ...(["approve", "reject"] as const).map(
      (decision): RouteSpec => ({
        route: `POST /admin/orders/{orderNumber}/risk-review/${decision}`,
        method: "POST",
        path: `/admin${order}/risk-review/${decision}`,
        auth: "admin",
        shape: { note: opt("called the customer", badText(500)) },
        optionalBody: true,
        param: adminOrderParam(`/risk-review/${decision}`),
      }),
    ),
    { route: "GET /health/detailed", method: "GET", path: "/health/detailed", auth: "admin" },
    {
      route: "GET /admin/alerts",
      method: "GET",
      path: "/admin/alerts",
      auth: "admin",
      query: { page: badPage, limit: badLimit, status: fc.constantFrom("", "OPEN", "closed", "acked", "open,all") },
    },
    {
      route: "POST /admin/alerts/{id}/ack",
      method: "POST",
      path: `/admin/alerts/${encode(f.alertId)}/ack`,
      auth: "admin",
      param: {
        path: (id) => `/admin/alerts/${encode(id)}/ack`,
        bad: fc.oneof(
          fc.constant(""),
          fc.integer({ min: 301, max: 2_000 }).map((n) => "a".repeat(n)),
          fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.isWellFormed() && s !== f.alertId),
        ),
      },
    },
    {
      route: "POST /admin/coupons",
      method: "POST",
      path: "/admin/coupons",
      auth: "admin",
      shape: {
        code: req(f.freshCoupon, badCouponCode),
        type: req("percent", badEnum(["percent", "fixed", "free_shipping"])),
        value: req(10, fc.oneof(badInteger(1, 100), fc.constant(101))),
        currency: opt("USD", badCurrency),
        minSubtotal: opt(100, badAmount()),
        maxRedemptions: opt(10, badInteger(1, 10_000_000)),
        perCustomerLimit: opt(1, badInteger(1, 1_000)),
        startsAt: opt("2026-01-01T00:00:00Z", badDate),
        endsAt: opt("2099-01-01T00:00:00Z", fc.oneof(badDate, fc.constant("2025-12-31T23:59:59Z"))),
      },
    },
    { route: "GET /admin/coupons", method: "GET", path: "/admin/coupons", auth: "admin", query: { page: badPage, limit: badLimit } },
    {
      route: "GET /admin/coupons/{code}",
      method: "GET",
      path: `/admin/coupons/${f.coupon}`,
      auth: "admin",
      param: {
        path: (code) => `/admin/coupons/${encode(code)}`,
        bad: badCouponCode.filter((c): c is string => typeof c === "string" && c.trim() !== ""),
      },
    },
    {
      route: "POST /admin/coupons/{code}/disable",
      method: "POST",
      // A code nobody created: a request that slipped through could only be a 404.
      path: `/admin/coupons/${f.freshCoupon}/disable`,
      auth: "admin",
      param: {
        path: (code) => `/admin/coupons/${encode(code)}/disable`,
        bad: badCouponCode.filter((c): c is string => typeof c === "string" && c.trim() !== ""),
      },
    },
    {
      route: "GET /admin/inventory",
      method: "GET",
      path: "/admin/inventory",
      auth: "admin",
      query: {
        skus: fc.oneof(
          fc.constantFrom("", ",", `${f.sku},`, `${f.sku},${f.sku}`, "A B", "SKU/1", "a".repeat(129)),
          fc.constant(Array.from({ length: 101 }, (_, i) => `S-${i}`).join(",")),
        ),
      },
    },
    {
      route: "POST /admin/inventory/{sku}/restock",
      method: "POST",
      path: `/admin/inventory/${f.sku}/restock`,
      auth: "admin",
      shape: { quantity: req(1, badQuantity), reference: req("DN-BAD-1", badIdentifier) },
      param: { path: (sku) => `/admin/inventory/${encode(sku)}/restock`, bad: fc.oneof(badKey, fc.constant("NO-SUCH-SKU")) },
    },
    {
      route: "GET /products",
      method: "GET",
      path: "/products",
      query: {
        page: badPage,
        limit: badLimit,
        sort: fc.constantFrom("", "cheapest", "PRICE_ASC", "price"),
        minPrice: fc.constantFrom("-1", "1.5", "abc", "100000000"),
        inStock: fc.constantFrom("", "yes", "1", "TRUE"),
        category: fc.constantFrom("", "Kitchen", "a b", "a--b", "x".repeat(81)),
        q: fc.constant("q".repeat(201)),
      },
    },
    {
      route: "GET /products/{slug}/reviews",
      method: "GET",
      path: `/products/${f.slug}/reviews`,
      param: {
        path: (slug) => `/products/${encode(slug)}/reviews`,
        bad: fc.oneof(fc.constantFrom("Upper", "a_b", "-a", "x".repeat(81)), fc.constant("no-such-product")),
      },
    },
    {
      route: "PUT /products/{slug}/reviews/mine",
      method: "PUT",
      path: `/products/${f.slug}/reviews/mine`,
      auth: "customer",
      // The fixture customer received nothing: a valid review is refused (403) too, so nothing can change.
      shape: {
        rating: req(4, badInteger(1, 5)),
        title: req("Good", fc.oneof(badText(120), fc.constant("<b>bold</b>"))),
        text: req("Does the job.", fc.oneof(badText(2_000), fc.constant("<img src=x onerror=alert(1)>"))),
      },
      param: { path: (slug) => `/products/${encode(slug)}/reviews/mine`, bad: fc.constantFrom("Upper", "no-such-product") },
    },
    {
      route: "GET /admin/reviews/{sku}",
      method: "GET",
      path: `/admin/reviews/${f.sku}`,
      auth: "admin",
      param: { path: (sku) => `/admin/reviews/${encode(sku)}`, bad: badKey },
    },
    {
      route: "PUT /admin/reviews/{sku}/{reviewId}",
      method: "PUT",
      path: `/admin/reviews/${f.sku}/rev_${"0".repeat(20)}`,
      auth: "admin",
      shape: { hidden: req(true, wrongType("boolean")) },
      param: {
        path: (id) => `/admin/reviews/${f.sku}/${encode(id)}`,
        bad: fc.oneof(
          fc.constantFrom("", "rev_", "rev_XYZ", `rev_${"0".repeat(21)}`),
          fc.string({ maxLength: 30 }).filter((s) => s.isWellFormed()),
        ),
      },
    },
    {
      route: "GET /products/{slug}",
      method: "GET",
      path: `/products/${f.slug}`,
      param: {
        path: (slug) => `/products/${encode(slug)}`,
        bad: fc.oneof(fc.constantFrom("Upper", "a_b", "-a", "x".repeat(81)), fc.constant("no-such-product")),
      },
    },
    {
      route: "POST /admin/products",
      method: "POST",
      path: "/admin/products",
      auth: "admin",
      // Valid: a new product, so a creation that slipped through would change state.
      shape: {
        sku: req("BAD-API-NEW", badIdentifier),
        name: req("New mug", badText(200)),
        price: req(1500, badAmount()),
        currency: opt("USD", badCurrency),
        status: opt("active", badEnum(["draft", "active", "archived"])),
        categoryId: opt("no-such-category", fc.constantFrom("", "Kitchen", "a b")),
        compareAtPrice: opt(1800, badAmount()),
      },
    },
    {
      route: "GET /admin/products",
      method: "GET",
      path: "/admin/products",
      auth: "admin",
      query: { page: badPage, limit: badLimit, status: fc.constantFrom("", "live", "ACTIVE") },
    },
    {
      route: "GET /admin/products/{id}",
      method: "GET",
      path: `/admin/products/${f.productId}`,
      auth: "admin",
      param: { path: (id) => `/admin/products/${encode(id)}`, bad: fc.oneof(badKey, fc.constant(`prd_${"0".repeat(24)}`)) },
    },
    {
      route: "PUT /admin/products/{id}",
      method: "PUT",
      path: `/admin/products/${f.productId}`,
      auth: "admin",
      shape: {
        price: opt(999, badAmount()),
        name: opt("Renamed mug", badText(200)),
        status: opt("archived", badEnum(["draft", "active", "archived"])),
      },
      param: { path: (id) => `/admin/products/${encode(id)}`, bad: fc.oneof(badKey, fc.constant(`prd_${"0".repeat(24)}`)) },
    },
    {
      route: "POST /admin/categories",
      method: "POST",
      path: "/admin/categories",
      auth: "admin",
      shape: { name: req("New shelf", badText(100)), parentId: opt("no-such-parent", fc.constantFrom("", "Shelf", "a b")) },
    },
    {
      route: "GET /admin/orders",
      method: "GET",
      path: "/admin/orders",
      auth: "admin",
      query: {
        page: badPage,
        limit: badLimit,
        status: fc.constantFrom("", "PROCESSING", "done"),
        from: fc.constantFrom("", "yesterday", "2026-13-01T00:00:00Z"),
        to: fc.constantFrom("2026-01-01", "soon"),
        customer: fc.constantFrom("", "a", "x".repeat(255)),
        q: fc.constant("q".repeat(101)),
        coupon: fc.constantFrom("", "ab", "CODE!", "x".repeat(33)),
      },
    },
    {
      route: "GET /admin/purchase-orders",
      method: "GET",
      path: "/admin/purchase-orders",
      auth: "admin",
      query: { page: badPage, limit: badLimit },
    },
    ...(["", "/approve", "/cancel"] as const).map(
      (action): RouteSpec => ({
        route: `${action ? "POST" : "GET"} /admin/purchase-orders/{id}${action}`,
        method: action ? "POST" : "GET",
        path: `/admin/purchase-orders/PO-999-1${action}`,
        auth: "admin",
        param: { path: (id) => `/admin/purchase-orders/${encode(id)}${action}`, bad: fc.oneof(badKey, fc.constant("PO-998-1")) },
      }),
    ),
    {
      route: "POST /admin/purchase-orders/{id}/receive",
      method: "POST",
      path: "/admin/purchase-orders/PO-999-1/receive",
      auth: "admin",
      shape: { reference: req("DN-BAD-2", badIdentifier), lines: req([{ sku: f.sku, quantity: 1 }], badReturnLines) },
      param: { path: (id) => `/admin/purchase-orders/${encode(id)}/receive`, bad: fc.oneof(badKey, fc.constant("PO-998-1")) },
    },
    { route: "GET /admin/replenishment", method: "GET", path: "/admin/replenishment", auth: "admin" },
    { route: "POST /admin/replenishment/run", method: "POST", path: "/admin/replenishment/run", auth: "admin" },
    {
      route: "PUT /admin/inventory/{sku}/replenishment",
      method: "PUT",
      path: `/admin/inventory/${f.sku}/replenishment`,
      auth: "admin",
      shape: {
        supplier: req("orders@supplier.example", badEmail),
        reorderQuantity: opt(12, badQuantity),
        coverDays: opt(30, fc.oneof(fc.constantFrom(0, 366, 1.5, -1), wrongType("number"))),
      },
      param: { path: (sku) => `/admin/inventory/${encode(sku)}/replenishment`, bad: fc.oneof(badKey, fc.constant("NO-SUCH-SKU")) },
    },
    {
      route: "POST /admin/webhooks",
      method: "POST",
      path: "/admin/webhooks",
      auth: "admin",
      shape: {
        url: req("https://erp.example.com/hooks", fc.constantFrom("", "ftp://x.example", "not a url", "javascript:alert(1)")),
        events: req(["OrderPlaced"], fc.oneof(fc.constant([]), fc.constant(["OrderExploded"]), wrongType("array"))),
      },
    },
    { route: "GET /admin/webhooks", method: "GET", path: "/admin/webhooks", auth: "admin" },
    {
      route: "POST /analytics/track",
      method: "POST",
      path: "/analytics/track",
      shape: {
        // The steps the shop records itself are refused like any unknown event.
        event: req("product_view", fc.oneof(badEnum([...STOREFRONT_EVENTS]), fc.constantFrom("add_to_cart", "order_complete"))),
        sessionId: opt("session-1", badIdentifier),
        properties: opt(
          { sku: f.sku },
          fc.oneof(
            wrongType("object"),
            fc.constantFrom({ sku: { id: 1 } }, { "1st": "x" }, { sku: "" }, { query: "x".repeat(201) }, { list: [1] }),
            fc.constant(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i]))),
          ),
        ),
      },
    },
    {
      route: "GET /admin/analytics/dashboard",
      method: "GET",
      path: "/admin/analytics/dashboard",
      auth: "admin",
      query: { timeRange: fc.constantFrom("", "1y", "7D", "30", "7d "), currency: fc.constantFrom("", "usd", "ZZZ", "DOLLARS") },
    },
    {
      route: "GET /admin/analytics/funnel",
      method: "GET",
      path: "/admin/analytics/funnel",
      auth: "admin",
      query: { timeRange: fc.constantFrom("", "1y", "7D", "30", "all") },
    },
    {
      route: "GET /admin/analytics/retention",
      method: "GET",
      path: "/admin/analytics/retention",
      auth: "admin",
      query: { months: fc.constantFrom("", "0", "25", "1.5", "-3", "twelve") },
    },
    {
      route: "DELETE /admin/webhooks/{id}",
      method: "DELETE",
      path: `/admin/webhooks/whs_${"0".repeat(20)}`,
      auth: "admin",
      param: { path: (id) => `/admin/webhooks/${encode(id)}`, bad: fc.oneof(badKey, fc.constant(`whs_${"1".repeat(20)}`)) },
    },
    ...(["stripe", "shippo", "sendgrid", "twilio"] as const).map(
      (provider): RouteSpec => ({
        route: `POST /webhooks/${provider}`,
        method: "POST",
        path: `/webhooks/${provider}`,
        raw: badWebhooks(provider),
      }),
    ),
  ];
}
