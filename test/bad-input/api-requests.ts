import fc from "fast-check";
import type { ApiFixture, RouteSpec } from "./api-routes.ts";
import { mutations, preview, validOf } from "./inputs.ts";

export interface ApiBadRequest {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
  what: string;
}

const JSON_TYPE = "application/json";

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const malformed = (valid: unknown) => {
  const text = JSON.stringify(valid ?? { a: 1 });
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
    fc.constantFrom("{", "}", '{"a":}', "NaN", "undefined", "{'a':1}", "[1,]", '{"a":1}}', "\u0000", "nul"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 60 }).filter((s) => !isJson(s)),
  );
};

function authHeader(spec: RouteSpec, f: ApiFixture): Record<string, string> {
  if (spec.auth === "customer") return { authorization: `Bearer ${f.customerToken}` };
  if (spec.auth === "admin") return { authorization: `Bearer ${f.adminToken}` };
  return {};
}

/** A body and query-free request of a route with everything valid, and its headers. */
function base(spec: RouteSpec, f: ApiFixture) {
  const headers = { ...authHeader(spec, f), ...spec.headers };
  const body = spec.shape ? JSON.stringify(validOf(spec.shape)) : undefined;
  return {
    method: spec.method,
    path: spec.path,
    headers: body ? { ...headers, "content-type": JSON_TYPE } : headers,
    ...(body ? { body } : {}),
  };
}

/** One field wrong at any depth, or the body wrong as a whole (not JSON, not an object, not declared JSON, absent, huge). */
function badBodies(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const shape = spec.shape!;
  const valid = validOf(shape);
  const request = base(spec, f);
  const withBody = (body: string | undefined, what: string, contentType: string | undefined = JSON_TYPE): ApiBadRequest => {
    const { "content-type": _dropped, ...headers } = request.headers as Record<string, string>;
    return {
      ...request,
      headers: contentType ? { ...headers, "content-type": contentType } : headers,
      ...(body === undefined ? { body: undefined } : { body }),
      what,
    };
  };
  return fc.oneof(
    { weight: 4, arbitrary: mutations(shape).map((m) => withBody(JSON.stringify(m.body), m.what)) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc
          .oneof(
            fc.constant(null),
            fc.integer(),
            fc.string({ maxLength: 20 }),
            fc.boolean(),
            fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
          )
          .map((v) => withBody(JSON.stringify(v), `body ${preview(v)}`)),
        malformed(valid).map((text) => withBody(text, `malformed JSON ${preview(text)}`)),
        fc
          .constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x")
          .map((type) => withBody(JSON.stringify(valid), `valid body sent as ${type}`, type)),
        ...(spec.optionalBody ? [] : [fc.constant(withBody(undefined, "no body", undefined))]),
        fc
          .integer({ min: 600_000, max: 2_000_000 })
          .map((n) => withBody(JSON.stringify({ ...valid, padding: "ж".repeat(n) }), `huge body (${n} characters of padding)`)),
      ),
    },
  );
}

/** Credentials that must not pass: none, malformed, forged, or a customer's on an admin route. */
function badAuth(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const request = base(spec, f);
  const { authorization: _valid, ...headers } = request.headers as Record<string, string>;
  const token = spec.auth === "admin" ? f.adminToken : f.customerToken;
  const [head, payload, signature] = token.split(".");
  const options: fc.Arbitrary<[string | undefined, string]>[] = [
    fc.constant([undefined, "no Authorization header"]),
    fc.constantFrom<[string, string]>(
      ["Bearer", "Bearer without a token"],
      [`Basic ${Buffer.from("admin:admin").toString("base64")}`, "Basic credentials"],
      [`Token ${token}`, "another scheme"],
      [`Bearer ${token}x`, "token with a byte added"],
      [`Bearer ${head}.${payload}.${signature!.slice(0, -2)}AA`, "forged signature"],
      [
        `Bearer ${head}.${Buffer.from(JSON.stringify({ sub: f.customerId, role: "admin", sid: "A".repeat(22) })).toString("base64url")}.${signature}`,
        "claims rewritten to admin",
      ],
      [`Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${payload}.`, "alg none"],
      [`Bearer ${f.refreshToken}`, "a refresh token as bearer"],
    ),
    fc
      .string({ minLength: 1, maxLength: 200 })
      .filter((s) => /^[\x20-\x7e]*$/.test(s))
      .map((s): [string, string] => [`Bearer ${s}`, `Bearer ${preview(s)}`]),
  ];
  if (spec.auth === "admin")
    options.push(fc.constant<[string, string]>([`Bearer ${f.customerToken}`, "a customer's token on an admin route"]));
  return fc
    .oneof(...options)
    .map(([authorization, what]) => ({ ...request, headers: authorization === undefined ? headers : { ...headers, authorization }, what }));
}

function badParams(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const request = base(spec, f);
  return spec.param!.bad.map((value) => ({ ...request, path: spec.param!.path(value), what: `path parameter ${preview(value)}` }));
}

function badQueries(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const request = base(spec, f);
  return fc.oneof(
    ...Object.entries(spec.query!).map(([name, bad]) =>
      bad.map((value) => ({ ...request, path: `${spec.path}?${name}=${encodeURIComponent(value)}`, what: `?${name}=${preview(value)}` })),
    ),
  );
}

function badRaw(spec: RouteSpec): fc.Arbitrary<ApiBadRequest> {
  return spec.raw!.map((r) => ({
    method: spec.method,
    path: `${spec.path}${r.query ?? ""}`,
    headers: r.headers,
    body: r.body,
    what: r.what,
  }));
}

/** A header the route needs (a guest cart's token, an order link's token) left out or not one it issued. */
function badHeaders(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const request = base(spec, f);
  return fc.oneof(
    ...Object.keys(spec.headers!).map((name) => {
      const { [name]: _valid, ...others } = request.headers as Record<string, string>;
      return fc
        .oneof(fc.constant(undefined), fc.constantFrom("", "x", "gc_short", `gc_${"A".repeat(44)}`, "v1.1.x", "A".repeat(500)))
        .map((value) => ({
          ...request,
          headers: value === undefined ? others : { ...others, [name]: value },
          what: value === undefined ? `${name} missing` : `${name}: ${preview(value)}`,
        }));
    }),
  );
}

/** Every kind of bad request a route can get. */
export function apiBadRequests(spec: RouteSpec, f: ApiFixture): fc.Arbitrary<ApiBadRequest> {
  const kinds: fc.Arbitrary<ApiBadRequest>[] = [];
  if (spec.raw) kinds.push(badRaw(spec));
  if (spec.shape) kinds.push(badBodies(spec, f));
  if (spec.auth) kinds.push(badAuth(spec, f));
  if (spec.param) kinds.push(badParams(spec, f));
  if (spec.query) kinds.push(badQueries(spec, f));
  if (spec.headers) kinds.push(badHeaders(spec, f));
  return fc.oneof(...kinds);
}
