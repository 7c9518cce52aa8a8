const fractionDigits = new Map<string, number>();

/** Integer minor units in the currency's own format: 1299 USD → $12.99, 1299 JPY → ¥1,299. */
export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return String(amount);
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount / 10 ** digits);
}

export function dateTime(iso: string | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function date(iso: string | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: "medium" });
}

/** `partially_refunded` → `partially refunded`. */
export const label = (value: string) => value.replaceAll("_", " ");

export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined || !Number.isFinite(ratio) ? "—" : `${(ratio * 100).toFixed(1)} %`);
