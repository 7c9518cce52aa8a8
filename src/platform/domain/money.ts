import { z } from "zod";

/** ISO 4217 codes known to the runtime's ICU data; fixed per Node release. */
const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

/**
 * The most one card payment can charge, in minor units: Stripe's limit per charge (99,999,999, i.e.
 * $999,999.99). No price, order total or refund may exceed it, which also keeps every sum of money
 * far below 2^53, where JavaScript numbers stop being exact.
 */
export const MAX_MINOR_UNITS = 99_999_999;

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter upper-case ISO 4217 code")
  .refine((code) => knownCurrencies.has(code), "must be a known ISO 4217 currency code");

export const minorUnits = z
  .number()
  .int("must be an integer amount of minor units (e.g. cents)")
  .min(0, "must not be negative")
  .max(MAX_MINOR_UNITS, `must not exceed ${MAX_MINOR_UNITS} minor units, the most one payment can charge`);

export interface Money {
  amount: number;
  currency: string;
}

/** An amount as people read it, in messages and logs: 3179 USD → "$31.79". */
export const money = (amount: number, currency: string): string => formatMoney({ amount, currency });

export function formatMoney(money: Money): string {
  const { format, digits } = currencyFormat(money.currency);
  return format.format(money.amount / 10 ** digits);
}

/**
 * Building an Intl format costs far more than using one (it showed in the endpoint's CPU profile:
 * every order formats amounts for its log), so each currency's is built once. A cache of a pure
 * function's results: the same input gives the same format whoever asks.
 */
const formats = new Map<string, { format: Intl.NumberFormat; digits: number }>();
function currencyFormat(currency: string): { format: Intl.NumberFormat; digits: number } {
  let known = formats.get(currency);
  if (!known) {
    const format = new Intl.NumberFormat("en", { style: "currency", currency });
    known = { format, digits: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(currency, known);
  }
  return known;
}
