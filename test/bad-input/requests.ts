import fc from "fast-check";
import type { HandlerSpec } from "./handlers.ts";
import type { BadRequest } from "./harness.ts";
import { badIdentifier, mutations, preview, type Shape, validOf } from "./inputs.ts";

const JSON_TYPE = "application/json";
const path = (spec: HandlerSpec, key = spec.key) => `/${spec.object}/${encodeURIComponent(key)}/${spec.handler}`;

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Text that is not JSON: cut-off documents, near-misses and noise. */
const malformed = (valid: unknown) => {
  const text = JSON.stringify(valid ?? { a: 1 });
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
    fc.constantFrom("{", "}", '{"a":}', "NaN", "undefined", "{'a':1}", "[1,]", '{"a":1}}', "\u0000", "nul"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 60 }).filter((s) => !isJson(s)),
  );
};

/** The body as a whole is wrong: not an object, not JSON, not declared as JSON, absent, or huge. */
function wholeBody(spec: HandlerSpec, shape: Shape): fc.Arbitrary<BadRequest> {
  const valid = validOf(shape);
  const numeric = Object.entries(valid).filter(([, v]) => typeof v === "number");
  return fc.oneof(
    fc
      .oneof(
        fc.constant(null),
        fc.integer(),
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      )
      .map((v) => ({ path: path(spec), body: JSON.stringify(v), contentType: JSON_TYPE, what: `body ${preview(v)}` })),
    malformed(valid).map((text) => ({ path: path(spec), body: text, contentType: JSON_TYPE, what: `malformed JSON ${preview(text)}` })),
    fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml").map((type) => ({
      path: path(spec),
      body: JSON.stringify(valid),
      contentType: type,
      what: `valid body sent as ${type}`,
    })),
    fc.constant({ path: path(spec), what: "no body" }),
    // Large, yet under the ingress limit (1 MiB, restate.toml): the handler itself must refuse it.
    fc.integer({ min: 100_000, max: 500_000 }).map((n) => ({
      path: path(spec),
      body: JSON.stringify({ ...valid, padding: "ж".repeat(n) }),
      contentType: JSON_TYPE,
      what: `huge body (${n} characters of padding)`,
    })),
    // JSON can spell numbers no JavaScript number holds exactly: 1e400 parses as Infinity.
    ...numeric.map(([name]) =>
      fc.constantFrom("1e400", "-1e400").map((raw) => ({
        path: path(spec),
        body: JSON.stringify(valid).replace(`"${name}":${JSON.stringify(valid[name])}`, `"${name}":${raw}`),
        contentType: JSON_TYPE,
        what: `${name} = ${raw}`,
      })),
    ),
  );
}

/** Every bad request for one handler: a wrong field at any depth, or a wrong body; any body at all for a handler without input. */
export function badRequests(spec: HandlerSpec): fc.Arbitrary<BadRequest> {
  if (!spec.shape) {
    return fc.oneof(
      fc
        .oneof(fc.constantFrom(null, {}, [], [1, 2], "", 0, false), fc.jsonValue({ maxDepth: 2 }))
        .map((v) => ({ path: path(spec), body: JSON.stringify(v), contentType: JSON_TYPE, what: `body ${preview(v)}` })),
      malformed(undefined).map((text) => ({
        path: path(spec),
        body: text,
        contentType: JSON_TYPE,
        what: `malformed JSON ${preview(text)}`,
      })),
      fc.constant({ path: path(spec), body: "{}", contentType: "text/plain", what: "body sent as text/plain" }),
    );
  }
  const shape = spec.shape;
  return fc.oneof(
    {
      weight: 4,
      arbitrary: mutations(shape).map((m) => ({ path: path(spec), body: JSON.stringify(m.body), contentType: JSON_TYPE, what: m.what })),
    },
    { weight: 1, arbitrary: wholeBody(spec, shape) },
  );
}

/**
 * A valid input sent to a key that breaks the key rules (empty, too long, odd unicode): nothing
 * may be created under it, whatever the handler.
 */
export function badKeys(spec: HandlerSpec): fc.Arbitrary<BadRequest> {
  // A lone surrogate cannot be spelled in a URL at all.
  return badIdentifier
    .filter((k): k is string => typeof k === "string" && k.isWellFormed())
    .map((key) => ({
      path: path(spec, key),
      ...(spec.shape ? { body: JSON.stringify(validOf(spec.shape)), contentType: JSON_TYPE } : {}),
      what: `key ${preview(key)}`,
    }));
}
