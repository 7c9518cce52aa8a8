import fc from "fast-check";
import { MAX_MINOR_UNITS } from "../../src/platform/domain/money.ts";
import { MAX_QUANTITY } from "../../src/platform/domain/quantity.ts";

/** A field of a handler's input: a valid value, and values that must be refused. */
export interface Field {
  valid: unknown;
  bad: fc.Arbitrary<unknown>;
  required: boolean;
  /** For an object-valued field: its own fields, mutated one at a time. */
  shape?: Shape;
}
export type Shape = Record<string, Field>;

type Kind = "null" | "boolean" | "number" | "string" | "array" | "object";
const kindOf = (v: unknown): Kind => (v === null ? "null" : Array.isArray(v) ? "array" : (typeof v as Kind));

/** Any JSON value that is not of the expected kind. */
export const wrongType = (expected: Kind) =>
  fc
    .oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 12 }),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
    )
    .filter((v) => kindOf(v) !== expected);

/** Characters no identifier may hold: space, slash, accents, emoji, NUL, a lone surrogate, RTL override… */
const oddChar = fc.constantFrom(" ", "/", "é", "😀", "\u0000", "\ud800", "\u202e", "\n", "%", "'", '"', "<", "ß", "\u200b");

export const badIdentifier = fc.oneof(
  fc.constant(""),
  fc.integer({ min: 129, max: 4_000 }).map((n) => "a".repeat(n)),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{0,16}$/), oddChar, fc.string({ unit: "binary", maxLength: 16 })).map(([a, b, c]) => a + b + c),
  wrongType("string"),
);

/** Characters free text may not hold: controls, line breaks, bidi overrides and isolates, a lone surrogate. */
const hidingChar = fc.constantFrom(
  "\u0000",
  "\r\n",
  "\n",
  "\t",
  "\u0007",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\ud800",
);

/** Empty, blank, longer than `max` even after trimming (odd unicode included), or with a hiding character. */
export const badText = (max: number) =>
  fc.oneof(
    fc.constantFrom("", "   ", "\n\t "),
    fc.tuple(fc.stringMatching(/^[A-Za-z ]{0,12}$/), hidingChar, fc.stringMatching(/^[A-Za-z ]{0,12}$/)).map(([a, c, b]) => a + c + b),
    fc
      .tuple(fc.string({ unit: "binary", maxLength: 40 }), fc.integer({ min: max + 1, max: max + 3_000 }))
      // Lengths are counted in code points (zod does), so astral characters do not make it shorter.
      .map(([s, n]) => `Ω${s}${"ж".repeat(Math.max(0, n - [...s].length))}Ω`),
    wrongType("string"),
  );

const fractional = fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n));
const unsafe = fc.constantFrom(2 ** 53 + 2, 1e21, Number.MAX_VALUE);

/** Not a whole number in [min, max]. */
export const badInteger = (min: number, max: number) =>
  fc.oneof(fc.integer({ min: -1e9, max: min - 1 }), fractional, fc.integer({ min: max + 1, max: max + 1e9 }), unsafe, wrongType("number"));

export const badQuantity = badInteger(1, MAX_QUANTITY);
export const badAmount = (min = 0) => badInteger(min, MAX_MINOR_UNITS);

export const badEmail = fc.oneof(
  fc.constantFrom("", "plainaddress", "@no-local.com", "ada@", "ada@host", "a b@example.com", "ada@exa mple.com", "ada@@example.com"),
  fc.string({ unit: "grapheme", maxLength: 30 }).filter((s) => !s.includes("@")),
  fc.integer({ min: 250, max: 2_000 }).map((n) => `${"a".repeat(n)}@example.com`),
  wrongType("string"),
);

export const badCountry = fc.oneof(fc.constantFrom("us", "USA", "U", "", "1A", "ÜS", "U S"), wrongType("string"));
export const badCurrency = fc.oneof(fc.constantFrom("usd", "US", "USDD", "", "12A", "€€€", "QQQ"), wrongType("string"));
export const badPaymentMethod = fc.oneof(
  fc.constant(""),
  fc.integer({ min: 256, max: 2_000 }).map((n) => "p".repeat(n)),
  fc.tuple(fc.constant("pm_"), oddChar).map(([a, b]) => a + b),
  wrongType("string"),
);
export const badEnum = (allowed: string[]) =>
  fc.oneof(
    fc.string({ maxLength: 20 }).filter((s) => !allowed.includes(s)),
    wrongType("string"),
  );

/** Names no input schema knows, the prototype-polluting ones included. */
const extraKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "isAdmin", ""),
  fc.string({ minLength: 1, maxLength: 20 }),
);

export interface Mutation {
  body: unknown;
  what: string;
}

/** One thing wrong with an otherwise valid input: a bad value, a missing field or an extra one, at any depth. */
export function mutations(shape: Shape): fc.Arbitrary<Mutation> {
  const valid = validOf(shape);
  const options: fc.Arbitrary<Mutation>[] = [
    fc
      .tuple(
        extraKey.filter((k) => !Object.hasOwn(shape, k)),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([key, value]) => ({ body: { ...valid, [key]: value }, what: `extra field ${JSON.stringify(key)}` })),
  ];
  for (const [name, field] of Object.entries(shape)) {
    options.push(field.bad.map((value) => ({ body: { ...valid, [name]: value }, what: `${name} = ${preview(value)}` })));
    if (field.required) {
      const { [name]: _missing, ...rest } = valid;
      options.push(fc.constant({ body: rest, what: `${name} missing` }));
    }
    if (field.shape) {
      options.push(mutations(field.shape).map((m) => ({ body: { ...valid, [name]: m.body }, what: `${name}.${m.what}` })));
    }
  }
  return fc.oneof(...options);
}

export function validOf(shape: Shape): Record<string, unknown> {
  return Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.valid]));
}

export const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
};
