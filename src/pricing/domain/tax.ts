import { z } from "zod";
import { allocate, percentOf } from "../../platform/domain/allocation.ts";

/**
 * Sales tax / VAT per country and region, in basis points (725 = 7.25 %). The shop's table lives in
 * `config/tax-rates.json` (TAX_RATES_FILE points elsewhere); docs/money.md explains it. A country
 * that is not listed charges no tax; a region inherits what its country does not override.
 */
const basisPoints = z.number().int("must be whole basis points (725 = 7.25 %)").min(0).max(10_000);

const TaxRule = z.strictObject({
  rateBps: basisPoints,
  /** Whether shipping is taxed at the same rate (as in most VAT countries and some US states). */
  shippingTaxable: z.boolean().optional(),
});

export const TaxTable = z.strictObject({
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/, "country keys must be ISO 3166 alpha-2 codes"),
    TaxRule.extend({ regions: z.record(z.string().min(1), TaxRule.partial()).optional() }),
  ),
});
export type TaxTable = z.infer<typeof TaxTable>;

export interface TaxRate {
  /** Where the rate comes from, e.g. "US-CA", "DE", or "none". */
  jurisdiction: string;
  rateBps: number;
  shippingTaxable: boolean;
}

export const NO_TAX: TaxRate = { jurisdiction: "none", rateBps: 0, shippingTaxable: false };

export function taxRateFor(table: TaxTable, address: { country: string; state: string }): TaxRate {
  const country = table.countries[address.country];
  if (!country) return NO_TAX;
  const region = country.regions?.[address.state.toUpperCase()];
  return {
    jurisdiction: region ? `${address.country}-${address.state.toUpperCase()}` : address.country,
    rateBps: region?.rateBps ?? country.rateBps,
    shippingTaxable: region?.shippingTaxable ?? country.shippingTaxable ?? false,
  };
}

export interface TaxBreakdown {
  total: number;
  /** Each line's share, in the order of the lines given. */
  lines: number[];
  shipping: number;
}

/**
 * The tax of an order is computed once, on the whole taxable amount (lines after discount, plus
 * shipping where it is taxed), rounded half up to a minor unit; then it is split across the lines
 * and shipping by largest remainder, so the shares add up to the total exactly.
 */
export function computeTax(lineAmounts: readonly number[], shipping: number, rate: TaxRate): TaxBreakdown {
  const taxedShipping = rate.shippingTaxable ? shipping : 0;
  const base = lineAmounts.reduce((sum, a) => sum + a, 0) + taxedShipping;
  const total = percentOf(base, rate.rateBps);
  const shares = allocate(total, [...lineAmounts, taxedShipping]);
  return { total, lines: shares.slice(0, lineAmounts.length), shipping: shares[lineAmounts.length] ?? 0 };
}
