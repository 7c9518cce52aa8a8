import type { AnalyticsResults } from "./analytics.ts";
import type { CpuCell } from "./cpu-cell.ts";
import type { FlashSale } from "./flash.ts";
import type { DurableSteps, RoundTrip, TimelineEntry } from "./journal.ts";
import type { OrderKeys } from "./keys.ts";
import type { Measurement } from "./measure.ts";
import type { SelfTime } from "./profile.ts";
import type { QueryResults } from "./queries.ts";
import type { PathCell } from "./shop.ts";
import type { SigninFlood } from "./signin-flood.ts";

/** What one bench run measured: the JSON it writes, and what the report and the targets read. */
export interface OrderCell extends Measurement {
  items: number;
  steps: DurableSteps;
  /** This cell's figures divided by the no-op ceiling's at the same concurrency. */
  vsCeiling: { perSecond: number; p50: number; p99: number };
}

export interface BenchResult {
  label: string;
  at: string;
  machine: { cpus: number; node: string; restate: string };
  settings: { durationMs: number; warmupMs: number };
  /** What the cells ran against: the embedded server, or a running deployment's URLs. */
  target?: string;
  ceiling: Measurement[];
  orders: OrderCell[];
  /** A journal per item count (taken at concurrency 1): entry by entry, with the wait before it. */
  timelines: Record<string, TimelineEntry[]>;
  /** The query side: catalog search, admin order search, projection lag (absent with --queries false). */
  queries?: QueryResults;
  /** The shop's path at each concurrency: the cart add and POST /orders through the API, Cart.checkout through the ingress. */
  shop?: { cartAdd: PathCell[]; apiOrders: PathCell[]; checkout: PathCell[] };
  /** Awaited round trips counted from journals: the counter's calibration, a 1-line order's processOrder (a guest's through the ingress, an account's through the API) and that account's Cart.checkout. */
  roundTrips?: {
    calibrated: boolean;
    calibration: RoundTrip[];
    /** Undefined when the invocation's journal was not found. */
    guest?: RoundTrip[] | undefined;
    account?: RoundTrip[] | undefined;
    checkout?: RoundTrip[] | undefined;
  };
  /** The object keys an order through the API touches, and the invocations per API request. */
  keys?: OrderKeys;
  /** CPU per call, its tail included, of every process the bench started. */
  cpu?: CpuCell[];
  /** `--cpu-prof`: each profiled process's top self time during a POST /orders cell. */
  profiles?: Record<
    string,
    { orders: number; totalMs: number; functions: SelfTime[]; groups: Array<{ group: string; ms: number; share: number }> }
  >;
  /** 100 units of one SKU, 1,000 guests checking out through the API at once. */
  flash?: FlashSale;
  /** The analytics dashboard and funnel (absent with --queries false or --api-only). */
  analytics?: AnalyticsResults;
  /** A legitimate sign-in during a flood of wrong passwords from another address (`--signin-only`). */
  signin?: SigninFlood;
}
