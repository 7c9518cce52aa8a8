import fc from "fast-check";
import { badCountry, badEmail, badEnum, badIdentifier, badText, wrongType, type Field, type Shape } from "./inputs.ts";

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
}

const req = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: true });
const opt = (valid: unknown, bad: fc.Arbitrary<unknown>): Field => ({ valid, bad, required: false });

const badPassword = fc.oneof(
  fc.constantFrom("", "123456789", "ninechars"),
  fc.integer({ min: 201, max: 2_000 }).map((n) => "p".repeat(n)),
  wrongType("string"),
);
const badLoginPassword = fc.oneof(fc.constant(""), fc.integer({ min: 201, max: 2_000 }).map((n) => "p".repeat(n)), wrongType("string"));
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
const badPage = fc.oneof(fc.constantFrom("0", "-1", "1.5", "abc", "", "1e400", "NaN", "99999999999"));
const badLimit = fc.oneof(fc.constantFrom("0", "101", "-5", "2.5", "ten", "", "1e400"));

export interface RouteSpec {
  /** As the contract writes it: `DELETE /me/addresses/{id}`. */
  route: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path with valid parameters. */
  path: string;
  auth?: "customer" | "admin";
  /** JSON body, field by field. */
  shape?: Shape;
  /** A path parameter: the path for a given value, and values that must be refused (400) or not found (404). */
  param?: { path: (value: string) => string; bad: fc.Arbitrary<string> };
  query?: Record<string, fc.Arbitrary<string>>;
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
    { route: "POST /auth/register", method: "POST", path: "/auth/register", shape: { email: req(f.freshEmail, badEmail), password: req("a valid password", badPassword), name: req("Ada", badText(200)) } },
    { route: "POST /auth/login", method: "POST", path: "/auth/login", shape: { email: req(f.customerEmail, badEmail), password: req(f.customerPassword, badLoginPassword) } },
    { route: "POST /auth/refresh", method: "POST", path: "/auth/refresh", shape: { refreshToken: req(f.refreshToken, badRefreshToken(f.refreshToken)) } },
    { route: "POST /auth/logout", method: "POST", path: "/auth/logout", shape: { refreshToken: req(f.refreshToken, badRefreshToken(f.refreshToken)) } },
    { route: "GET /me", method: "GET", path: "/me", auth: "customer" },
    { route: "PUT /me", method: "PUT", path: "/me", auth: "customer", shape: { name: req("Renamed", badText(200)) } },
    { route: "GET /me/addresses", method: "GET", path: "/me/addresses", auth: "customer", query: { page: badPage, limit: badLimit } },
    { route: "POST /me/addresses", method: "POST", path: "/me/addresses", auth: "customer", shape: address },
    {
      route: "DELETE /me/addresses/{id}",
      method: "DELETE",
      path: `/me/addresses/${f.addressId}`,
      auth: "customer",
      // A well-formed id that is not the customer's is as wrong as a malformed one.
      param: { path: (id) => `/me/addresses/${encodeURIComponent(id)}`, bad: fc.oneof(badAddressId, fc.stringMatching(/^[0-9a-f]{20}$/).map((h) => `adr_${h}`).filter((id) => id !== f.addressId)) },
    },
    {
      route: "PUT /admin/customers/{id}/role",
      method: "PUT",
      path: `/admin/customers/${f.customerId}/role`,
      auth: "admin",
      // Valid: promote the fixture customer, so a request that slipped through would change state.
      shape: { role: req("admin", badEnum(["customer", "admin"])) },
      param: { path: (id) => `/admin/customers/${encodeURIComponent(id)}/role`, bad: fc.oneof(badCustomerId, fc.constant(`cus_${"0".repeat(32)}`)) },
    },
  ];
}
