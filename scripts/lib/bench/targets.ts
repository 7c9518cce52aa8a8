import type { Measurement } from "./measure.ts";
import type { BenchResult } from "./result.ts";

/** One of issue 22's targets: what was measured, and whether it holds (undefined: this run did not measure it). */
export interface Target {
  target: string;
  measured: string;
  met: boolean | undefined;
}

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/** A ratio target: `value / base` against `limit`, at most or at least. */
function ratio(target: string, value: number | undefined, base: number | undefined, limit: number, atMost: boolean, unit: string): Target {
  if (value === undefined || base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0)
    return { target, measured: "–", met: undefined };
  const r = value / base;
  return { target, measured: `${f(r)}× (${f(value, 1)} against ${f(base, 1)} ${unit})`, met: atMost ? r <= limit : r >= limit };
}

function bound(target: string, value: number | undefined, limit: number, unit: string, digits = 1): Target {
  if (value === undefined || !Number.isFinite(value)) return { target, measured: "–", met: undefined };
  return { target, measured: `${f(value, digits)} ${unit}`, met: value <= limit };
}

/** Issue 22's targets, from one run's figures. Pure. */
export function targets(result: BenchResult): Target[] {
  const at = (cells: Measurement[] | undefined, c: number) => cells?.find((m) => m.concurrency === c);
  const oneLine = (c: number) => result.orders.find((o) => o.items === 1 && o.concurrency === c);
  const rows: Target[] = [];
  for (const c of [16, 64]) {
    rows.push(
      ratio(
        `Cart.checkout orders/s at ${c} ≥ 0.8× processOrder's (1 line)`,
        at(result.shop?.checkout, c)?.perSecond,
        oneLine(c)?.perSecond,
        0.8,
        false,
        "per s",
      ),
      ratio(
        `POST /orders orders/s at ${c} ≥ 0.8× processOrder's (1 line)`,
        at(result.shop?.apiOrders, c)?.perSecond,
        oneLine(c)?.perSecond,
        0.8,
        false,
        "per s",
      ),
    );
  }
  rows.push(
    ratio("POST /orders p50 at 1 ≤ 1.3× processOrder's (1 line)", at(result.shop?.apiOrders, 1)?.p50Ms, oneLine(1)?.p50Ms, 1.3, true, "ms"),
    ratio("POST /cart/items p50 at 1 ≤ 3× the no-op's", at(result.shop?.cartAdd, 1)?.p50Ms, at(result.ceiling, 1)?.p50Ms, 3, true, "ms"),
    bound(
      "CPU per order through the API, tail included, ≤ 40 ms",
      result.cpu?.find((c) => c.name.startsWith("POST /orders"))?.perOrderMs,
      40,
      "ms (its cart add included)",
    ),
    bound(
      "Awaited round trips of a 1-line order's processOrder (an account's, visa) ≤ 4",
      result.roundTrips?.account?.length,
      4,
      "round trips",
      0,
    ),
    bound(
      "Awaited round trips of a 1-line order's processOrder (a guest's, visa) ≤ 4",
      result.roundTrips?.guest?.length,
      4,
      "round trips",
      0,
    ),
    ratio("processOrder 1-line p50 at 1 ≤ 5× the no-op's", oneLine(1)?.p50Ms, at(result.ceiling, 1)?.p50Ms, 5, true, "ms"),
  );
  const search = result.queries?.search ?? [];
  const api = (c: number) => search.find((s) => s.via === "api" && s.concurrency === c);
  rows.push(bound("Search through the API, p50 at 1 ≤ 10 ms", api(1)?.p50Ms, 10, "ms"));
  const ingress16 = search.find((s) => s.via === "ingress" && s.concurrency === 16);
  rows.push(
    ingress16
      ? ratio(
          "Search through the API at 16 ≥ 5× today's throughput (Catalog/search through the ingress, same run)",
          api(16)?.perSecond,
          ingress16.perSecond,
          5,
          false,
          "per s",
        )
      : {
          target: "Search through the API at 16 ≥ 5× today's throughput",
          measured: api(16) ? `${f(api(16)!.perSecond, 1)} per s (no Catalog/search in this run: compare with the before run's)` : "–",
          met: undefined,
        },
  );
  if (result.flash)
    rows.push({
      target: `Flash sale: exactly ${result.flash.units} placed, ${result.flash.buyers - result.flash.units} refused with 409, stock 0, nothing held`,
      measured: result.flash.failures.length ? result.flash.failures.join("; ") : "all checks passed",
      met: result.flash.failures.length === 0,
    });
  else rows.push({ target: "Flash sale checks", measured: "–", met: undefined });
  return rows;
}
