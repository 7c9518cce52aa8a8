/**
 * Why checkouts fail, in a few words that can be counted: the HTTP status a failed order keeps
 * (`failureCode`) names the kind of failure, while its message is free text and would make every
 * failure its own kind.
 */
export const FAILURE_REASONS = [
  "payment_declined",
  "payment_timeout",
  "conflict",
  "shipping",
  "not_found",
  "invalid",
  "other",
  "unknown",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

const BY_CODE: Record<number, FailureReason> = {
  // A card or bank refused the payment (or an asynchronous payment failed).
  402: "payment_declined",
  // An asynchronous payment never settled in time.
  408: "payment_timeout",
  // Out of stock, a price or total that rose, a coupon that cannot be used, lines in two currencies.
  409: "conflict",
  // No label or quote for the address, or a label dearer than the shop absorbs.
  422: "shipping",
  404: "not_found",
  400: "invalid",
};

/** The reason of a failed order from its failure code; `unknown` when none was recorded. */
export function failureReason(code: number | null | undefined): FailureReason {
  if (code === null || code === undefined) return "unknown";
  return BY_CODE[code] ?? "other";
}
