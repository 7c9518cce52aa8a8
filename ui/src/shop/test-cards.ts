/**
 * The mock payment provider's test cards (mocks/payments.ts, the README's "Mock mode triggers"),
 * and the risk screening's (RISK_TRIGGERS; one country card stands for pm_card_<cc>), as the demo
 * storefront offers them. Stripe's test mode knows the pm_card_* names that are Stripe's own; the
 * asynchronous ones are the mock's.
 */
export const TEST_CARDS = [
  { id: "pm_card_visa", name: "Visa — succeeds", effect: "authorized at once, captured when the label is bought" },
  { id: "pm_card_async", name: "Asynchronous (3-D Secure)", effect: "pending, then settled by the provider's webhook a moment later" },
  {
    id: "pm_card_async_fail",
    name: "Asynchronous, then fails",
    effect: "pending, then the webhook reports payment_failed: the order is undone",
  },
  { id: "pm_card_async_never", name: "Asynchronous, never settles", effect: "pending until the order gives up and voids" },
  { id: "pm_card_flaky", name: "Flaky", effect: "fails twice for a moment, then succeeds: Restate retries the step" },
  { id: "pm_card_chargeDeclined", name: "Declined", effect: "card_declined (402): nothing is charged, the stock goes back" },
  { id: "tok_chargeDeclined", name: "Declined (token)", effect: "card_declined (402), given as a token" },
  { id: "pm_card_insufficientFunds", name: "Insufficient funds", effect: "card_declined (insufficient_funds)" },
  { id: "pm_card_chargeDeclinedExpiredCard", name: "Expired card", effect: "expired_card (402)" },
  {
    id: "pm_card_captureExpired",
    name: "Authorization expires",
    effect: "authorized, but the capture is refused: the saga voids, restocks and alerts",
  },
  {
    id: "pm_card_riskLevelElevated",
    name: "Risky (Radar: elevated)",
    effect: "authorized, then held for the shop's review before anything ships",
  },
  {
    id: "pm_card_riskLevelHighest",
    name: "Very risky (Radar: highest)",
    effect: "refused by the risk screening (402); the authorization is voided",
  },
  { id: "pm_card_de", name: "Card issued in Germany", effect: "a country other than a US address: held for review" },
] as const;
