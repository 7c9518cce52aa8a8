import { z } from "zod";
import type { LoyaltyBenefit } from "./pricing.ts";

/**
 * Loyalty tiers (config/loyalty-tiers.json, or LOYALTY_TIERS_FILE): a customer's tier follows their
 * lifetime spend — what was captured minus what was refunded, in the program's currency — and
 * gives a percentage off (after any coupon) and possibly free shipping. Orders in other currencies
 * do not count towards it and get no tier benefit.
 */
export const LoyaltyProgram = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, "currency must be an ISO 4217 code"),
    tiers: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "tier names are lower-case words"),
          minLifetimeSpend: z.number().int().min(0),
          discountBps: z.number().int().min(0).max(10_000),
          freeShipping: z.boolean(),
        }),
      )
      .min(1, "tiers must name at least one tier"),
  })
  .check((ctx) => {
    const tiers = ctx.value.tiers;
    if (tiers[0]!.minLifetimeSpend !== 0)
      ctx.issues.push({ code: "custom", input: tiers, path: ["tiers", 0, "minLifetimeSpend"], message: "the first tier must start at 0" });
    tiers.forEach((tier, i) => {
      if (i > 0 && tier.minLifetimeSpend <= tiers[i - 1]!.minLifetimeSpend) {
        ctx.issues.push({
          code: "custom",
          input: tier,
          path: ["tiers", i, "minLifetimeSpend"],
          message: "tiers must be ordered by rising minLifetimeSpend",
        });
      }
    });
  });
export type LoyaltyProgram = z.infer<typeof LoyaltyProgram>;

export const LoyaltyStanding = z.object({
  tier: z.string(),
  lifetimeSpend: z.number().int().describe("captured minus refunded, in the program's currency"),
  currency: z.string(),
  orders: z.number().int().describe("captured orders counted"),
});
export type LoyaltyStanding = z.infer<typeof LoyaltyStanding>;

export const tierFor = (program: LoyaltyProgram, lifetimeSpend: number) =>
  program.tiers.filter((t) => t.minLifetimeSpend <= lifetimeSpend).at(-1) ?? program.tiers[0]!;

export const emptyStanding = (program: LoyaltyProgram): LoyaltyStanding => ({
  tier: program.tiers[0]!.name,
  lifetimeSpend: 0,
  currency: program.currency,
  orders: 0,
});

/** A captured order (+) or a refund (−) moves the lifetime spend; the tier follows it both ways. */
export function addSpend(program: LoyaltyProgram, standing: LoyaltyStanding, amount: number, order: boolean): LoyaltyStanding {
  const lifetimeSpend = Math.max(0, standing.lifetimeSpend + amount);
  return { ...standing, lifetimeSpend, tier: tierFor(program, lifetimeSpend).name, orders: standing.orders + (order ? 1 : 0) };
}

/** What the customer's tier gives on an order in this currency (nothing in other currencies). */
export function benefitOf(program: LoyaltyProgram, standing: LoyaltyStanding, currency: string): LoyaltyBenefit | undefined {
  if (currency !== program.currency) return undefined;
  const tier = tierFor(program, standing.lifetimeSpend);
  if (tier.discountBps === 0 && !tier.freeShipping) return undefined;
  return { tier: tier.name, discountBps: tier.discountBps, freeShipping: tier.freeShipping };
}
