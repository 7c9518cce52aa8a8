import { z } from "zod";

/** ISO 4217 codes known to the runtime's ICU data; fixed per Node release. */
const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export const MAX_MINOR_UNITS = 100_000_000_000;

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter upper-case ISO 4217 code")
  .refine((code) => knownCurrencies.has(code), "must be a known ISO 4217 currency code");

export const minorUnits = z
  .number()
  .int("must be an integer amount of minor units (e.g. cents)")
  .min(0, "must not be negative")
  .max(MAX_MINOR_UNITS, `must not exceed ${MAX_MINOR_UNITS}`);

export interface Money {
  amount: number;
  currency: string;
}

export function formatMoney(money: Money): string {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: money.currency })
    .resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).format(
    money.amount / 10 ** digits,
  );
}
