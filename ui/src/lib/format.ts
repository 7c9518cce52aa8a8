const fractionDigits = new Map<string, number>();

/** How many digits a currency's minor unit has: USD 2, JPY 0. */
function digitsOf(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** Integer minor units in the currency's own format: 1299 USD → $12.99, 1299 JPY → ¥1,299. */
export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return String(amount);
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount / 10 ** digitsOf(currency));
}

/** What a person typed in the currency ("12.5", "12.50") as integer minor units (1250); undefined when it is no amount. */
export function minorUnitsOf(text: string, currency: string): number | undefined {
  const digits = digitsOf(currency);
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match || (match[2] ?? "").length > digits) return undefined;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || "0");
}

/** Integer minor units as a person types them in the currency (1250 USD → "12.50"), for a form field. */
export function amountText(amount: number, currency: string): string {
  const digits = digitsOf(currency);
  return (amount / 10 ** digits).toFixed(digits);
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

export const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? "—" : `${(ratio * 100).toFixed(1)} %`;
